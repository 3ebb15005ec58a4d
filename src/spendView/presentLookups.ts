// "Where Tokenwise looked", for the Spend view: per agent, read or not, each folder and whether it is there, what the
// last scan found, and when. Plain data in and out.
import { formatCount, type SourceLookup } from '../core';
import type { LookupView } from '../webview/spend/protocol';

export function presentLookups(lookups: readonly SourceLookup[], timeZone: string): LookupView[] {
  const when = new Intl.DateTimeFormat('en-US', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  });
  return lookups.map((lookup) => {
    let found: string;
    if (!lookup.enabled) found = 'Switched off in tokenwise.usageSources.';
    else if (lookup.files === undefined) found = 'Not read yet.';
    else {
      const skipped = lookup.skipped ? `, ${formatCount(lookup.skipped)} lines skipped` : '';
      const read = when.format(new Date(lookup.lastRead!));
      found = `${formatCount(lookup.files)} log files, ${formatCount(lookup.added ?? 0)} new events${skipped}; read ${read}.`;
    }
    return {
      name: lookup.name,
      enabled: lookup.enabled,
      // A source switched off is one line: its folders are not read, so listing them says nothing.
      folders: lookup.enabled ? lookup.folders.map((folder) => ({ path: folder.path, state: folder.exists ? 'found' : 'not there' })) : [],
      found: lookup.failed ? `${found} Could not write to the ledger: ${lookup.failed}.` : found,
      reasons: [...lookup.skipReasons],
    };
  });
}
