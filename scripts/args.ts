import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root, and the shared corpora beside it (never inside the repository). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_DATA = path.join(ROOT, '..', 'shared', 'data');

/** `--name value` from the command line, or the fallback. */
export function option(name: string, fallback: string): string {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
}
