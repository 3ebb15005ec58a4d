// GitHub Copilot CLI: ~/.copilot/session-state/<sessionId>/events.jsonl (older: ~/.copilot/session-state/<id>.jsonl).
//
// Usage is in `session.shutdown` events: `data.modelMetrics[<model>].usage` holds the session's running totals per
// model (`inputTokens` includes the cached input, `cacheReadTokens` and `cacheWriteTokens` are part of it;
// `outputTokens` includes `reasoningTokens`). A resumed session shuts down again with larger totals, so each shutdown
// becomes one row per model with what was added since the last one, keyed `copilot-cli:<session>:<model>:<n>`. A
// successful `session.compaction_complete` starts the totals over. Totals that shrink without one are skipped.
// `modelMetrics[<model>].requests.cost` is the running total of premium requests (legacy request-based billing, the
// multiplier applied): each row carries what was added, when that is known.
import * as path from 'node:path';
import {
  filesUnderRoots,
  listFiles,
  pathApi,
  readIfChanged,
  readLines,
  resumePoint,
  stampOf,
  type Env,
  type FileStamp,
  type JsonlCursor,
} from './fileCursor';
import { emptyFilesState, isReaderState, type FilesState, type LogReader } from './logReader';
import {
  admitRow,
  count,
  isRecord,
  isoTime,
  newStats,
  parseObjectLine,
  skip,
  timeProblem,
  type ReadResult,
  type UsageRow,
} from './usageRow';
import { zeroTokens } from '../tokens/tokenKinds';

/** Per model: the running totals last accepted [input, output, cache read, cache write, reasoning], and shutdowns seen. */
export interface CopilotCliModelTotals {
  totals: [number, number, number, number, number];
  shutdowns: number;
  /** The running total of premium requests last accepted; absent in state written before it was kept. */
  premium?: number;
}

export interface CopilotCliFileState extends JsonlCursor {
  sessionId?: string;
  models: Record<string, CopilotCliModelTotals>;
}

export type CopilotCliState = FilesState<CopilotCliFileState>;

export const emptyCopilotCliState = (): CopilotCliState => emptyFilesState();

/** `$COPILOT_HOME` (else `~/.copilot`), its `session-state` folder. */
export function copilotCliDefaultPaths(env: Env, platform: NodeJS.Platform, homedir: string): string[] {
  const p = pathApi(platform);
  return [p.join(env.COPILOT_HOME?.trim() || p.join(homedir, '.copilot'), 'session-state')];
}

/** Session logs: `events.jsonl` in a session's folder, or a session's own `.jsonl` at the top. */
export async function findCopilotCliFiles(root: string): Promise<string[]> {
  const files = await listFiles(root, (name) => name.endsWith('.jsonl'), 1);
  return files.filter((file) => path.dirname(file) === root || path.basename(file) === 'events.jsonl');
}

const KEYS = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'] as const;

export async function readCopilotCli(
  roots: string[],
  state: CopilotCliState = emptyCopilotCliState(),
): Promise<ReadResult<CopilotCliState>> {
  const next: CopilotCliState = { version: 1, files: {} };
  const stats = newStats();
  const rows: UsageRow[] = [];
  for (const file of await filesUnderRoots(roots, findCopilotCliFiles)) {
    const stamp = await stampOf(file);
    if (!stamp) continue;
    stats.files++;
    const prev = state?.files?.[file];
    const from = resumePoint(prev, stamp);
    await readIfChanged(stats, file, next.files, prev, from.unchanged, () => readFile(file, stamp, from.reset ? undefined : prev));
  }
  stats.rows = rows.length;
  return { rows, stats, cursorState: next };

  async function readFile(file: string, stamp: FileStamp, prev: CopilotCliFileState | undefined): Promise<CopilotCliFileState> {
    const fileState: CopilotCliFileState = {
      ...stamp,
      offset: prev?.offset ?? 0,
      line: prev?.line ?? 0,
      sessionId: prev?.sessionId,
      models: structuredClone(prev?.models ?? {}),
    };
    const folderSession = path.basename(file) === 'events.jsonl' ? path.basename(path.dirname(file)) : path.basename(file, '.jsonl');
    const outcome = await readLines(file, fileState.offset, fileState.line, stamp.size, (text, lineNo) => {
      const event = parseObjectLine(text, stats, file, lineNo);
      if (!event) return;
      const data = isRecord(event.data) ? event.data : undefined;
      if (event.type === 'session.start' && typeof data?.sessionId === 'string') fileState.sessionId = data.sessionId;
      if (event.type === 'session.compaction_complete' && data?.success === true) {
        for (const totals of Object.values(fileState.models)) [totals.totals, totals.premium] = [[0, 0, 0, 0, 0], 0];
      }
      if (event.type !== 'session.shutdown' || !data) return;
      if (!isRecord(data.modelMetrics)) return skip(stats, 'a shutdown without model metrics', file, lineNo);
      const sessionId = (typeof data.sessionId === 'string' && data.sessionId) || fileState.sessionId || folderSession;
      const time = isoTime(event.timestamp);
      if (!time) return skip(stats, timeProblem(event.timestamp), file, lineNo);
      for (const [model, metric] of Object.entries(data.modelMetrics)) {
        const usage = isRecord(metric) && isRecord(metric.usage) ? metric.usage : undefined;
        if (!isRecord(metric) || !usage) {
          skip(stats, `no usage for model ${model}`, file, lineNo);
          continue;
        }
        const totals = KEYS.map((key) => count(usage[key])) as CopilotCliModelTotals['totals'];
        const seen = (fileState.models[model] ??= { totals: [0, 0, 0, 0, 0], shutdowns: 0, premium: 0 });
        const added = totals.map((value, index) => value - seen.totals[index]);
        if (added.some((value) => !(value >= 0))) {
          skip(stats, 'running totals that went down without a compaction', file, lineNo);
          continue;
        }
        if (added.every((value) => value === 0)) continue;
        const [input, output, cacheRead, cacheWrite, reasoning] = added;
        if (cacheRead + cacheWrite > input || reasoning > output) {
          skip(stats, 'cached or reasoning tokens above the totals that include them', file, lineNo);
          continue;
        }
        const row: UsageRow = {
          id: `copilot-cli:${sessionId}:${model}:${seen.shutdowns + 1}`,
          time,
          source: 'copilot-cli',
          sessionId,
          model,
          tokens: { ...zeroTokens(), input: input - cacheRead - cacheWrite, cacheRead, cacheWrite, output: output - reasoning, reasoning },
          billing: 'copilot-credits',
        };
        const premium = isRecord(metric.requests) ? metric.requests.cost : undefined;
        const premiumAdded = typeof premium === 'number' && seen.premium !== undefined ? premium - seen.premium : Number.NaN;
        if (premiumAdded >= 0) row.premiumRequests = premiumAdded;
        if (!admitRow(row, stats, file, lineNo)) continue;
        if (typeof premium === 'number' && Number.isFinite(premium)) seen.premium = premium;
        seen.totals = totals;
        seen.shutdowns++;
        rows.push(row);
      }
    });
    for (const lineNo of outcome.oversized) skip(stats, 'line too long', file, lineNo);
    fileState.offset = outcome.offset;
    fileState.line = outcome.line;
    return fileState;
  }
}

export const copilotCliReader: LogReader<CopilotCliState> = {
  source: 'copilot-cli',
  displayName: 'GitHub Copilot CLI',
  defaultPaths: copilotCliDefaultPaths,
  read: (roots, state) => readCopilotCli(roots, state),
  isState: (state): state is CopilotCliState => isReaderState(state),
};
