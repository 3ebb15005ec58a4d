// The shared team configuration (`.tokenwise.json`): a parser that reports every problem at the line and column it
// comes from. A config with any error is rejected as a whole; warnings keep it. The types, the schema, the problem
// reporting, the checks beyond the schema and the normalisation each live in their own module.
import Ajv, { type ValidateFunction } from 'ajv';
import { parse, parseTree, type ParseError } from 'jsonc-parser';
import { describeSyntaxError, locateNode, ProblemSink, reportSchemaErrors, type Located } from './configProblems';
import { checkJsonStructure, NodeIndex } from './jsonStructure';
import { isObject, semanticChecks } from './teamConfigChecks';
import { normalize, type RawConfig } from './teamConfigNormalize';
import { teamConfigSchema } from './teamConfigSchema';
import type { JsonPath, ParsedTeamConfig, TeamConfig } from './teamConfigTypes';

export { formatConfigProblem, formatJsonPath } from './configProblems';
export { teamConfigSchema } from './teamConfigSchema';
export * from './teamConfigTypes';

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
    sink.add(
      'error',
      'This is HTML or XML, not JSON: perhaps a sign-in or error page was served instead of the config.',
      { offset: shift + body.length - body.trimStart().length, length: 1 },
      [],
    );
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
  const problems = [...sink.problems].sort(
    (a, b) => a.offset - b.offset || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
  return config ? { config, problems, source } : { problems, source };
}
