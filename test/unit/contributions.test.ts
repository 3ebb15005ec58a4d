import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands } from '../../src/base/commands';
import { SETTING_KEYS } from '../../src/core/settings';
import { SETTINGS_SECTION } from '../../src/core';
import { projectRoot } from '../support/paths';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, unknown> };
    menus: Record<string, { command: string }[]>;
    keybindings?: { command: string }[];
  };
}

/** package.json and the code name the same commands and settings: none contributed but unhandled, none handled but hidden. */
describe('contributions', () => {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as Manifest;
  const sorted = (values: Iterable<string>) => [...values].sort();

  it('every contributed command is in the command list, and every listed command is contributed', () => {
    assert.deepEqual(sorted(manifest.contributes.commands.map((command) => command.command)), sorted(Object.values(Commands)));
  });

  it('menus and key bindings name only contributed commands (or the views VS Code makes for them)', () => {
    const known = new Set<string>(Object.values(Commands));
    const named = [...Object.values(manifest.contributes.menus).flat(), ...(manifest.contributes.keybindings ?? [])].map(
      (entry) => entry.command,
    );
    assert.deepEqual(
      named.filter((command) => !known.has(command)),
      [],
    );
  });

  it('every setting in package.json has a field in the settings accessor, and every field a setting', () => {
    const declared = sorted(Object.keys(manifest.contributes.configuration.properties));
    assert.deepEqual(declared, sorted(Object.values(SETTING_KEYS).map((key) => `${SETTINGS_SECTION}.${key}`)));
  });
});
