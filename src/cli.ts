// Command-line front over the same core as the extension:
//   node dist/cli.js count <files...> [--model m] [--json]
//   node dist/cli.js compare <files...> [--models a,b | --all] [--provider p] [--output-tokens n] [--reasoning-tokens n] [--config f] [--json]
//   node dist/cli.js models [--provider p] [--json]
//   node dist/cli.js report [--range r | --since d --until d] [--by day|model|session|project] [--team] [--json]
//   node dist/cli.js validate-config <file|url>
//   node dist/cli.js status [--config file|url] [--json]
//   node dist/cli.js team-sync [--config file|url] [--ledger folder] [--member name] [--dry-run]
import './cli/lowMemory'; // first: it tunes the garbage collector before any work
import { parseArgs } from 'node:util';
import { countCommand, DEFAULT_COUNT_MODEL, modelsCommand, type CliOptions } from './cli/cliCommands';
import { compareCommand } from './cli/compareCommand';
import { boundedSetting, errorReason, SETTING_BOUNDS, timeZoneIssue, systemTimeZone } from './core';
import { UsageError } from './cli/promptFiles';
import { statusCommand, validateConfigCommand } from './cli/configCommands';
import { reportCommand, type CommandOutput } from './cli/reportCommand';
import { closest, didYouMean } from './cli/suggestions';
import { checkCommand } from './cli/checkCommand';
import { teamReportCommand } from './cli/teamReportCommand';
import { teamSyncCommand } from './cli/teamSyncCommand';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const USAGE = `Usage: tokenwise <command> [options]

Commands:
  count <files...>     tokens and input cost of each file on one model
  compare <files...>   the files as one prompt, priced on the suggested models, cheapest first
  check <files|globs...>  a CI gate: each prompt file (with its linked context) against limits; exit 1 when over
  models               the bundled price catalog
  report               spend from the ledger and the agents' usage logs
  validate-config <file|url>   check a team config; every problem with line:column, exit 1 if invalid
  status               each allowance of the team config: use, period and forecast
  team-sync            send this machine's ledger to the team ledger (PostgreSQL) the team config names;
                       credentials from PGUSER and PGPASSWORD or ~/.pgpass

Options:
  --model <id>           model for count (default ${DEFAULT_COUNT_MODEL}); compare: your model (default: the team's)
  --models <a,b,...>     models for compare (default: favourites, yours and the major providers' current ones)
  --all                  compare: every model that answers prompts
  --provider <id>        only this provider's models (compare, models)
  --output-tokens <n>    expected output length for compare (default: the team config's, or 500)
  --reasoning-tokens <n> expected reasoning of models that always reason (default: the team config's, or 2000)
  --range <r>            report: today, this-week, this-month, last-month, last-7-days,
                         last-30-days, last-90-days or all
  --since, --until <d>   report: first and last day, e.g. 2026-11-01 (or --range)
  --by <what>            report: day (default), week, month, model, source, project or session
  --ledger <folder>      report, team-sync: this ledger folder instead of the editors' own
  --member <name>        team-sync: the member's name instead of the team config's rule
  --dry-run              team-sync: say what would be sent, send nothing
  --no-agent-logs        report, status: the ledger only
  --team                 report: the whole team's spend from the team ledger, --by member (default), model,
                         source or project
  --config <file|url>    status, compare: the team config (default: ./.tokenwise.json)
  --max-size-kb <n>      count, compare: refuse files larger than this (default ${SETTING_BOUNDS['counting.maxDocumentSizeKB'].default}, as in the editor)
  --timeout-ms <n>       count, compare: stop counting after this long (default ${SETTING_BOUNDS['counting.timeoutMs'].default})
  --max-tokens <n>       check: at most this many input tokens per prompt file (on --model)
  --max-usd <x>          check: at most this much per send (input and expected output, on --model)
  --must-fit             check: the prompt and its expected output must fit --model's context window
  --format <f>           check: table (default), json or github (GitHub Actions annotations)
  --compare-to <ref>     check: also count the same files at this git revision, and show the change
  --json                 machine-readable output
  -h, --help             this help
  -v, --version          the version

Markdown prompt files also count the files they link to (or mention with #file:) as context.
Only regular files are read; links are followed only inside the working folder.
Days are in the time zone TZ names (the system's when unset).
Exit codes: 0 done; 1 report and status printed but skipped input they could not use (listed on
stderr), validate-config found errors, or an unexpected failure; 2 bad arguments or unreadable files.`;

