// Formats the team's spend from the team ledger for the Spend view's Team section. Plain data in and out.
import { describeConfigAge, formatUsd, plural, type TeamSpendRow } from '../core';
import type { TeamSpendView } from '../webview/spend/protocol';

const BY_WORDS: Readonly<Record<string, string>> = { member: 'member', model: 'model', source: 'agent', project: 'project' };

/** The team's spend by one dimension; `read` undefined while the first answer is on its way. */
export function presentTeamSpend(
  read: { readonly rows: readonly TeamSpendRow[]; readonly at: string; readonly problem: string | undefined } | undefined,
  by: string,
  where: string,
  dates: string,
  now: Date = new Date(),
): TeamSpendView {
  if (!read) return { by, rows: [], total: '', note: `Reading the team's spend from ${where}…`, problem: false };
  const total = read.rows.reduce((sum, row) => sum + row.usd, 0);
  const events = read.rows.reduce((sum, row) => sum + row.events, 0);
  const rows = read.rows.map((row) => {
    const share = total > 0 ? row.usd / total : 0;
    const label = row.key ?? (by === 'project' ? '(not shared)' : '(none)');
    return {
      label,
      cost: formatUsd(row.usd),
      share,
      percent: `${Math.round(share * 100)}%`,
      detail: `${label}: ${formatUsd(row.usd)}, ${plural(row.events, 'request')}${by === 'member' ? '' : ` by ${plural(row.members, 'member')}`}.`,
    };
  });
  const age = describeConfigAge(read.at, now);
  return {
    by,
    rows,
    total: `${formatUsd(total)} for the team in ${dates} (${plural(events, 'request')}), by ${BY_WORDS[by] ?? by}.`,
    note: read.problem ? `${read.problem} Shown: the answer read ${age}.` : `Read from ${where} ${age}.`,
    problem: read.problem !== undefined,
  };
}
