// GitHub Copilot CLI: ~/.copilot/session-state/<sessionId>/events.jsonl (older: ~/.copilot/session-state/<id>.jsonl),
// and its OpenTelemetry file output (`COPILOT_OTEL_FILE_EXPORTER_PATH`, or files kept in ~/.copilot/otel).
//
// Newer CLI versions write a `session.usage_record` event per model call: each is a row (`copilotCliCalls.ts`), and
// such a file's shutdown totals are not read again. Older versions record usage only in `session.shutdown` events:
// `data.modelMetrics[<model>].usage` holds the session's running totals per model (`inputTokens` includes the cached
// input, `cacheReadTokens` and `cacheWriteTokens` are part of it; `outputTokens` includes `reasoningTokens`). A
// resumed session shuts down again with larger totals, so each shutdown becomes one row per model with what was added
// since the last one, keyed `copilot-cli:<session>:<model>:<n>`. A successful `session.compaction_complete` starts
// the totals over. Totals that shrink without one are skipped. `modelMetrics[<model>].requests.cost` is the running
// total of premium requests (legacy request-based billing, the multiplier applied), `totalNanoAiu` the AI credits
// GitHub charged, in nano units: each row carries what was added, when that is known.
//
// A session is counted from one record only: its session file when Tokenwise has seen one, else the `chat` spans of
// the OpenTelemetry output (whose `gen_ai.conversation.id` is the session id). The choice is remembered, so a session
// file that appears, or goes, later does not count the session a second time.
import * as path from 'node:path';
import { chatSpanRow, nanoAiuToUsd, usageRecordRow } from './copilotCliCalls';
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
import { emptyFilesState, isReaderState, type FilesState, type LogReader, type WatchFolder } from './logReader';
import {
  admitRow,
  count,
  isRecord,
  isoTime,
  newStats,
  parseObjectLine,
  skip,
  str,
  timeProblem,
  type ReadResult,
  type ReadStats,
  type UsageRow,
} from './usageRow';
import { zeroTokens } from '../tokens/tokenKinds';
import { textIssue } from '../input/entryRules';

/** Per model: the running totals last accepted [input, output, cache read, cache write, reasoning], and shutdowns seen. */
export interface CopilotCliModelTotals {
  totals: [number, number, number, number, number];
  shutdowns: number;
  /** The running total of premium requests last accepted; absent in state written before it was kept. */
  premium?: number;
  /** The running total of nano AI units GitHub reported, when it reported them. */
  nanoAiu?: number;
}

export interface CopilotCliFileState extends JsonlCursor {
  sessionId?: string;
  /** The session's working folder (`context.cwd` of its start or resume). */
  project?: string;
  models: Record<string, CopilotCliModelTotals>;
  /** The file holds per-call usage records: its shutdown totals are not read. */
  perCall?: boolean;
}

/** Where a session was counted from: its session file, or the OpenTelemetry output. */
export type CopilotCliSessionSource = 'file' | 'otel';

export interface CopilotCliState extends FilesState<CopilotCliFileState> {
  sessions?: Record<string, CopilotCliSessionSource>;
}

export const emptyCopilotCliState = (): CopilotCliState => emptyFilesState();

/** Sessions whose record is remembered; beyond this, the oldest are forgotten (their files long read). */
const MAX_REMEMBERED_SESSIONS = 20_000;

/**
 * `$COPILOT_HOME` (else `~/.copilot`): its `session-state` folder and its `otel` folder, and the OpenTelemetry file
 * `COPILOT_OTEL_FILE_EXPORTER_PATH` names, when this process sees it.
 */
export function copilotCliDefaultPaths(env: Env, platform: NodeJS.Platform, homedir: string): string[] {
  const p = pathApi(platform);
  const home = env.COPILOT_HOME?.trim() || p.join(homedir, '.copilot');
  const otelFile = env.COPILOT_OTEL_FILE_EXPORTER_PATH?.trim();
  return [p.join(home, 'session-state'), p.join(home, 'otel'), ...(otelFile && p.isAbsolute(otelFile) ? [otelFile] : [])];
}

/** A root naming one file (an OpenTelemetry output file) rather than a folder. */
const isFileRoot = (root: string): boolean => /\.jsonl$/i.test(root);

