import { escapeMarkdown, formatAllowanceAmount, tighter, type AllowanceUsage } from '../core';

/** What the allowance status bar item shows; undefined when there is no allowance. */
export interface AllowanceStatusPresentation {
  readonly text: string;
  /** Markdown; names and ids from a team config or settings are escaped, so they cannot add links or images. */
  readonly tooltip: string;
  readonly ariaLabel: string;
  readonly severity: 'ok' | 'warning' | 'error';
}

function describeUsage(usage: AllowanceUsage): string {
  const { allowance, forecast, period } = usage;
  const runsOut = forecast.runsOutAt ? `, runs out ${forecast.runsOutAt.toLocaleString()}` : '';
  const projected =
    forecast.projected === undefined ? '' : `; forecast ${formatAllowanceAmount(usage, forecast.projected)} by the period's end${runsOut}`;
  const unpriced = usage.unpricedTokens > 0 ? ` (${usage.unpricedTokens} tokens unpriced, not counted)` : '';
  const used = `${period.label}: ${formatAllowanceAmount(usage, usage.used)} of ${formatAllowanceAmount(usage, usage.amount)}`;
  const kind = `${allowance.origin}${allowance.hard ? ', hard' : ''}`;
  return `- **${escapeMarkdown(allowance.name ?? allowance.id)}** (${kind}), ${escapeMarkdown(`${used}${unpriced}${projected}`)}`;
}

/** The tightest allowance in the status bar, every allowance in its tooltip. */
export function presentAllowanceStatus(usages: readonly AllowanceUsage[]): AllowanceStatusPresentation | undefined {
  const usage = tighter(usages);
  if (!usage) return undefined;
  const percent = Math.round(usage.fraction * 100);
  return {
    text: `$(pie-chart) ${formatAllowanceAmount(usage, usage.used)} of ${formatAllowanceAmount(usage, usage.amount)} · ${percent}%`,
    tooltip: ['**Allowances**', '', ...usages.map(describeUsage), '', 'Only spend with a known price counts against a USD allowance.'].join(
      '\n',
    ),
    ariaLabel: `Allowance: ${percent} percent used`,
    severity: usage.status === 'exceeded' ? 'error' : usage.status === 'warning' ? 'warning' : 'ok',
  };
}
