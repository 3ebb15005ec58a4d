// Gemini CLI: ~/.gemini/tmp/<project>/chats/session-<date>-<id>.jsonl (older ones `.json`).
//
// A message record is appended again each time the message changes; the last record per message
// id wins. Rows are keyed `gemini-cli:<sessionId>:<message id>` and returned again when a later
// record changes the message's tokens or model: the consumer keeps the latest row per id.
//
// `$set` lines patch session metadata (they may hold the whole message array): never counted.
// `$rewindTo` removes messages from the conversation as the user rewinds it. The calls behind the
// removed messages were made and billed all the same, so their rows are kept: a rewind changes the
// conversation, not what was spent.
//
// Token fields: `input` includes `cached`; `thoughts` are billed as output (returned as reasoning);
// `tool` (tool-use prompt tokens) is billed as input and added to it.
import * as path from 'node:path';
import {
  filesUnderRoots,
  listFiles,
  pathApi,
  readIfChanged,
  readLines,
  resumePoint,
  stampOf,
  streamJsonItems,
  wholeFileChanged,
  type Env,
  type FileStamp,
  type JsonlCursor,
  type ResumePoint,
} from './fileCursor';
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
  type UsageRow,
  type UsageTokens,
} from './usageRow';
import { emptyFilesState, isReaderState, type FilesState, type LogReader } from './logReader';
import { zeroTokens } from '../tokens/tokenKinds';

export interface GeminiFileState extends JsonlCursor {
  sessionId?: string;
  /** Per message id, what was last returned (tokens and model), to return only changes. */
  sent: Record<string, string>;
}

export type GeminiCliState = FilesState<GeminiFileState>;

export const emptyGeminiCliState = (): GeminiCliState => emptyFilesState();

/** `$GEMINI_CLI_HOME` replaces the home folder; chats live under `<home>/.gemini/tmp`. */
export function geminiCliDefaultPaths(env: Env, platform: NodeJS.Platform, homedir: string): string[] {
  const p = pathApi(platform);
  const home = env.GEMINI_CLI_HOME?.trim() || homedir;
  return [p.join(home, '.gemini', 'tmp')];
}

/** Chat recordings (`.jsonl`, older `.json`) in `chats` folders under a root. */
export async function findGeminiCliFiles(root: string): Promise<string[]> {
  const files = await listFiles(root, (n) => n.endsWith('.jsonl') || n.endsWith('.json'), 4);
  return files.filter((f) => path.relative(root, f).split(path.sep).includes('chats'));
}

export function geminiTokens(tokens: Record<string, unknown>): UsageTokens {
  const cached = count(tokens.cached);
  const input = count(tokens.input);
  // A raw count that breaks the rules is carried as it is, so the row check names it; subtracting would hide it.
  const broken = [input, cached].find((value) => !(value >= 0));
  return {
    ...zeroTokens(),
    input: (broken ?? Math.max(0, input - cached)) + count(tokens.tool),
    cacheRead: Math.min(cached, input || cached),
    output: count(tokens.output),
    reasoning: count(tokens.thoughts),
  };
}

