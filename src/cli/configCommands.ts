import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  allowanceUsages,
  bundledCatalog,
  configuredCatalog,
  formatAllowanceAmount,
  formatConfigProblem,
  formatCount,
  loadConfigSource,
  mergeConfig,
  parseLoadedText,
  parseTeamConfig,
  plural,
  repriceEvents,
  teamConfigLayer,
  type AllowanceUsage,
  type TeamConfig,
} from '../core';
import { UsageError } from './promptFiles';
import { loadSpendEvents, type CommandOutput } from './reportCommand';
import { formatTable } from './table';

/** `validate-config <file|url>`: every problem with line:column; exit 1 when the config would be refused. */
export async function validateConfigCommand(spec: string): Promise<{ output: string; code: number }> {
  // Read whatever is there, so every problem in it can be shown, not only the first refusal.
  const loaded = await loadConfigSource(spec, { validate: () => undefined });
  if (loaded.text === undefined) return { output: `${spec}: ${loaded.error ?? 'could not be read'}`, code: 1 };
  const parsed = parseTeamConfig(loaded.text, loaded.origin);
  const errors = parsed.problems.filter((problem) => problem.severity === 'error').length;
  const warnings = parsed.problems.length - errors;
  const lines = parsed.problems.map((problem) => formatConfigProblem(problem, loaded.origin));
  const verdict =
    errors > 0
      ? `${loaded.origin}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}; Tokenwise would keep the previous config.`
      : `${loaded.origin}: valid${parsed.config?.team ? ` (team ${parsed.config.team})` : ''}, ` +
        `${parsed.config?.allowances?.length ?? 0} allowance(s)${warnings ? `, ${warnings} warning(s)` : ''}.`;
  return { output: [...lines, verdict].join('\n'), code: errors > 0 ? 1 : 0 };
}

/** The team config named by --config, or `./.tokenwise.json` when there is one; undefined when neither. */
export async function loadTeamConfig(spec: string | undefined): Promise<{ config: TeamConfig; origin: string } | undefined> {
  const chosen = spec ?? (existsSync(join(process.cwd(), '.tokenwise.json')) ? '.tokenwise.json' : undefined);
  if (!chosen) return undefined;
  const loaded = await loadConfigSource(chosen);
  if (loaded.text === undefined) throw new UsageError(`${chosen}: ${loaded.error ?? 'could not be read'}`, false);
  const parsed = parseLoadedText(loaded, loaded.text);
  if (!parsed.config) throw new UsageError(`${loaded.origin} is not a valid config; run: tokenwise validate-config ${chosen}`, false);
  return { config: parsed.config, origin: loaded.origin };
}

function amount(usage: AllowanceUsage, value: number | undefined): string {
  return value === undefined ? '—' : formatAllowanceAmount(usage, value);
}

/** `status`: each allowance of the team config, used against its current period, with the forecast. */
export async function statusCommand(options: {
  config: string | undefined;
  ledger: string | undefined;
  agentLogs: boolean;
  timeZone: string;
  json: boolean;
}): Promise<CommandOutput> {
  const team = await loadTeamConfig(options.config);
  const allowances = team?.config.allowances ?? [];
  if (!team || allowances.length === 0) {
    const output = options.json
      ? JSON.stringify({ allowances: [] })
      : 'No allowances: give a team config with --config <file|url>, or run this where a .tokenwise.json is.';
    return { output, skipped: 0, problems: [] };
  }
  const now = new Date();
  // The team's negotiated prices apply to costs the agents did not record, as in the editor.
  const catalog = configuredCatalog(bundledCatalog(), mergeConfig([teamConfigLayer(team.config, team.origin)]).config);
  const loaded = await loadSpendEvents(options.ledger, options.agentLogs);
  const events = repriceEvents(loaded.events, catalog);
  const done = (output: string): CommandOutput => ({ output, skipped: loaded.skipped, problems: loaded.problems });
  const usages = allowanceUsages(allowances, events, now, { defaultTimeZone: options.timeZone });
  if (options.json) {
    return done(
      JSON.stringify(
        {
          team: team.config.team ?? null,
          config: team.origin,
          allowances: usages.map((usage) => ({
            id: usage.allowance.id,
            name: usage.allowance.name ?? null,
            hard: usage.allowance.hard ?? false,
            unit: usage.unit,
            period: { start: usage.period.start.toISOString(), end: usage.period.end.toISOString(), label: usage.period.label },
            used: usage.used,
            amount: usage.amount,
            fraction: usage.fraction,
            remaining: usage.remaining,
            status: usage.status,
            unpricedTokens: usage.unpricedTokens,
            forecast: { projected: usage.forecast.projected ?? null, runsOutAt: usage.forecast.runsOutAt?.toISOString() ?? null },
          })),
          skipped: { count: loaded.skipped, reasons: loaded.problems },
          read: loaded.read,
        },
        null,
        2,
      ),
    );
  }
  const table = formatTable(
    ['Allowance', 'Period', 'Used', 'Of', 'Share', 'Status', 'Forecast', 'Runs out'],
    usages.map((usage) => [
      `${usage.allowance.name ?? usage.allowance.id}${usage.allowance.hard ? ' (hard)' : ''}`,
      usage.period.label,
      amount(usage, usage.used),
      amount(usage, usage.amount),
      `${Math.round(usage.fraction * 100)}%`,
      usage.status,
      amount(usage, usage.forecast.projected),
      usage.forecast.runsOutAt ? usage.forecast.runsOutAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—',
    ]),
    new Set([2, 3, 4]),
  );
  const unpriced = usages.reduce((sum, usage) => sum + usage.unpricedTokens, 0);
  return done(
    [
      `${table}\n\n${team.config.team ? `Team ${team.config.team}, ` : ''}config ${team.origin}.`,
      unpriced ? ` ${formatCount(unpriced)} tokens have no known price and are not counted.` : '',
      loaded.events.length === 0 ? '\nNo spend found anywhere Tokenwise looked: every allowance reads as unused.' : '',
      `\nRead: ${loaded.read.join('; ')}.`,
    ].join(''),
  );
}
