#!/usr/bin/env node
// The CLI entry: runs the TypeScript sources through tsx, so `npx wiredesk` works right after
// `npm ci` with no build step to remember.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv);
process.exitCode = code;
if (code !== 0) {
  // A command that failed part-way may leave a connection open: exit once stdout is flushed.
  await new Promise((resolve) => process.stdout.write('', resolve));
  process.exit(code);
}
