#!/usr/bin/env node
// The CLI entry. Runs the esbuild bundle `dist/bundle/` (built by `npm ci` through `prepare`, or
// `npm run build`) when it is at least as new as every file in `src/`; otherwise the TypeScript
// sources through tsx, so an edit is never shadowed by a stale build.
import { builtIsCurrent } from './bundle-state.js';

let main;
if (process.env.WIREDESK_FROM_SOURCE !== '1' && builtIsCurrent()) {
  ({ main } = await import('../dist/bundle/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
const code = await main(process.argv);
process.exitCode = code;
if (code !== 0) {
  // A command that failed part-way may leave a connection open: exit once stdout is flushed.
  await new Promise((resolve) => process.stdout.write('', resolve));
  process.exit(code);
}