export async function readGeminiCli(roots: string[], state: GeminiCliState = emptyGeminiCliState()): Promise<ReadResult<GeminiCliState>> {
  const next: GeminiCliState = { version: 1, files: {} };
  const stats = newStats();
  const out = new Map<string, UsageRow>();

  for (const file of await filesUnderRoots(roots, findGeminiCliFiles)) {
    const stamp = await stampOf(file);
    if (!stamp) continue;
    stats.files++;
    const prev = state?.files?.[file];
    const fallbackSession = path
      .basename(file)
      .replace(/\.jsonl?$/, '')
      .replace(/^session-/, '');
    if (file.endsWith('.json')) {
      const unchanged = prev !== undefined && !wholeFileChanged(prev, stamp);
      await readIfChanged(stats, file, next.files, prev, unchanged, () => readWholeJson(file, stamp, prev, fallbackSession));
      continue;
    }
    const from = resumePoint(prev, stamp);
    await readIfChanged(stats, file, next.files, prev, from.unchanged, () => {
      const fileState: GeminiFileState = from.reset
        ? { ...stamp, offset: 0, line: 0, sent: {} }
        : { ...prev!, ...stamp, sent: { ...prev!.sent } };
      return readAppended(file, from, stamp, fileState, fallbackSession);
    });
  }
  const rows = [...out.values()];
  stats.rows = rows.length;
  return { rows, stats, cursorState: next };

  async function readAppended(
    file: string,
    from: ResumePoint,
    stamp: FileStamp,
    fileState: GeminiFileState,
    fallbackSession: string,
  ): Promise<GeminiFileState> {
    const outcome = await readLines(file, from.offset, from.line, stamp.size, (text, lineNo) => {
      const record = parseObjectLine(text, stats, file, lineNo);
      if (!record) return;
      if ('$set' in record || '$rewindTo' in record) return; // metadata patch / rewind: no tokens
      if (typeof record.id !== 'string') {
        if (typeof record.sessionId === 'string') {
          fileState.sessionId = record.sessionId; // the header line
          return;
        }
        return skip(stats, 'unknown line', file, lineNo);
      }
      message(record, fileState, fileState.sessionId ?? fallbackSession, file, lineNo);
    });
    for (const lineNo of outcome.oversized) skip(stats, 'line too long', file, lineNo);
    fileState.offset = outcome.offset;
    fileState.line = outcome.line;
    return fileState;
  }

  async function readWholeJson(file: string, stamp: FileStamp, prev: GeminiFileState | undefined, fallbackSession: string) {
    const fileState: GeminiFileState = { ...stamp, offset: 0, line: 0, sent: {} };
    const before = prev?.sent ?? {};
    const pending: { record: Record<string, unknown>; index: number }[] = [];
    const outcome = await streamJsonItems(
      file,
      { arrayKey: 'messages' },
      (item, index) => {
        if (!isRecord(item) || typeof item.id !== 'string') return skip(stats, 'unknown message', file, index + 1);
        if (item.type === 'gemini' && isRecord(item.tokens)) pending.push({ record: item, index });
      },
      (key, value) => {
        if (key === 'sessionId' && typeof value === 'string') fileState.sessionId = value;
      },
    );
    for (const bad of outcome.bad) skip(stats, bad.reason, file, bad.index + 1);
    if (!outcome.complete) skip(stats, 'incomplete JSON document', file);
    // messages seen in earlier versions of the file stay counted; their signatures carry over
    fileState.sent = { ...before };
    for (const { record, index } of pending) message(record, fileState, fileState.sessionId ?? fallbackSession, file, index + 1);
    return fileState;
  }

  function message(record: Record<string, unknown>, fileState: GeminiFileState, sessionId: string, file: string, lineNo: number): void {
    if (record.type !== 'gemini') return; // user, info, error... messages are not billed
    if (!isRecord(record.tokens)) return; // not finished yet: a later record carries the tokens
    const time = isoTime(record.timestamp);
    if (!time) return skip(stats, timeProblem(record.timestamp), file, lineNo);
    const messageId = record.id as string;
    const tokens = geminiTokens(record.tokens);
    const model = str(record.model);
    const signature = [tokens.input, tokens.cacheRead, tokens.output, tokens.reasoning, model ?? ''].join(',');
    if (fileState.sent[messageId] === signature) return;
    const row: UsageRow = { id: `gemini-cli:${sessionId}:${messageId}`, time, source: 'gemini-cli', sessionId, tokens };
    if (model) row.model = model;
    if (!admitRow(row, stats, file, lineNo)) return;
    fileState.sent[messageId] = signature;
    out.delete(row.id); // the last record wins: keep file order of the latest version
    out.set(row.id, row);
  }
}

export const geminiCliReader: LogReader<GeminiCliState> = {
  source: 'gemini-cli',
  displayName: 'Gemini CLI',
  defaultPaths: geminiCliDefaultPaths,
  read: (roots, state) => readGeminiCli(roots, state),
  isState: (state): state is GeminiCliState => isReaderState(state),
};
