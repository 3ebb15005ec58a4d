// Problems of a team config, each at its line and column: syntax errors, schema violations in plain words (with a
// suggestion for a misspelt property), and the `path:line:column` form the command line prints.
import type { ErrorObject } from 'ajv';
import { printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { NodeIndex } from './jsonStructure';
import type { ConfigProblem, JsonPath } from './teamConfigTypes';

export interface Located {
  readonly offset: number;
  readonly length: number;
}

export class ProblemSink {
  readonly problems: ConfigProblem[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let at = 0; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === 10) this.lineStarts.push(at + 1);
      else if (code === 13) {
        if (text.charCodeAt(at + 1) === 10) at++;
        this.lineStarts.push(at + 1);
      }
    }
  }

  add(severity: ConfigProblem['severity'], message: string, where: Located, path: JsonPath): void {
    const offset = Math.max(0, Math.min(where.offset, this.text.length));
    const length = Math.max(0, Math.min(where.length, this.text.length - offset));
    const start = this.position(offset);
    const end = this.position(offset + length);
    this.problems.push({
      message,
      severity,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      path,
      offset,
      length,
    });
  }

  private position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }
}

/** `allowances[0].amount.usd` */
export function formatJsonPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** A syntax error's message and range; a trailing comma is named as such, at the comma. */
export function describeSyntaxError(text: string, error: ParseError): { message: string; offset: number; length: number } {
  const code = printParseErrorCode(error.error);
  if (code === 'PropertyNameExpected' || code === 'ValueExpected') {
    const next = text[error.offset];
    let before = error.offset - 1;
    while (before >= 0 && /\s/.test(text[before])) before--;
    if ((next === '}' || next === ']') && text[before] === ',') {
      return { message: `trailing comma before "${next}" is not allowed`, offset: before, length: 1 };
    }
  }
  return { message: describeParseError(code), offset: error.offset, length: Math.max(1, error.length) };
}

function describeParseError(code: string): string {
  switch (code) {
    case 'InvalidSymbol':
      return 'unexpected character';
    case 'InvalidNumberFormat':
      return 'malformed number';
    case 'PropertyNameExpected':
      return 'a property name in double quotes was expected';
    case 'ValueExpected':
      return 'a value was expected';
    case 'ColonExpected':
      return '":" was expected';
    case 'CommaExpected':
      return '"," was expected';
    case 'CloseBraceExpected':
      return '"}" was expected';
    case 'CloseBracketExpected':
      return '"]" was expected';
    case 'EndOfFileExpected':
      return 'nothing more was expected after the end of the object';
    case 'InvalidCommentToken':
      return 'comments are not allowed';
    case 'UnexpectedEndOfComment':
      return 'unterminated comment';
    case 'UnexpectedEndOfString':
      return 'unterminated string';
    case 'UnexpectedEndOfNumber':
      return 'unterminated number';
    case 'InvalidUnicode':
      return 'invalid unicode escape';
    case 'InvalidEscapeCharacter':
      return 'invalid escape character';
    case 'InvalidCharacter':
      return 'invalid character in a string';
    default:
      return code;
  }
}

export function locateNode(index: NodeIndex, path: JsonPath, key: boolean, shift: number): Located {
  // Walk down as far as the path exists: a missing property is reported at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = index.find(path.slice(0, depth));
    if (!node) continue;
    const property = node.parent?.type === 'property' ? node.parent : undefined;
    const keyNode = property?.children?.[0];
    if (keyNode && (key || node.type === 'object' || node.type === 'array' || depth < path.length)) {
      return { offset: keyNode.offset + shift, length: keyNode.length };
    }
    if (node.type === 'object' || node.type === 'array') return { offset: node.offset + shift, length: 1 };
    return { offset: node.offset + shift, length: node.length };
  }
  return { offset: shift, length: 0 };
}

function pointerToPath(pointer: string): JsonPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment;
    });
}

