// The shared team configuration (`.tokenwise.json`): its JSON Schema, its types, and a parser that reports every
// problem at the line and column it comes from. A config with any error is rejected as a whole; warnings keep it.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { checkJsonStructure, NodeIndex } from './jsonStructure';
import { DEFAULT_THRESHOLDS, isTimeZone, type Allowance, type AllowanceAmount, type AllowanceFilter, type AllowancePeriodKind, type Weekday } from '../allowances/allowance';
import { aliasTable, resolveAlias } from '../models/aliases';
import { bundledCatalog, findModel } from '../models/catalog';
import { TOKEN_KINDS, TOKEN_KIND_INFO } from '../tokens/tokenKinds';
import { defaultTokenizerFactors } from '../models/tokenizerFactors';
import type { Rates } from '../models/types';

// ---------------------------------------------------------------------------------------------------------------
// Types

/** A negotiated price: explicit rates, a discount on the catalog rates, or both, for one model or a whole provider. */
export interface PriceOverride {
  readonly model?: string;
  readonly provider?: string;
  /** USD per million tokens. These replace the catalog's rates and are not discounted. */
  readonly rates?: Rates;
  /** Taken off every catalog rate this entry does not set explicitly. */
  readonly discountPercent?: number;
}

/** A tokenizer factor as a team config gives it. */
export interface TeamTokenizerFactor {
  readonly factor: number;
  readonly low: number;
  readonly high: number;
  readonly label?: string;
}

/** A validated `.tokenwise.json`. */
export interface TeamConfig {
  readonly team?: string;
  readonly allowances?: readonly Allowance[];
  readonly prices?: readonly PriceOverride[];
  readonly modelAliases?: Readonly<Record<string, string>>;
  readonly defaultModel?: string;
  readonly favoriteModels?: readonly string[];
  readonly expectedOutputTokens?: number;
  readonly expectedOutputTokensByModel?: Readonly<Record<string, number>>;
  readonly tokenizerFactors?: Readonly<Record<string, TeamTokenizerFactor>>;
}

/** Where a path segment of a JSON document leads: an object key or an array index. */
export type JsonPath = (string | number)[];

export interface ConfigProblem {
  readonly message: string;
  readonly severity: 'error' | 'warning';
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The offending value's location in the document; empty for the document itself. */
  readonly path: JsonPath;
  /** Zero-based character offsets of the range, for editors. */
  readonly offset: number;
  readonly length: number;
}

