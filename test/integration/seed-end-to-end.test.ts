import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/queue/connection.ts';
import { createStoryQueue } from '../../src/queue/queue.ts';
import { sandbox, SEED, wiredesk, type Sandbox } from './harness.ts';

describe('the seed story through ingest, the worker and search (real CLI, Redis, Elasticsearch)', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = sandbox('seed');
  });
  afterAll(async () => {
    await box.cleanup();
  });

  const documentCount = async () => (await box.indexed()).length;

  it('is enqueued, indexed by a worker, and found by `search Taliban` with its Moscow dateline', async () => {
    const ingest = await wiredesk(box, ['ingest', '--json', SEED]);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ enqueued: 1, duplicates: 0, rejected: [] });

    const worker = await wiredesk(box, ['worker', '--exit-when-drained']);
    expect(worker.code, worker.stderr).toBe(0);
    expect(worker.stdout).toContain('1 completed, 0 failed');

    const search = await wiredesk(box, ['search', 'Taliban', '--json']);
    expect(search.code, search.stderr).toBe(0);
    const result = JSON.parse(search.stdout);
    expect(result.total).toBe(1);
    expect(result.hits[0].dateline).toMatchObject({ city: 'Moscow', region: 'Russia', country: 'RU', date: '2021-08-26', agency: 'ANI' });
    expect(result.hits[0].body.startsWith('Russian President Vladimir Putin')).toBe(true);
    expect(result.hits[0].highlight.body.join(' ')).toContain('<em>Taliban</em>');

    const table = await wiredesk(box, ['search', 'Taliban']);
    expect(table.stdout).toContain('Moscow, Russia, RU · ANI · 2021-08-26');
  });

  it('is a duplicate when ingested again, and still one document', async () => {
    const again = await wiredesk(box, ['ingest', '--json', SEED]);
    expect(JSON.parse(again.stdout)).toMatchObject({ enqueued: 0, duplicates: 1 });
    expect(await documentCount()).toBe(1);
  });

  it('stays one document when re-enqueued after its job is gone and indexed again', async () => {
    const connection = createRedis(box.config, 'producer');
    const queue = createStoryQueue(box.config, connection);
    await queue.clean(0, 1000, 'completed');
    await queue.close();
    await connection.quit();

    const ingest = await wiredesk(box, ['ingest', '--json', SEED]);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ enqueued: 1 });
    const worker = await wiredesk(box, ['worker', '--exit-when-drained']);
    expect(worker.stdout).toContain('1 completed, 0 failed');
    expect(await documentCount()).toBe(1);
  });

  it('shows the completed jobs in `status`', async () => {
    const status = await wiredesk(box, ['status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).counts).toMatchObject({ completed: 1, failed: 0, waiting: 0 });
  });
});
