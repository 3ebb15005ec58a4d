// "Where Tokenwise looked": per agent, whether it is read, each folder checked and whether it is there, and what the
// last scan found (files, events added, lines skipped and why). Said in the Spend view, the output channel and the
// command line, so an empty view is never a mystery.
import { existsSync } from 'node:fs';
import { LOG_SOURCES, logSourceRoots, sourceDisplayName, type LogSourceSettings } from '../readers/registry';
import { describeSkipSummary, type SkipSummary, type UsageSource } from '../readers/usageRow';
import type { IngestResult } from './ingest';

export interface SourceLookup {
  readonly source: UsageSource;
  readonly name: string;
  readonly enabled: boolean;
  /** The folders read (or, switched off, the ones that would be), and whether each exists. */
  readonly folders: readonly { readonly path: string; readonly exists: boolean }[];
  /** From the last scan; undefined before one ran. */
  readonly files: number | undefined;
  readonly added: number | undefined;
  readonly skipped: number | undefined;
  readonly skipReasons: readonly string[];
  /** ISO time of the last scan. */
  readonly lastRead: string | undefined;
  readonly failed: string | undefined;
}

export interface LookupEnvironment {
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  readonly homedir: string;
  /** The User folder of the editor Tokenwise runs in (its agents' folders are read there too). */
  readonly editorUserDir?: string;
  /** Whether a folder is there: the file system, unless a test says otherwise. */
  readonly exists?: (path: string) => boolean;
}

export function describeLookups(
  settings: Readonly<Partial<Record<UsageSource, LogSourceSettings>>>,
  environment: LookupEnvironment,
  last: { readonly result: IngestResult; readonly time: Date } | undefined,
): SourceLookup[] {
  const exists = environment.exists ?? existsSync;
  return LOG_SOURCES.map((source) => {
    const own = settings[source];
    const enabled = own?.enabled !== false;
    const folders = logSourceRoots(
      source,
      { ...own, enabled: true },
      environment.env,
      environment.platform,
      environment.homedir,
      environment.editorUserDir,
    );
    const read = last && enabled ? last.result : undefined;
    const reasons: readonly SkipSummary[] = read?.skipReasons[source] ?? [];
    return {
      source,
      name: sourceDisplayName(source),
      enabled,
      folders: folders.map((path) => ({ path, exists: exists(path) })),
      files: read ? (read.files[source] ?? 0) : undefined,
      added: read ? (read.appended[source] ?? 0) : undefined,
      skipped: read ? (read.skipped[source] ?? 0) : undefined,
      skipReasons: reasons.map((reason) => describeSkipSummary(reason)),
      lastRead: last?.time.toISOString(),
      failed: read?.failed[source],
    };
  });
}

/** One line per source, for the output channel and the command line. */
export function lookupLines(lookups: readonly SourceLookup[]): string[] {
  return lookups.map((lookup) => {
    if (!lookup.enabled) return `${lookup.name}: switched off in tokenwise.usageSources`;
    const folders = lookup.folders.map((folder) => `${folder.path} (${folder.exists ? 'found' : 'not there'})`).join(', ');
    const found =
      lookup.files === undefined
        ? 'not read yet'
        : `${lookup.files} files, ${lookup.added} events added${lookup.skipped ? `, ${lookup.skipped} lines skipped: ${lookup.skipReasons.join('; ')}` : ''}`;
    return `${lookup.name}: ${folders || 'no folder'}; ${found}${lookup.failed ? `; could not write to the ledger: ${lookup.failed}` : ''}`;
  });
}
