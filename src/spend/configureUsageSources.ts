// `Tokenwise: Configure Usage Sources`: which agents' logs are read, and from which folders. The setting is a machine
// setting, so it is written to the user settings of the machine the extension runs on: the remote one in a remote
// window (SSH, WSL, a dev container, code-server), where the editor applies it; a workspace can never set it.
import * as vscode from 'vscode';
import { notify } from '../base/notify';
import { LOG_SOURCES, sourceDisplayName, type LogSourceSettings, type UsageSource } from '../core';
import type { SettingsService } from '../base/settings';
import type { UsageIngestService } from './usageIngestService';

/** Arguments that skip the questions, for keybindings and tests. */
export interface ConfigureSourceArguments {
  readonly source?: unknown;
  readonly enabled?: unknown;
  /** Folders that replace the default locations; an empty list goes back to the defaults. */
  readonly paths?: unknown;
}

const isSource = (value: unknown): value is UsageSource => typeof value === 'string' && (LOG_SOURCES as readonly string[]).includes(value);
const MAX_PATHS = 20;

function checkedPaths(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_PATHS) return undefined;
  return value.every((path) => typeof path === 'string' && path.length > 0 && path.length < 4096) ? (value as string[]) : undefined;
}

async function ask(
  settings: SettingsService,
  ingest: UsageIngestService,
): Promise<{ source: UsageSource; change: LogSourceSettings } | undefined> {
  const lookups = ingest.lookups();
  const picked = await vscode.window.showQuickPick(
    lookups.map((lookup) => ({
      label: lookup.name,
      description: lookup.enabled ? 'read' : 'switched off',
      detail: lookup.folders.map((folder) => `${folder.path}${folder.exists ? '' : ' (not there)'}`).join(' · '),
      source: lookup.source,
    })),
    { title: 'Tokenwise: Configure Usage Sources', placeHolder: 'Which agent?' },
  );
  if (!picked) return undefined;
  const current = settings.current.usageSources[picked.source] ?? {};
  const action = await vscode.window.showQuickPick(
    [
      { label: current.enabled === false ? 'Read its logs' : 'Do not read its logs', action: 'toggle' as const },
      { label: 'Choose folders…', description: 'instead of the default locations', action: 'folders' as const },
      { label: 'Use the default folders', action: 'defaults' as const },
    ],
    { title: `Tokenwise: ${picked.label}`, placeHolder: 'What should change?' },
  );
  if (!action) return undefined;
  if (action.action === 'toggle') return { source: picked.source, change: { ...current, enabled: current.enabled === false } };
  if (action.action === 'defaults') return { source: picked.source, change: { enabled: current.enabled, paths: [] } };
  const folders = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: true,
    title: `Folders with ${picked.label}'s logs`,
    openLabel: 'Read These Folders',
  });
  if (!folders?.length) return undefined;
  return { source: picked.source, change: { enabled: true, paths: folders.map((folder) => folder.fsPath) } };
}

export async function configureUsageSources(
  settings: SettingsService,
  ingest: UsageIngestService,
  args: ConfigureSourceArguments = {},
): Promise<void> {
  let chosen: { source: UsageSource; change: LogSourceSettings } | undefined;
  if (args.source !== undefined) {
    const paths = args.paths === undefined ? undefined : checkedPaths(args.paths);
    if (
      !isSource(args.source) ||
      (args.paths !== undefined && !paths) ||
      (args.enabled !== undefined && typeof args.enabled !== 'boolean')
    ) {
      void notify.error('Tokenwise: Configure Usage Sources takes a known source, enabled true or false, and a list of folders.');
      return;
    }
    const current = settings.current.usageSources[args.source] ?? {};
    chosen = {
      source: args.source,
      change: { ...current, ...(args.enabled === undefined ? {} : { enabled: args.enabled }), ...(paths ? { paths } : {}) },
    };
  } else {
    chosen = await ask(settings, ingest);
  }
  if (!chosen) return;
  const next = { ...settings.current.usageSources, [chosen.source]: chosen.change };
  await settings.updateUserSetting('usageSources', next);
  const remote = vscode.env.remoteName ? ` (in the settings of the remote machine, ${vscode.env.remoteName})` : '';
  const folders = chosen.change.paths?.length ? chosen.change.paths.join(', ') : 'its default folders';
  void notify.info(
    chosen.change.enabled === false
      ? `Tokenwise: ${sourceDisplayName(chosen.source)} is no longer read${remote}.`
      : `Tokenwise: ${sourceDisplayName(chosen.source)} is read from ${folders}${remote}.`,
  );
}
