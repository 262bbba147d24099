import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The browser the dashboard test drives through playwright-core: Debian's `chromium` package. */
export const CHROMIUM = '/usr/bin/chromium';
const PACKAGE = 'chromium';

function succeeds(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** How to run apt-get here: directly as root, through passwordless sudo, or not at all. */
function aptRunner(): string[] | undefined {
  if (!succeeds('sh', ['-c', 'command -v apt-get'])) return undefined;
  if (process.getuid?.() === 0) return [];
  if (succeeds('sudo', ['-n', 'true'])) return ['sudo', '-n'];
  return undefined;
}

/**
 * Installs Debian's chromium with apt-get when it is missing and this user may install (root or
 * passwordless sudo), as `scripts/services` fetches Elasticsearch. Otherwise throws one line
 * naming the command to run: the dashboard test fails rather than skips without a browser.
 */
export function ensureChromium(path = CHROMIUM, pkg = PACKAGE): void {
  if (existsSync(path)) return;
  const runner = aptRunner();
  const command = `apt-get install -y ${pkg}`;
  if (!runner) throw new Error(`${path} is missing and this user cannot install it: run \`sudo ${command}\`, then the tests again`);
  console.log(`--- ${pkg}: ${path} is missing; installing Debian's ${pkg} with apt-get (the dashboard test drives it)`);
  const env = ['env', 'DEBIAN_FRONTEND=noninteractive'];
  for (const args of [['apt-get', 'update', '-qq'], ['apt-get', 'install', '-y', '-qq', pkg]]) {
    const [cmd, ...rest] = [...runner, ...env, ...args];
    const run = spawnSync(cmd!, rest, { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`\`${args.join(' ')}\` failed (exit ${run.status}): run \`sudo ${command}\`, then the tests again`);
  }
  if (!existsSync(path)) throw new Error(`apt-get installed ${pkg} but ${path} is still missing`);
}
