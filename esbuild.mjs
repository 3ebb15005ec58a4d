// Bundles the extension and its counting worker. Type checking is separate (`npm run typecheck`).
//   node esbuild.mjs               development build with sourcemaps
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --production  minified, no sourcemaps (what the .vsix ships)
import * as esbuild from 'esbuild';
import { generatePriceCatalog } from './scripts/generatePriceCatalog.mjs';
import { generateVocabularies } from './scripts/generateVocabularies.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints esbuild's problems in the `file:line:col: error:` form the VS Code problem matcher reads. */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of [...result.errors, ...result.warnings]) {
        console.error(`✘ ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const shared = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Prefer packages' ES module builds: jsonc-parser's default UMD build loads its parts with a require() no bundler can follow.
  mainFields: ['module', 'main'],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [problemReporter],
};

// The price snapshot is regenerated from the pinned @pydantic/genai-prices on every build; it only changes when the data does.
await generatePriceCatalog();
// The published vocabularies, converted to the compact form the worker loads (only when a source changed).
generateVocabularies();

const builds = [
  // The extension itself stays small: js-tiktoken, its rank tables and the vocabularies live only in the worker.
  { ...shared, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...shared, entryPoints: ['src/core/counting/countWorker.ts'], outfile: 'dist/countWorker.js' },
  // The command line, a plain Node program over the same core.
  { ...shared, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // Webview scripts run in the browser sandbox of the webview.
  ...['compare', 'spend'].map((view) => ({
    ...shared,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: [`src/webview/${view}/main.ts`],
    outfile: `dist/webview/${view}.js`,
  })),
];

const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  const results = await Promise.allSettled(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  if (results.some((result) => result.status === 'rejected')) process.exit(1);
}