/** Session logs (`events.jsonl` in a session's folder, a session's own `.jsonl` at the top) and OpenTelemetry files. */
export async function findCopilotCliFiles(root: string): Promise<string[]> {
  if (isFileRoot(root)) return (await stampOf(root)) ? [root] : [];
  const files = await listFiles(root, (name) => name.endsWith('.jsonl'), 1);
  return files.filter((file) => path.dirname(file) === root || path.basename(file) === 'events.jsonl');
}

/** The session a session file belongs to by its place; OpenTelemetry files at the top are named otherwise. */
const sessionOfPath = (file: string): string =>
  path.basename(file) === 'events.jsonl' ? path.basename(path.dirname(file)) : path.basename(file, '.jsonl');

const KEYS = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'] as const;

export async function readCopilotCli(
  roots: string[],
  state: CopilotCliState = emptyCopilotCliState(),
): Promise<ReadResult<CopilotCliState>> {
  const sessions: Record<string, CopilotCliSessionSource> = { ...state?.sessions };
  const next: CopilotCliState = { version: 1, files: {}, sessions };
  const stats = newStats();
  const rows: UsageRow[] = [];
  // Spans wait for the end of the pass, when every session file found has claimed its session.
  const spanRows: UsageRow[] = [];
  const files = await filesUnderRoots(roots, findCopilotCliFiles);
  for (const file of files) if (path.basename(file) === 'events.jsonl') sessions[sessionOfPath(file)] ??= 'file';
  for (const file of files) {
    const stamp = await stampOf(file);
    if (!stamp) continue;
    stats.files++;
    const prev = state?.files?.[file];
    const from = resumePoint(prev, stamp);
    await readIfChanged(stats, file, next.files, prev, from.unchanged, () => readFile(file, stamp, from.reset ? undefined : prev));
  }
  for (const row of spanRows) {
    if ((sessions[row.sessionId] ??= 'otel') === 'otel') rows.push(row);
  }
  forgetOldest(sessions);
  stats.rows = rows.length;
  return { rows, stats, cursorState: next };

  /** A row of a session file, with the session's folder, unless its session was counted from the OpenTelemetry output. */
  function fromSessionFile(row: UsageRow, project: string | undefined): void {
    if ((sessions[row.sessionId] ??= 'file') === 'file') rows.push(project ? { ...row, project } : row);
  }

  async function readFile(file: string, stamp: FileStamp, prev: CopilotCliFileState | undefined): Promise<CopilotCliFileState> {
    const fileState: CopilotCliFileState = {
      ...stamp,
      offset: prev?.offset ?? 0,
      line: prev?.line ?? 0,
      sessionId: prev?.sessionId,
      project: prev?.project,
      models: structuredClone(prev?.models ?? {}),
      ...(prev?.perCall ? { perCall: true } : {}),
    };
    const folderSession = sessionOfPath(file);
    const outcome = await readLines(file, fileState.offset, fileState.line, stamp.size, (text, lineNo) => {
      const event = parseObjectLine(text, stats, file, lineNo);
      if (!event) return;
      const span = chatSpanRow(event);
      if (span) {
        if ('problem' in span) skip(stats, span.problem, file, lineNo);
        else if (admitRow(span.row, stats, file, lineNo)) spanRows.push(span.row);
        return;
      }
      const data = isRecord(event.data) ? event.data : undefined;
      if (event.type === 'session.start' && typeof data?.sessionId === 'string') fileState.sessionId = data.sessionId;
      if ((event.type === 'session.start' || event.type === 'session.resume') && isRecord(data?.context)) {
        // Checked as every row's text is, here where it enters: one bad folder name would otherwise skip each row.
        const cwd = str(data.context.cwd);
        if (cwd && textIssue(cwd, 'project') === undefined) fileState.project = cwd;
      }
      if (event.type === 'session.compaction_complete' && data?.success === true) {
        for (const totals of Object.values(fileState.models)) [totals.totals, totals.premium, totals.nanoAiu] = [[0, 0, 0, 0, 0], 0, 0];
      }
      const sessionId = (typeof data?.sessionId === 'string' && data.sessionId) || fileState.sessionId || folderSession;
      if (event.type === 'session.usage_record') {
        fileState.perCall = true;
        const row = usageRecordRow(event, sessionId);
        if (typeof row === 'string') skip(stats, row, file, lineNo);
        else if (admitRow(row, stats, file, lineNo)) fromSessionFile(row, fileState.project);
        return;
      }
      if (event.type !== 'session.shutdown' || !data || fileState.perCall) return;
      for (const row of readShutdown(event, data, sessionId, fileState, stats, file, lineNo)) fromSessionFile(row, fileState.project);
    });
    for (const lineNo of outcome.oversized) skip(stats, 'line too long', file, lineNo);
    fileState.offset = outcome.offset;
    fileState.line = outcome.line;
    return fileState;
  }
}

