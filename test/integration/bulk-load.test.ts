import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsClient } from '../../src/elastic/client.ts';
import { bulkLoadMarker, loadSettingsOf, withBulkLoad, writeIndexOf } from '../../src/elastic/bulk-load.ts';
import { ensureIndex } from '../../src/elastic/setup.ts';
import { ROOT, sandbox, SEED, wiredesk, type Sandbox } from './harness.ts';

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