export interface ParsedTeamConfig {
  /** Undefined when any problem is an error. Allowances have their defaults filled in and `origin: 'team'`. */
  readonly config?: TeamConfig;
  /** Errors and warnings, in document order. */
  readonly problems: ConfigProblem[];
  /** Where the text came from (a path or URL), as given. */
  readonly source: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Bounds (shared by the schema and the semantic checks)

export const CONFIG_LIMITS = {
  maxAllowanceUsd: 1_000_000,
  maxAllowanceTokens: 1_000_000_000_000,
  minThreshold: 1,
  maxThreshold: 1000,
  maxRatePerMillion: 10_000,
  maxExpectedOutputTokens: 2_000_000,
  minFactor: 0.2,
  maxFactor: 5,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// The JSON Schema. schemas/tokenwise.schema.json is this object written out (a unit test keeps the two equal).

const modelName = { type: 'string', minLength: 1, maxLength: 200 };

const rateProperty = (what: string) => ({
  type: 'number',
  minimum: 0,
  maximum: CONFIG_LIMITS.maxRatePerMillion,
  description: `USD per million ${what}.`,
});

export const teamConfigSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Tokenwise team configuration',
  description: 'A shared configuration that every member\'s Tokenwise follows: allowances, negotiated prices, default models and calibration factors.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: {
      type: 'string',
      description: 'The JSON Schema of this file, for editors.',
    },
    team: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'The team\'s name, shown wherever a setting comes from this file.',
    },
    allowances: {
      type: 'array',
      maxItems: 100,
      description: 'Spending allowances tracked against the team members\' usage.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'amount', 'period'],
        description: 'One allowance: an amount in USD or tokens per day, week or month.',
        properties: {
          id: {
            type: 'string',
            minLength: 1,
            maxLength: 100,
            pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
            description: 'A stable identifier, unique in this file (letters, digits, `.`, `_`, `-`).',
          },
          name: {
            type: 'string',
            minLength: 1,
            maxLength: 200,
            description: 'The name shown to users; defaults to the id.',
          },
          amount: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            maxProperties: 1,
            description: 'How much the allowance allows: either `{ "usd": 200 }` or `{ "tokens": 5000000 }`.',
            errorMessage: 'An amount is either { "usd": … } or { "tokens": … }.',
            properties: {
              usd: {
                type: 'number',
                exclusiveMinimum: 0,
                maximum: CONFIG_LIMITS.maxAllowanceUsd,
                description: 'The allowance in US dollars (more than 0, at most 1,000,000).',
              },
              tokens: {
                type: 'integer',
                minimum: 1,
                maximum: CONFIG_LIMITS.maxAllowanceTokens,
                description: 'The allowance in tokens of every kind (input, cached, output, reasoning).',
              },
            },
          },
          period: {
            type: 'string',
            enum: ['day', 'week', 'month'],
            description: 'How often the allowance starts afresh.',
          },
          weekStartsOn: {
            type: 'string',
            enum: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
            default: 'monday',
            description: 'For a weekly allowance: the day the week starts on. Default `monday`.',
          },
          monthStartsOn: {
            type: 'integer',
            minimum: 1,
            maximum: 28,
            default: 1,
            description: 'For a monthly allowance: the day of the month (1 to 28) the period starts on, e.g. a billing day. Default 1.',
          },
          timeZone: {
            type: 'string',
            minLength: 1,
            description: 'IANA time zone of the period boundaries, e.g. `Europe/Berlin` or `UTC`. Default: each user\'s spend time zone.',
          },
          filter: {
            type: 'object',
            additionalProperties: false,
            description: 'Which usage counts against the allowance. Every list given must match; a list left out matches everything.',
            properties: {
              models: {
                type: 'array',
                minItems: 1,
                uniqueItems: true,
                items: modelName,
                description: 'Model ids or aliases from the price catalog (or from `modelAliases`).',
              },
              providers: {
                type: 'array',
                minItems: 1,
                uniqueItems: true,
                items: { type: 'string', minLength: 1 },
                description: 'Provider ids, e.g. `anthropic`, `openai`, `google`.',
              },
              sources: {
                type: 'array',
                minItems: 1,
                uniqueItems: true,
                items: { type: 'string', minLength: 1 },
                description: 'Usage sources, e.g. `claude-code`, `codex`, `cline`, `gemini-cli`, `manual`.',
              },
            },
          },
          thresholds: {
            type: 'array',
            minItems: 1,
            maxItems: 10,
            uniqueItems: true,
            default: [...DEFAULT_THRESHOLDS],
            items: { type: 'number', minimum: CONFIG_LIMITS.minThreshold, maximum: CONFIG_LIMITS.maxThreshold },
            description: 'Percentages of the amount (1 to 1000) at which to warn. Default `[50, 80, 100]`.',
          },
          hard: {
            type: 'boolean',
            default: false,
            description: 'A hard allowance is a limit: reaching it is shown as an error rather than a warning. Default false.',
          },
        },
      },
    },
    prices: {
      type: 'array',
      maxItems: 500,
      description: 'Negotiated prices that replace the bundled catalog\'s: per model or per provider. A model\'s entry beats its provider\'s, rate by rate.',
      items: {
        type: 'object',
        additionalProperties: false,
        description: 'Explicit rates (USD per million tokens) and/or a discount on the catalog rates, for one model or a whole provider.',
        oneOf: [{ required: ['model'] }, { required: ['provider'] }],
        anyOf: [{ required: ['rates'] }, { required: ['discountPercent'] }],
        errorMessage: 'A price names exactly one of "model" or "provider", and gives "rates" or "discountPercent".',
        properties: {
          model: { ...modelName, description: 'The model these prices are for: an id or alias from the price catalog.' },
          provider: { type: 'string', minLength: 1, description: 'The provider these prices are for, e.g. `anthropic`: they apply to all its models.' },
          rates: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            description: 'Rates in USD per million tokens. They replace the catalog\'s and are not discounted; rates left out keep the catalog\'s (discounted, if a discount is given).',
            properties: Object.fromEntries(TOKEN_KINDS.map((kind) => [kind, rateProperty(TOKEN_KIND_INFO[kind].description)])),
          },
          discountPercent: {
            type: 'number',
            minimum: 0,
            maximum: 100,
            description: 'A discount, in percent, on every catalog rate this entry does not set explicitly. An unknown catalog rate stays unknown.',
          },
        },
      },
    },
    modelAliases: {
      type: 'object',
      description: 'Names the team uses for models, e.g. `{ "fast": "claude-haiku-4-5" }`. An alias can be used wherever a model is named.',
      propertyNames: { minLength: 1, maxLength: 100 },
      additionalProperties: { ...modelName, description: 'The catalog model id the alias stands for.' },
    },
    defaultModel: {
      ...modelName,
      description: 'The model whose cost is shown unless a user chooses another: an id or alias.',
    },
    favoriteModels: {
      type: 'array',
      maxItems: 50,
      uniqueItems: true,
      items: modelName,
      description: 'Models listed first in Select Model and Compare Models.',
    },
    expectedOutputTokens: {
      type: 'integer',
      minimum: 0,
      maximum: CONFIG_LIMITS.maxExpectedOutputTokens,
      description: 'Expected length of an answer in tokens, used to project the output cost.',
    },
    expectedOutputTokensByModel: {
      type: 'object',
      description: 'Expected answer length per model (id or alias), e.g. `{ "o3": 4000 }` for a reasoning model.',
      propertyNames: { minLength: 1 },
      additionalProperties: {
        type: 'integer',
        minimum: 0,
        maximum: CONFIG_LIMITS.maxExpectedOutputTokens,
        description: 'Expected answer length in tokens.',
      },
    },
    tokenizerFactors: {
      type: 'object',
      description: 'Calibrated token-count factors for models whose tokenizer is not public, by tokenizer family (`claude`, `claude-2026`, `gemini`, `deepseek-v3`, `qwen3`, `other`): the ratio of the model\'s count to the o200k_base count.',
      propertyNames: { minLength: 1 },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['factor', 'low', 'high'],
        description: 'A factor with its plausible range: low ≤ factor ≤ high.',
        properties: {
          factor: { type: 'number', minimum: CONFIG_LIMITS.minFactor, maximum: CONFIG_LIMITS.maxFactor, description: 'The expected ratio (0.2 to 5).' },
          low: { type: 'number', minimum: CONFIG_LIMITS.minFactor, maximum: CONFIG_LIMITS.maxFactor, description: 'The lower end of the plausible ratio.' },
          high: { type: 'number', minimum: CONFIG_LIMITS.minFactor, maximum: CONFIG_LIMITS.maxFactor, description: 'The upper end of the plausible ratio.' },
          label: { type: 'string', minLength: 1, maxLength: 100, description: 'Shown in tooltips, e.g. `Claude (measured on our repo)`.' },
        },
      },
    },
  },
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Parsing

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
    // Keywords only editors read.
    ajv.addVocabulary(['errorMessage', 'markdownDescription', 'defaultSnippets']);
    validator = ajv.compile(teamConfigSchema);
  }
  return validator;
}