/** The rows of a shutdown: per model, what its running totals added since the last shutdown accepted. */
function readShutdown(
  event: Record<string, unknown>,
  data: Record<string, unknown>,
  sessionId: string,
  fileState: CopilotCliFileState,
  stats: ReadStats,
  file: string,
  lineNo: number,
): UsageRow[] {
  if (!isRecord(data.modelMetrics)) {
    skip(stats, 'a shutdown without model metrics', file, lineNo);
    return [];
  }
  const time = isoTime(event.timestamp);
  if (!time) {
    skip(stats, timeProblem(event.timestamp), file, lineNo);
    return [];
  }
  const snapshot =
    isRecord(data.accountingSnapshot) && isRecord(data.accountingSnapshot.modelMetrics) ? data.accountingSnapshot.modelMetrics : {};
  const rows: UsageRow[] = [];
  for (const [model, metric] of Object.entries(data.modelMetrics)) {
    const usage = isRecord(metric) && isRecord(metric.usage) ? metric.usage : undefined;
    if (!isRecord(metric) || !usage) {
      skip(stats, `no usage for model ${model}`, file, lineNo);
      continue;
    }
    const totals = KEYS.map((key) => count(usage[key])) as CopilotCliModelTotals['totals'];
    const seen = (fileState.models[model] ??= { totals: [0, 0, 0, 0, 0], shutdowns: 0, premium: 0, nanoAiu: 0 });
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
    // Nano AI units are a charge only where GitHub reported them for every call (`complete`); older files, without
    // the status, are read when they report some.
    const status = isRecord(snapshot[model]) ? snapshot[model].aiCreditsStatus : undefined;
    const nano = metric.totalNanoAiu;
    const reported = typeof nano === 'number' && (status === 'complete' || (status === undefined && nano > 0));
    const nanoAdded = reported && seen.nanoAiu !== undefined ? nano - seen.nanoAiu : Number.NaN;
    if (nanoAdded >= 0) row.recordedUsd = nanoAiuToUsd(nanoAdded);
    if (!admitRow(row, stats, file, lineNo)) continue;
    if (typeof premium === 'number' && Number.isFinite(premium)) seen.premium = premium;
    if (reported && Number.isFinite(nano)) seen.nanoAiu = nano;
    seen.totals = totals;
    seen.shutdowns++;
    rows.push(row);
  }
  return rows;
}

function forgetOldest(sessions: Record<string, CopilotCliSessionSource>): void {
  const names = Object.keys(sessions);
  for (const name of names.slice(0, Math.max(0, names.length - MAX_REMEMBERED_SESSIONS))) delete sessions[name];
}

/** A file root is watched through its folder; a folder root, for its sessions' folders, to the depth read. */
function copilotCliWatchFolders(root: string): WatchFolder[] {
  return isFileRoot(root) ? [{ path: path.dirname(root), recursive: false }] : [{ path: root, recursive: true }];
}

export const copilotCliReader: LogReader<CopilotCliState> = {
  source: 'copilot-cli',
  displayName: 'GitHub Copilot CLI',
  defaultPaths: copilotCliDefaultPaths,
  watchFolders: copilotCliWatchFolders,
  read: (roots, state) => readCopilotCli(roots, state),
  isState: (state): state is CopilotCliState => isReaderState(state) && hasSessionSources(state),
};

function hasSessionSources(state: object): boolean {
  const sessions = (state as { sessions?: unknown }).sessions;
  return sessions === undefined || (isRecord(sessions) && Object.values(sessions).every((v) => v === 'file' || v === 'otel'));
}