const COMMANDS = ['count', 'compare', 'check', 'models', 'report', 'validate-config', 'status', 'team-sync'];

/** The version in the package.json beside the bundle (dist/) or the compiled sources (out/src/). */
function packageVersion(): string {
  for (const folder of [dirname(__dirname), dirname(dirname(__dirname))]) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'tokenwise' && manifest.version) return manifest.version;
    } catch {
      // not here: the next folder up
    }
  }
  return 'unknown';
}

/** A whole number flag within the bounds of the editor setting it mirrors. */
function limitFlag(flag: string, value: string | undefined, key: 'counting.maxDocumentSizeKB' | 'counting.timeoutMs'): number {
  if (value === undefined) return SETTING_BOUNDS[key].default;
  const number = Number(value);
  const checked = boundedSetting(key, Number.isInteger(number) ? number : Number.NaN);
  if (checked.warning) {
    throw new UsageError(
      `${flag} takes a whole number from ${SETTING_BOUNDS[key].minimum} to ${SETTING_BOUNDS[key].maximum}, not "${value}".`,
    );
  }
  return checked.value;
}

/** The time zone of days and periods: TZ when set and valid; an invalid TZ is an error, not a silent UTC. */
function cliTimeZone(): string {
  const tz = process.env.TZ?.trim().replace(/^:/, '');
  if (!tz) return systemTimeZone();
  const issue = timeZoneIssue(tz);
  if (issue) throw new UsageError(`TZ ${issue}.`, false);
  return tz;
}

/** Prints a command's output; what it skipped goes to stderr in one line, and makes the exit code 1. */
function finish(result: CommandOutput, out: (text: string) => void, err: (text: string) => void): number {
  out(result.output);
  if (result.skipped === 0) return 0;
  const listed = result.problems.slice(0, 3).join('; ');
  const more = result.problems.length > 3 ? `; and ${result.problems.length - 3} more reasons` : '';
  err(`tokenwise: skipped ${result.skipped} input row(s) that could not be used (${listed}${more}); the rest is reported.`);
  return 1;
}

/** Runs the command line; returns the exit code. Output goes through the given writers. */
/** A token count given on the command line, within the same bounds as the setting; undefined when not given. */
function tokensFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const tokens = Number(value);
  if (value.trim() === '' || boundedSetting('expectedOutputTokens', tokens).warning || !Number.isInteger(tokens)) {
    throw new UsageError(`${flag} must be a whole number of tokens from 0 to 2000000, not "${value}".`);
  }
  return tokens;
}

/** An amount in US dollars given on the command line: a positive number up to $100,000; undefined when not given. */
function usdFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const usd = Number(value.replace(/^\$/, ''));
  if (value.trim() === '' || !Number.isFinite(usd) || usd <= 0 || usd > 100_000) {
    throw new UsageError(`${flag} must be an amount in US dollars above 0 (e.g. 0.05), not "${value}".`);
  }
  return usd;
}

