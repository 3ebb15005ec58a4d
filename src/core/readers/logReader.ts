// What every log reader provides, so that the registry can list it and the ingest can run it.
import type { Env } from './fileCursor';
import { isRecord, type ReadResult, type UsageRow, type UsageSource } from './usageRow';

/**
 * Takes rows while a pass runs. A row handed over may come again later in the same pass with more tokens (a response
 * that went on in another file): as across passes, the consumer keeps the more complete copy of an id.
 */
export type RowSink = (rows: UsageRow[]) => void;

/** A folder to watch: its files (or its whole tree), or, with `structure`, the folders in it that come and go. */
export interface WatchFolder {
  readonly path: string;
  readonly recursive: boolean;
  /** Whether a change to the entry `name` here may add a folder to watch: then the watchers are set up again. */
  readonly structure?: (name: string) => boolean;
}

/** The state of a reader that keeps one entry per file (its cursor, and what it returned from that file). */
export interface FilesState<F> {
  version: 1;
  files: Record<string, F>;
}

export function emptyFilesState<F>(): FilesState<F> {
  return { version: 1, files: {} };
}

/** A reader's persisted cursor state: plain JSON, versioned, with one entry per file it read. */
export interface ReaderStateShape {
  readonly version: 1;
  readonly files: Record<string, unknown>;
}

export interface LogReader<S extends ReaderStateShape = ReaderStateShape> {
  readonly source: UsageSource;
  /** How the Spend view, notifications and the command line name the agent. */
  readonly displayName: string;
  /** Where the agent writes by default on this platform, after its environment variables. */
  defaultPaths(env: Env, platform: NodeJS.Platform, homedir: string): string[];
  /** For an agent living in the editor: where it writes in the editor whose User folder is `userDir`. */
  rootsInEditor?(userDir: string, platform: NodeJS.Platform): string[];
  /** The folders under a root to watch for new usage, when not the whole root recursively (a User folder is large). */
  watchFolders?(root: string): WatchFolder[];
  /** Whether a changed file may hold usage; default: any `.json` or `.jsonl` file. */
  isLogFile?(file: string): boolean;
  /**
   * Finds the agent's files under `roots` and reads what is new since `state` (what the previous call returned, or
   * undefined to start over). Skips and counts bad rows; may throw only for a fault of its own. A reader may hand
   * rows to `onRows` as it goes (a long pass then holds few at a time); the result's rows are the ones it did not.
   */
  read(roots: string[], state: S | undefined, onRows?: RowSink): Promise<ReadResult<S>>;
  /** Whether a persisted state is one this reader wrote; a state that is not is dropped and reading starts over. */
  isState(state: unknown): state is S;
}

/** The shape every reader's state shares; a reader adds its own checks. */
export function isReaderState(state: unknown): state is ReaderStateShape {
  return isRecord(state) && state.version === 1 && isRecord(state.files);
}
