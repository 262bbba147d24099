import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtIsCurrent } from '../bin/bundle-state.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * `bin/wiredesk.js` falls back to the TypeScript sources through tsx when `dist/bundle` is older
 * than `src/` (after an edit): a worker process or CLI timed then would be that fallback
 * (slower, ~80 MB more), not what a user runs. Builds the bundle first when it is stale; called
 * before anything is measured.
 */
export function ensureBundle(log: (line: string) => void): void {
  if (builtIsCurrent()) return;
  log('dist/bundle is older than src/: building it, so the worker process and the CLI run what a user runs');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle-cli.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the CLI bundle did not build (node scripts/bundle-cli.mjs)');
}
