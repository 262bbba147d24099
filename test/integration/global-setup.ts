import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './chromium.ts';

const SERVICES = fileURLToPath(new URL('../../scripts/services', import.meta.url));
const ES_URL = process.env.WIREDESK_ES_URL ?? 'http://127.0.0.1:9200';

async function esAnswers(): Promise<boolean> {
  try {
    const r = await fetch(`${ES_URL}/_cluster/health`, { signal: AbortSignal.timeout(3000) });
    return r.ok;
  } catch {
    return false;
  }
}

/**
 * Integration tests run against the real Redis and Elasticsearch, and the dashboard test drives
 * Debian's chromium. Chromium is installed where missing (or one line says how); where
 * Elasticsearch does not answer, the services script starts both, and teardown stops only what
 * it started.
 */
export default async function setup(): Promise<() => void> {
  ensureChromium();
  if (await esAnswers()) return () => undefined;
  const up = spawnSync(SERVICES, ['up'], { stdio: 'inherit' });
  if (up.status !== 0) throw new Error(`scripts/services up failed (exit ${up.status}): the integration tests need Redis and Elasticsearch`);
  return () => {
    spawnSync(SERVICES, ['down'], { stdio: 'inherit' });
  };
}