export async function main(
  argv: readonly string[],
  out: (text: string) => void = console.log,
  err: (text: string) => void = console.error,
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        model: { type: 'string' },
        models: { type: 'string' },
        all: { type: 'boolean', default: false },
        provider: { type: 'string' },
        'output-tokens': { type: 'string' },
        'reasoning-tokens': { type: 'string' },
        json: { type: 'boolean', default: false },
        range: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        by: { type: 'string', default: 'day' },
        ledger: { type: 'string' },
        'no-agent-logs': { type: 'boolean', default: false },
        config: { type: 'string' },
        'max-size-kb': { type: 'string' },
        'timeout-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
        'max-tokens': { type: 'string' },
        'max-usd': { type: 'string' },
        'must-fit': { type: 'boolean', default: false },
        format: { type: 'string' },
        'compare-to': { type: 'string' },
        member: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        team: { type: 'boolean', default: false },
      },
    });
    const [command, ...files] = positionals;
    if (values.version) {
      out(`tokenwise ${packageVersion()}`);
      return 0;
    }
    if (values.help || !command) {
      (values.help ? out : err)(USAGE);
      return values.help ? 0 : 2;
    }
    const options: CliOptions = {
      model: values.model,
      models: values.models
        ?.split(',')
        .map((name) => name.trim())
        .filter(Boolean),
      provider: values.provider,
      outputTokens: tokensFlag('--output-tokens', values['output-tokens']),
      reasoningTokens: tokensFlag('--reasoning-tokens', values['reasoning-tokens']),
      all: values.all ?? false,
      config: values.config,
      json: values.json ?? false,
      limits: {
        maxBytes: limitFlag('--max-size-kb', values['max-size-kb'], 'counting.maxDocumentSizeKB') * 1024,
        timeoutMs: limitFlag('--timeout-ms', values['timeout-ms'], 'counting.timeoutMs'),
      },
    };
    if (!COMMANDS.includes(command)) {
      throw new UsageError(`Unknown command "${command}".${didYouMean(closest(command, COMMANDS))} Commands: ${COMMANDS.join(', ')}.`);
    }
    const timeZone = cliTimeZone();
    if (command === 'validate-config') {
      if (files.length !== 1) throw new UsageError('validate-config takes one file or URL.');
      const { output, code } = await validateConfigCommand(files[0]);
      (code === 0 ? out : err)(output);
      return code;
    }
    const needsFiles = command === 'count' || command === 'compare' || command === 'check';
    if (needsFiles && files.length === 0) throw new UsageError(`${command} needs at least one file.`);
    if (!needsFiles && files.length > 0) throw new UsageError(`${command} takes no files.`);
    if (command === 'check') {
      const format = values.format ?? (options.json ? 'json' : 'table');
      if (format !== 'table' && format !== 'json' && format !== 'github') {
        throw new UsageError(`--format must be table, json or github, not "${format}".`);
      }
      const result = await checkCommand(files, {
        ...options,
        maxTokens: tokensFlag('--max-tokens', values['max-tokens']),
        maxUsd: usdFlag('--max-usd', values['max-usd']),
        mustFit: values['must-fit'] ?? false,
        format,
        compareTo: values['compare-to'],
      });
      out(result.output);
      return result.code;
    }
    if (command === 'report' && values.team) {
      const { output, code } = await teamReportCommand({
        config: values.config,
        by: values.by ?? 'member',
        range: values.range,
        since: values.since,
        until: values.until,
        timeZone,
        json: options.json,
      });
      (code === 0 ? out : err)(output);
      return code;
    }
    if (command === 'report') {
      return finish(
        await reportCommand({
          range: values.range,
          since: values.since,
          until: values.until,
          by: values.by ?? 'day',
          ledger: values.ledger,
          agentLogs: !values['no-agent-logs'],
          timeZone,
          json: options.json,
        }),
        out,
        err,
      );
    }
    if (command === 'team-sync') {
      const { output, code } = await teamSyncCommand({
        config: values.config,
        ledger: values.ledger,
        member: values.member,
        dryRun: values['dry-run'] ?? false,
      });
      (code === 0 ? out : err)(output);
      return code;
    }
    if (command === 'status') {
      return finish(
        await statusCommand({
          config: values.config,
          ledger: values.ledger,
          agentLogs: !values['no-agent-logs'],
          timeZone,
          json: options.json,
        }),
        out,
        err,
      );
    }
    switch (command) {
      case 'count':
        out(await countCommand(files, options));
        return 0;
      case 'compare':
        out(await compareCommand(files, options));
        return 0;
      default:
        out(modelsCommand(options));
        return 0;
    }
  } catch (error) {
    // parseArgs throws TypeErrors with a code for unknown or malformed options.
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      // One line: the problem, and where the options are (the help of the command given, if it is one).
      const aboutArguments = !(error instanceof UsageError) || error.aboutArguments;
      const command = argv.find((arg) => COMMANDS.includes(arg));
      const hint = aboutArguments ? ` See: tokenwise ${command ? `${command} ` : ''}--help` : '';
      err(`tokenwise: ${oneLine((error as Error).message)}${hint}`);
      return 2;
    }
    // Anything else is a fault of ours, not the user's input: one line, no stack (TOKENWISE_DEBUG=1 shows it).
    err(`tokenwise: ${process.env.TOKENWISE_DEBUG ? ((error as Error).stack ?? errorReason(error)) : errorReason(error)}`);
    return 1;
  }
}

/** Node's argument-parser messages, in one line and without its advice to use `--`. */
function oneLine(message: string): string {
  return message
    .replace(/\. To specify a positional argument starting with a '-'.*$/s, '.')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`tokenwise: ${errorReason(error)}`);
      process.exitCode = 1;
    },
  );
}
