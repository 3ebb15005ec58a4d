import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { projectRoot } from '../support/paths';

const SOURCE = join(projectRoot, 'src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** Folder → the folders its files import from, with one file that does, for the message. */
function folderImports(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(SOURCE)) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']*)'/g)) {
      const target = normalize(join(dirname(file), spec));
      const targetFolder = existsFolder(target) ? target : dirname(target);
      const from = dirname(file);
      if (targetFolder === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      graph.get(from)!.set(targetFolder, relative(SOURCE, file));
    }
  }
  return graph;
}

function existsFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

describe('source layout', () => {
  it('has no import loops between folders', () => {
    const graph = folderImports();
    const loops: string[] = [];
    const walk = (start: string, at: string, path: string[]) => {
      for (const [next, via] of graph.get(at) ?? []) {
        if (next === start) loops.push([...path, via].join(' → '));
        else if (!path.includes(next) && path.length < 8) walk(start, next, [...path, via]);
      }
    };
    for (const folder of graph.keys()) walk(folder, folder, []);
    assert.deepEqual(loops, []);
  });

  it('keeps the core free of the editor, and the browser scripts free of host code', () => {
    const offenders = sourceFiles(SOURCE).filter((file) => {
      const text = readFileSync(file, 'utf8');
      const path = relative(SOURCE, file);
      if (path.startsWith('core/') || path.startsWith('cli')) return /from 'vscode'/.test(text);
      if (path.startsWith('webview/')) return /from 'vscode'|from 'node:/.test(text);
      return false;
    });
    assert.deepEqual(
      offenders.map((file) => relative(SOURCE, file)),
      [],
    );
  });

  it('keeps every source file under about 400 lines', () => {
    const long = sourceFiles(SOURCE)
      .filter((file) => !file.endsWith('.generated.ts'))
      .map((file) => [relative(SOURCE, file), readFileSync(file, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 420);
    assert.deepEqual(long, []);
  });

  it("exports from the core's index only what the command line and the VS Code layer import", () => {
    const index = readFileSync(join(SOURCE, 'core', 'index.ts'), 'utf8');
    const exported = [...index.matchAll(/export \{([^}]*)\}/g)].flatMap(([, names]) => namesIn(names));
    const imported = new Set<string>();
    for (const file of sourceFiles(SOURCE).filter((path) => !relative(SOURCE, path).startsWith('core/'))) {
      for (const [, names, spec] of readFileSync(file, 'utf8').matchAll(/import (?:type )?\{([^}]*)\} from '(\.[^']*)'/g)) {
        if (normalize(join(dirname(file), spec)) === join(SOURCE, 'core')) for (const name of namesIn(names)) imported.add(name);
      }
    }
    assert.ok(exported.length > 50, `read ${exported.length} names from core/index.ts`);
    assert.deepEqual(
      exported.filter((name) => !imported.has(name)),
      [],
    );
  });
});

/** The names of an import or export list: `a, type B, c as d` gives a, B and c. */
function namesIn(list: string): string[] {
  return list
    .split(',')
    .map(
      (entry) =>
        entry
          .trim()
          .replace(/^type /, '')
          .split(/\s+as\s+/)[0],
    )
    .filter((name) => name.length > 0);
}
