// Whether the esbuild bundle `dist/bundle/` is at least as new as every file in `src/`: the CLI
// entry runs it only then (else the sources through tsx), and the benchmarks rebuild it when not.
import { readdirSync, statSync } from 'node:fs';

const root = new URL('..', import.meta.url);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs);
  }
  return newest;
}

export function builtIsCurrent() {
  try {
    const built = statSync(new URL('dist/bundle/cli.js', root)).mtimeMs;
    return built >= newestMtime(new URL('src', root).pathname);
  } catch {
    return false;
  }
}