export function reportSchemaErrors(
  errors: readonly ErrorObject[],
  sink: ProblemSink,
  locate: (path: JsonPath, key?: boolean) => Located,
): void {
  // A combinator with its own message replaces the messages of its branches.
  const combinators = errors.filter((error) => COMBINATORS.has(error.keyword) && typeof customMessageOf(error) === 'string');
  const seen = new Set<string>();
  for (const error of errors) {
    const isCombinator = combinators.includes(error);
    if (
      !isCombinator &&
      combinators.some(
        (combinator) => combinator.instancePath === error.instancePath && error.schemaPath.startsWith(`${combinator.schemaPath}/`),
      )
    ) {
      continue;
    }
    const path = pointerToPath(error.instancePath);
    let message: string;
    let where: Located;
    let problemPath = path;
    const customMessage = customMessageOf(error);
    if (isCombinator && typeof customMessage === 'string') {
      message = customMessage;
      where = locate(path, true);
    } else if (error.keyword === 'additionalProperties') {
      const name = String((error.params as { additionalProperty: string }).additionalProperty);
      problemPath = [...path, name];
      message = `Unknown property "${name}"${path.length ? ` in ${formatJsonPath(path)}` : ''}.${suggestProperty(error, name)}`;
      where = locate(problemPath, true);
    } else if (error.keyword === 'required') {
      const name = String((error.params as { missingProperty: string }).missingProperty);
      message = `${path.length ? formatJsonPath(path) : 'The config'} is missing the required property "${name}".`;
      where = locate(path, true);
    } else {
      message = `${path.length ? formatJsonPath(path) : 'The config'} ${describeSchemaError(error)}.`;
      where = locate(path, error.keyword === 'propertyNames');
    }
    const key = `${where.offset}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sink.add('error', message, where, problemPath);
  }
}

const COMBINATORS = new Set(['oneOf', 'anyOf', 'minProperties', 'maxProperties']);

function customMessageOf(error: ErrorObject): unknown {
  return (error.parentSchema as { errorMessage?: unknown } | undefined)?.errorMessage;
}

function suggestProperty(error: ErrorObject, name: string): string {
  const properties = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const lower = name.toLowerCase();
  const match =
    properties.find((candidate) => candidate.toLowerCase() === lower) ??
    properties.find((candidate) => editDistance(candidate.toLowerCase(), lower) <= 2);
  return match ? ` Did you mean "${match}"?` : properties.length ? ` Expected one of: ${properties.join(', ')}.` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length];
}

function describeSchemaError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const data = error.data;
  const shown = typeof data === 'string' ? JSON.stringify(data) : typeof data === 'number' ? String(data) : undefined;
  const is = shown === undefined ? '' : ` (is ${shown})`;
  switch (error.keyword) {
    case 'type':
      return `must be ${params.type === 'integer' ? 'a whole number' : withArticle(String(params.type))}, not ${describeType(data)}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((item) => JSON.stringify(item)).join(', ')}${is}`;
    case 'minimum':
      return `must be at least ${String(params.limit)}${is}`;
    case 'maximum':
      return `must be at most ${formatLimit(params.limit)}${is}`;
    case 'exclusiveMinimum':
      return `must be more than ${String(params.limit)}${is}`;
    case 'exclusiveMaximum':
      return `must be less than ${formatLimit(params.limit)}${is}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} characters`;
    case 'maxLength':
      return `must have at most ${String(params.limit)} characters`;
    case 'minItems':
      return params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} items`;
    case 'maxItems':
      return `must have at most ${String(params.limit)} items`;
    case 'uniqueItems':
      return `has a duplicate: entries [${String(params.j)}] and [${String(params.i)}] are equal`;
    case 'pattern':
      return `${is ? `${is.slice(2, -1)} ` : ''}is not a valid id: use letters, digits, ".", "_" and "-", starting with a letter or digit`;
    case 'minProperties':
      return params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} properties`;
    case 'maxProperties':
      return `must have at most ${String(params.limit)} properties`;
    case 'propertyNames':
      return 'has an invalid property name';
    case 'oneOf':
      return 'must match exactly one of the allowed forms';
    case 'anyOf':
      return 'must match one of the allowed forms';
    default:
      return error.message ?? 'is invalid';
  }
}

function formatLimit(limit: unknown): string {
  return typeof limit === 'number' && limit >= 10_000 ? limit.toLocaleString('en-US') : String(limit);
}

function withArticle(type: string): string {
  return type === 'object' || type === 'array' || type === 'integer' ? `an ${type}` : `a ${type}`;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  return `${typeof value === 'number' ? 'the number' : typeof value === 'boolean' ? 'the boolean' : typeof value} ${String(value)}`;
}

/** `path:line:column: severity: message`, the form compilers print. */
export function formatConfigProblem(problem: ConfigProblem, source: string): string {
  return `${source}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}`;
}
