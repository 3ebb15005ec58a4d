// A Claude Code log with last month's usage, for the UI tests of the Spend view's ranges and waste figures: one
// session on the 10th of last month whose second cache write is never read (the next request comes 20 minutes later,
// past the 5-minute lifetime), and one on the 20th. Nothing this month, so the current period stays the test's own.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { claudeLine } from './claudeLog';

export interface LastMonthLogs {
  readonly folder: string;
  /** `YYYY-MM` of last month (UTC). */
  readonly month: string;
}

export function writeLastMonthLogs(root: string, now = new Date()): LastMonthLogs {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const at = (day: number, hour: number, minute: number) =>
    new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), day, hour, minute)).toISOString();
  const folder = join(root, 'claude-projects');
  mkdirSync(join(folder, 'shop'), { recursive: true });
  const lines = [
    claudeLine({
      messageId: 'm1',
      requestId: 'r1',
      time: at(10, 9, 0),
      input: 2_000,
      output: 800,
      cacheWrite: 40_000,
      sessionId: 'refactor',
      cwd: '/home/dev/shop',
    }),
    claudeLine({
      messageId: 'm2',
      requestId: 'r2',
      time: at(10, 9, 2),
      input: 1_500,
      output: 1_200,
      cacheRead: 40_000,
      cacheWrite: 60_000,
      sessionId: 'refactor',
      cwd: '/home/dev/shop',
    }),
    claudeLine({
      messageId: 'm3',
      requestId: 'r3',
      time: at(10, 9, 22),
      input: 1_000,
      output: 900,
      cacheWrite: 100_000,
      sessionId: 'refactor',
      cwd: '/home/dev/shop',
    }),
    claudeLine({
      messageId: 'm4',
      requestId: 'r4',
      time: at(20, 14, 0),
      input: 30_000,
      output: 2_000,
      model: 'claude-opus-4-5',
      sessionId: 'review',
      cwd: '/home/dev/api',
    }),
  ];
  writeFileSync(join(folder, 'shop', 'session.jsonl'), lines.join(''));
  return { folder, month: first.toISOString().slice(0, 7) };
}
