import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsClient } from '../../src/elastic/client.ts';
import { bulkLoadMarker, loadSettingsOf, withBulkLoad, writeIndexOf } from '../../src/elastic/bulk-load.ts';
import { ensureIndex } from '../../src/elastic/setup.ts';
import { ROOT, runWiredesk, sandbox, SEED, wiredesk, type Sandbox } from './harness.ts';

const BIN = fileURLToPath(new URL('../../bin/wiredesk.js', import.meta.url));
/** What the template gives a fresh index; bulk-load mode must always end with these back. */
const BEFORE = { refresh_interval: '1s', auto_expand_replicas: '0-1' };
const DURING = { refresh_interval: '-1', auto_expand_replicas: 'false', number_of_replicas: '0' };

describe('bulk-load mode on the real Elasticsearch: settings for the run, put back however it ends', () => {
  let box: Sandbox;
  let es: ReturnType<typeof createEsClient>;
  let index: string;
  const settings = () => loadSettingsOf(es, index);

  beforeAll(async () => {
    box = sandbox('bulk-load');
    es = createEsClient(box.config);
    await ensureIndex(es, box.config.index);
    index = await writeIndexOf(es, box.config.index);
    expect(await settings()).toMatchObject(BEFORE);
  });
  afterAll(async () => {
    await es?.close();
    await box?.cleanup();
  });

  it('sets no refresh and no replicas during the work and restores them after it, also when the work fails', async () => {
    await withBulkLoad(es, box.config.index, async (load) => {
      expect(load.previous).toMatchObject(BEFORE);
      expect(await settings()).toMatchObject(DURING);
      expect(await bulkLoadMarker(es, index)).toMatchObject({ previous: BEFORE });
    });
    expect(await settings()).toMatchObject(BEFORE);
    expect(await bulkLoadMarker(es, index)).toBeNull();

    await expect(withBulkLoad(es, box.config.index, async () => {
      expect(await settings()).toMatchObject(DURING);
      throw new Error('the backfill broke');
    })).rejects.toThrow('the backfill broke');
    expect(await settings()).toMatchObject(BEFORE);
    expect(await bulkLoadMarker(es, index)).toBeNull();
  });

  it('`worker --bulk-load --exit-when-drained`: settings restored after a clean run, the story searchable', async () => {
    expect((await wiredesk(box, ['ingest', SEED])).code).toBe(0);
    const run = await wiredesk(box, ['worker', '--bulk-load', '--exit-when-drained']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('1 completed, 0 failed');
    expect(await settings()).toMatchObject(BEFORE);
    expect(await bulkLoadMarker(es, index)).toBeNull();
    expect((await es.count({ index: box.config.index })).count).toBe(1);
  });

  it('gathers follow-ups for seconds, not milliseconds: stories acknowledged one request apart share one batch (one forced refresh)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wd-bulk-gather-'));
    const towns = ['Leeds', 'Hull', 'York', 'Derby', 'Bath', 'Ely', 'Wells', 'Truro', 'Ripon', 'Perth'];
    towns.forEach((town, i) =>
      writeFileSync(path.join(dir, `${i}.txt`), `${town.toUpperCase()}, March ${i + 3} (Reuters) - The ${town} harbour board said on Tuesday it would ${i % 2 ? 'raise' : 'cut'} berth fees by ${i + 2} percent from April, citing ${['dredging', 'pilotage', 'wages', 'insurance', 'lighting'][i % 5]} costs and a ${i + 11} percent fall in tonnage.\n`),
    );
    try {
      expect((await wiredesk(box, ['ingest', dir])).code).toBe(0);
      // One story a `_bulk` request: each is acknowledged some milliseconds after the one before.
      const env = { ...process.env, ...box.env, WIREDESK_BULK_MAX_DOCS: '1', WIREDESK_BULK_REQUESTS: '1', WIREDESK_LOG_LEVEL: 'debug' };
      const run = await runWiredesk(env, ['worker', '--bulk-load', '--exit-when-drained', '--no-feeds']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`${towns.length} completed, 0 failed`);
      const batches = run.stderr.split('\n').filter((l) => l.includes('"msg":"follow-up batch settled"')).map((l) => (JSON.parse(l) as { stories: number }).stories);
      expect(batches.reduce((a, b) => a + b, 0)).toBe(towns.length);
      expect(batches.length).toBeLessThanOrEqual(2); // one, or two on a machine slow enough to take 2 s for ten (a live worker's window: five or more)
      expect(await settings()).toMatchObject(BEFORE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Starts `worker --bulk-load` and resolves once its bulk-load mode is on. */
  const startBulkWorker = async () => {
    const child = spawn(process.execPath, [BIN, 'worker', '--bulk-load', '--no-feeds'], { cwd: ROOT, env: { ...process.env, ...box.env, WIREDESK_LOG_LEVEL: 'info' } });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('"msg":"worker started"')) resolve();
      });
      void exited.then((code) => reject(new Error(`the worker exited with ${code} before it started: ${stderr}`)));
    });
    expect(await settings()).toMatchObject(DURING);
    return { child, exited, stderr: () => stderr };
  };

  it('restores the settings when the worker is stopped with SIGTERM', async () => {
    const worker = await startBulkWorker();
    worker.child.kill('SIGTERM');
    expect(await worker.exited, worker.stderr()).toBe(0);
    expect(await settings()).toMatchObject(BEFORE);
    expect(await bulkLoadMarker(es, index)).toBeNull();
  });

  it('a worker killed hard leaves a marker; the next `wiredesk setup` finds it and restores the settings', async () => {
    const worker = await startBulkWorker();
    worker.child.kill('SIGKILL');
    await worker.exited;
    expect(await settings()).toMatchObject(DURING);
    expect(await bulkLoadMarker(es, index)).toMatchObject({ previous: BEFORE });
    const setup = await wiredesk(box, ['setup']);
    expect(setup.code, setup.stderr).toBe(0);
    expect(await settings()).toMatchObject(BEFORE);
    expect(await bulkLoadMarker(es, index)).toBeNull();
  });
});