interface Located {
  readonly offset: number;
  readonly length: number;
}

class ProblemSink {
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
    this.problems.push({ message, severity, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, path, offset, length });
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

/** Parses and checks a team config. Every problem carries its 1-based line and column. */
export function parseTeamConfig(text: string, source = '.tokenwise.json'): ParsedTeamConfig {
  const sink = new ProblemSink(text);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const shift = text.length - body.length;

  if (body.trim() === '') {
    sink.add('error', 'The file is empty: a team config is a JSON object.', { offset: 0, length: 0 }, []);
    return finish(sink, source, undefined);
  }
  if (body.trimStart().startsWith('<')) {
    sink.add('error', 'This is HTML or XML, not JSON: perhaps a sign-in or error page was served instead of the config.', { offset: shift + body.length - body.trimStart().length, length: 1 }, []);
    return finish(sink, source, undefined);
  }
  // Nesting, size, duplicate and prototype keys first: the parser below would overflow or assign them silently.
  const structure = checkJsonStructure(body);
  for (const problem of structure) sink.add('error', problem.message, { offset: problem.offset + shift, length: problem.length }, []);
  if (structure.length > 0) return finish(sink, source, undefined);
  const syntaxErrors: ParseError[] = [];
  const value: unknown = parse(body, syntaxErrors, { allowTrailingComma: false, disallowComments: true });
  const reported = new Set<number>();
  for (const error of syntaxErrors.slice(0, 20)) {
    const where = describeSyntaxError(body, error);
    if (reported.has(where.offset)) continue;
    reported.add(where.offset);
    sink.add('error', `Invalid JSON: ${where.message}.`, { offset: where.offset + shift, length: where.length }, []);
  }
  if (syntaxErrors.length) return finish(sink, source, undefined);

  const index = new NodeIndex(parseTree(body, [], { allowTrailingComma: false, disallowComments: true }));
  const locate = (path: JsonPath, key = false): Located => locateNode(index, path, key, shift);

  const validate = schemaValidator();
  if (!validate(value)) reportSchemaErrors(validate.errors ?? [], sink, locate);

  if (isObject(value)) semanticChecks(value, sink, locate);

  const hasError = sink.problems.some((problem) => problem.severity === 'error');
  return finish(sink, source, hasError ? undefined : normalize(value as RawConfig));
}

function finish(sink: ProblemSink, source: string, config: TeamConfig | undefined): ParsedTeamConfig {
  const problems = [...sink.problems].sort((a, b) => a.offset - b.offset || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return config ? { config, problems, source } : { problems, source };
}

/** A syntax error's message and range; a trailing comma is named as such, at the comma. */
function describeSyntaxError(text: string, error: ParseError): { message: string; offset: number; length: number } {
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
    case 'InvalidSymbol': return 'unexpected character';
    case 'InvalidNumberFormat': return 'malformed number';
    case 'PropertyNameExpected': return 'a property name in double quotes was expected';
    case 'ValueExpected': return 'a value was expected';
    case 'ColonExpected': return '":" was expected';
    case 'CommaExpected': return '"," was expected';
    case 'CloseBraceExpected': return '"}" was expected';
    case 'CloseBracketExpected': return '"]" was expected';
    case 'EndOfFileExpected': return 'nothing more was expected after the end of the object';
    case 'InvalidCommentToken': return 'comments are not allowed';
    case 'UnexpectedEndOfComment': return 'unterminated comment';
    case 'UnexpectedEndOfString': return 'unterminated string';
    case 'UnexpectedEndOfNumber': return 'unterminated number';
    case 'InvalidUnicode': return 'invalid unicode escape';
    case 'InvalidEscapeCharacter': return 'invalid escape character';
    case 'InvalidCharacter': return 'invalid character in a string';
    default: return code;
  }
}

function locateNode(index: NodeIndex, path: JsonPath, key: boolean, shift: number): Located {
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
  return pointer.slice(1).split('/').map((raw) => {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment;
  });
}

function reportSchemaErrors(errors: readonly ErrorObject[], sink: ProblemSink, locate: (path: JsonPath, key?: boolean) => Located): void {
  // A combinator with its own message replaces the messages of its branches.
  const combinators = errors.filter((error) => COMBINATORS.has(error.keyword) && typeof customMessageOf(error) === 'string');
  const seen = new Set<string>();
  for (const error of errors) {
    const isCombinator = combinators.includes(error);
    if (!isCombinator && combinators.some((combinator) => combinator.instancePath === error.instancePath && error.schemaPath.startsWith(`${combinator.schemaPath}/`))) continue;
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
  const match = properties.find((candidate) => candidate.toLowerCase() === lower)
    ?? properties.find((candidate) => editDistance(candidate.toLowerCase(), lower) <= 2);
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
    case 'type': return `must be ${params.type === 'integer' ? 'a whole number' : withArticle(String(params.type))}, not ${describeType(data)}`;
    case 'enum': return `must be one of ${(params.allowedValues as unknown[]).map((item) => JSON.stringify(item)).join(', ')}${is}`;
    case 'minimum': return `must be at least ${String(params.limit)}${is}`;
    case 'maximum': return `must be at most ${formatLimit(params.limit)}${is}`;
    case 'exclusiveMinimum': return `must be more than ${String(params.limit)}${is}`;
    case 'exclusiveMaximum': return `must be less than ${formatLimit(params.limit)}${is}`;
    case 'minLength': return params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} characters`;
    case 'maxLength': return `must have at most ${String(params.limit)} characters`;
    case 'minItems': return params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} items`;
    case 'maxItems': return `must have at most ${String(params.limit)} items`;
    case 'uniqueItems': return `has a duplicate: entries [${String(params.j)}] and [${String(params.i)}] are equal`;
    case 'pattern': return `${is ? `${is.slice(2, -1)} ` : ''}is not a valid id: use letters, digits, ".", "_" and "-", starting with a letter or digit`;
    case 'minProperties': return params.limit === 1 ? 'must not be empty' : `must have at least ${String(params.limit)} properties`;
    case 'maxProperties': return `must have at most ${String(params.limit)} properties`;
    case 'propertyNames': return 'has an invalid property name';
    case 'oneOf': return 'must match exactly one of the allowed forms';
    case 'anyOf': return 'must match one of the allowed forms';
    default: return error.message ?? 'is invalid';
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

// ---------------------------------------------------------------------------------------------------------------
// Checks beyond the schema

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entries of an object whose values are strings (the aliases of a config still being checked). */
function stringEntries(value: unknown): Record<string, string> {
  return isObject(value) ? Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string')) : {};
}

function semanticChecks(config: Raw, sink: ProblemSink, locate: (path: JsonPath, key?: boolean) => Located): void {
  const aliases = new Set<string>();
  if (isObject(config.modelAliases)) {
    for (const alias of Object.keys(config.modelAliases)) aliases.add(alias.toLowerCase());
  }
  const providers = new Set(bundledCatalog().providers.map((provider) => provider.id));

  const checkModel = (name: unknown, path: JsonPath, key = false): void => {
    if (typeof name !== 'string' || name.trim() === '') return;
    if (aliases.has(name.toLowerCase()) || findModel(name)) return;
    sink.add('warning', `Unknown model "${name}": the price catalog does not know it and no alias in this file defines it. Its price will be unknown.`, locate(path, key), path);
  };
  const checkProvider = (name: unknown, path: JsonPath): void => {
    if (typeof name !== 'string' || name === '' || providers.has(name.toLowerCase())) return;
    sink.add('warning', `Unknown provider "${name}". Known providers: ${[...providers].join(', ')}.`, locate(path), path);
  };

  if (isObject(config.modelAliases)) {
    for (const [alias, target] of Object.entries(config.modelAliases)) {
      if (typeof target !== 'string') continue;
      if (!findModel(target) && !aliases.has(target.toLowerCase())) {
        sink.add('warning', `Alias "${alias}" points to unknown model "${target}": the price catalog does not know it.`, locate(['modelAliases', alias]), ['modelAliases', alias]);
      } else if (target.toLowerCase() === alias.toLowerCase()) {
        sink.add('error', `Alias "${alias}" points to itself.`, locate(['modelAliases', alias]), ['modelAliases', alias]);
      }
    }
  }

  checkModel(config.defaultModel, ['defaultModel']);
  if (Array.isArray(config.favoriteModels)) config.favoriteModels.forEach((name, index) => checkModel(name, ['favoriteModels', index]));
  if (isObject(config.expectedOutputTokensByModel)) {
    for (const name of Object.keys(config.expectedOutputTokensByModel)) checkModel(name, ['expectedOutputTokensByModel', name], true);
  }

  if (Array.isArray(config.allowances)) {
    const ids = new Map<string, number>();
    config.allowances.forEach((allowance: unknown, index) => {
      if (!isObject(allowance)) return;
      const here: JsonPath = ['allowances', index];
      if (typeof allowance.id === 'string') {
        const first = ids.get(allowance.id);
        if (first !== undefined) {
          sink.add('error', `Duplicate allowance id "${allowance.id}": allowances[${first}] already uses it. Ids must be unique.`, locate([...here, 'id']), [...here, 'id']);
        } else ids.set(allowance.id, index);
      }
      if (typeof allowance.timeZone === 'string' && allowance.timeZone !== '' && !isTimeZone(allowance.timeZone)) {
        sink.add('error', `${formatJsonPath([...here, 'timeZone'])}: unknown time zone "${allowance.timeZone}". Use an IANA name such as "Europe/Berlin" or "UTC".`, locate([...here, 'timeZone']), [...here, 'timeZone']);
      }
      if (allowance.period !== 'week' && allowance.weekStartsOn !== undefined) {
        sink.add('warning', `weekStartsOn has no effect on a ${String(allowance.period)} allowance.`, locate([...here, 'weekStartsOn'], true), [...here, 'weekStartsOn']);
      }
      if (allowance.period !== 'month' && allowance.monthStartsOn !== undefined) {
        sink.add('warning', `monthStartsOn has no effect on a ${String(allowance.period)} allowance.`, locate([...here, 'monthStartsOn'], true), [...here, 'monthStartsOn']);
      }
      const amount = allowance.amount;
      if (isObject(amount) && typeof amount.usd === 'number' && amount.usd > 0 && amount.usd < 0.01) {
        sink.add('error', `${formatJsonPath([...here, 'amount', 'usd'])}: ${amount.usd} USD is less than a cent: an absurd allowance.`, locate([...here, 'amount', 'usd']), [...here, 'amount', 'usd']);
      }
      const filter = allowance.filter;
      if (isObject(filter)) {
        if (Array.isArray(filter.models)) filter.models.forEach((name, at) => checkModel(name, [...here, 'filter', 'models', at]));
        if (Array.isArray(filter.providers)) filter.providers.forEach((name, at) => checkProvider(name, [...here, 'filter', 'providers', at]));
      }
    });
  }

  if (Array.isArray(config.prices)) {
    const seen = new Map<string, number>();
    config.prices.forEach((price: unknown, index) => {
      if (!isObject(price)) return;
      const here: JsonPath = ['prices', index];
      const target = typeof price.model === 'string' ? `model:${price.model.toLowerCase()}` : typeof price.provider === 'string' ? `provider:${price.provider.toLowerCase()}` : undefined;
      if (target) {
        const first = seen.get(target);
        if (first !== undefined) {
          const field = target.startsWith('model:') ? 'model' : 'provider';
          sink.add('error', `prices[${first}] already sets prices for this ${field}: merge the two entries.`, locate([...here, field]), [...here, field]);
        } else seen.set(target, index);
      }
      if (typeof price.model === 'string') checkModel(price.model, [...here, 'model']);
      if (typeof price.provider === 'string') checkProvider(price.provider, [...here, 'provider']);
      // Rates far from the catalog's are most often given per token or per thousand tokens instead of per million.
      const catalogModel = typeof price.model === 'string' ? findModel(resolveAlias(price.model, aliasTable(stringEntries(config.modelAliases)))) : undefined;
      if (catalogModel && isObject(price.rates)) {
        for (const name of TOKEN_KINDS) {
          const given = price.rates[name];
          const known = catalogModel.rates[name];
          if (typeof given !== 'number' || known === undefined || known <= 0 || given <= 0) continue;
          const ratio = given / known;
          if (ratio > 100 || ratio < 0.01) {
            sink.add('warning', `${formatJsonPath([...here, 'rates', name])}: ${given} USD per million tokens is ${ratio > 1 ? `${Math.round(ratio)} times` : `1/${Math.round(1 / ratio)} of`} the catalog's ${known}. Rates are USD per million tokens.`, locate([...here, 'rates', name]), [...here, 'rates', name]);
          }
        }
      }
      if (price.discountPercent === 100 && price.rates === undefined) {
        sink.add('warning', 'A 100% discount makes every rate free.', locate([...here, 'discountPercent']), [...here, 'discountPercent']);
      }
    });
  }

  if (isObject(config.tokenizerFactors)) {
    const families = new Set(Object.keys(defaultTokenizerFactors));
    for (const [family, entry] of Object.entries(config.tokenizerFactors)) {
      const here: JsonPath = ['tokenizerFactors', family];
      if (!families.has(family)) {
        sink.add('warning', `No model uses the tokenizer family "${family}". Known families: ${[...families].join(', ')}.`, locate(here, true), here);
      }
      const inBounds = (value: unknown): value is number => typeof value === 'number' && value >= CONFIG_LIMITS.minFactor && value <= CONFIG_LIMITS.maxFactor;
      if (isObject(entry) && inBounds(entry.factor) && inBounds(entry.low) && inBounds(entry.high)) {
        if (!(entry.low <= entry.factor && entry.factor <= entry.high)) {
          sink.add('error', `tokenizerFactors.${family}: the factor must lie in its range, low ≤ factor ≤ high (is ${entry.low} ≤ ${entry.factor} ≤ ${entry.high}).`, locate([...here, 'factor']), [...here, 'factor']);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Normalization (only of a config without errors, so the shapes hold)

type RawConfig = Raw & {
  allowances?: Raw[];
  prices?: Raw[];
};

function normalize(raw: RawConfig): TeamConfig {
  const config: Record<string, unknown> = {};
  for (const key of ['team', 'modelAliases', 'defaultModel', 'favoriteModels', 'expectedOutputTokens', 'expectedOutputTokensByModel', 'tokenizerFactors'] as const) {
    if (raw[key] !== undefined) config[key] = raw[key];
  }
  if (raw.allowances) config.allowances = raw.allowances.map(normalizeAllowance);
  if (raw.prices) config.prices = raw.prices.map((price) => ({ ...price }) as PriceOverride);
  return config as TeamConfig;
}

function normalizeAllowance(raw: Raw): Allowance {
  const thresholds = Array.isArray(raw.thresholds) ? [...(raw.thresholds as number[])].sort((a, b) => a - b) : [...DEFAULT_THRESHOLDS];
  const allowance: Allowance = {
    id: raw.id as string,
    ...(raw.name !== undefined ? { name: raw.name as string } : {}),
    amount: { ...(raw.amount as object) } as AllowanceAmount,
    period: raw.period as AllowancePeriodKind,
    weekStartsOn: (raw.weekStartsOn as Weekday | undefined) ?? 'monday',
    monthStartsOn: (raw.monthStartsOn as number | undefined) ?? 1,
    ...(raw.timeZone !== undefined ? { timeZone: raw.timeZone as string } : {}),
    ...(raw.filter !== undefined ? { filter: raw.filter as AllowanceFilter } : {}),
    thresholds,
    hard: (raw.hard as boolean | undefined) ?? false,
    origin: 'team',
  };
  return allowance;
}

/** `path:line:column: severity: message`, the form compilers print. */
export function formatConfigProblem(problem: ConfigProblem, source: string): string {
  return `${source}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}`;
}
