import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsClient } from '../../src/elastic/client.ts';
import { ensureIndex } from '../../src/elastic/setup.ts';
import { createLogger } from '../../src/logger.ts';
import { createRedis } from '../../src/queue/connection.ts';
import { enqueueArticle } from '../../src/queue/producer.ts';
import { createStoryQueue } from '../../src/queue/queue.ts';
import { createReenrichQueue, enqueueReenrichment } from '../../src/queue/reprocess.ts';
import { startStoryWorker } from '../../src/runtime/story-worker.ts';
import { sleep } from '../../src/time.ts';
import { PIPELINE_REVISION } from '../../src/version.ts';
import { sandbox, type Sandbox } from './harness.ts';
import { allStories, harbourStory, indexWithRaw, stampedOld } from './reprocess-support.ts';

describe('live stories ingested while the archive is re-enriched', () => {
  let box: Sandbox;
  let es: ReturnType<typeof createEsClient>;
  let connection: ReturnType<typeof createRedis>;
  const archive = Array.from({ length: 200 }, (_, n) => harbourStory(n));
  // Longer stories, so the live run lasts long enough to see what the worker takes meanwhile.
  const live = Array.from({ length: 40 }, (_, n) => harbourStory(1000 + n, 60));

  beforeAll(async () => {
    box = sandbox('reorder');
    es = createEsClient(box.config);
    connection = createRedis(box.config, 'producer');
    await ensureIndex(es, box.config.index);
    await indexWithRaw(es, box.config.index, archive.map((raw) => ({ doc: stampedOld(raw), raw })));
  });
  afterAll(async () => {
    await connection.quit();
    await es.close();
    await box.cleanup();
  });

  it('go first: no re-enrichment starts while a live story waits, and the backlog resumes after them', async () => {
    const reenrichQueue = createReenrichQueue(box.config, connection);
    const liveQueue = createStoryQueue(box.config, connection);
    await enqueueReenrichment(reenrichQueue, archive.map((raw) => stampedOld(raw).id));

    const worker = await startStoryWorker(box.config, createLogger({ logLevel: 'silent', logFormat: 'json' }), { exitWhenDrained: true, concurrency: 2, reenrichConcurrency: 1 });
    while (worker.reenrichCounts().completed < 10) await sleep(20);
    for (const raw of live) expect((await enqueueArticle(liveQueue, raw)).status).toBe('enqueued');
    const liveQueuedAt = Date.now();
    await worker.stopped;
    await Promise.all([reenrichQueue.close(), liveQueue.close()]);

    expect(worker.counts()).toEqual({ completed: 40, failed: 0 });
    expect(worker.reenrichCounts()).toEqual({ completed: 200, failed: 0 });
    const docs = await allStories(es, box.config.index);
    const isLive = (name: string | null) => Number(name?.slice('harbour-'.length)) >= 1000;
    const liveDocs = docs.filter((d) => isLive(d.source.name));
    const archived = docs.filter((d) => !isLive(d.source.name));
    expect(liveDocs).toHaveLength(40);
    expect(archived).toHaveLength(200);
    expect(archived.filter((d) => d.pipelineRevision !== PIPELINE_REVISION)).toEqual([]);

    // `ingestedAt` is when a job started. The worker looks at the live queue every 250 ms and
    // lets the re-enrichment already in hand finish: half a second after the live stories
    // were queued, no re-enrichment may start until the last of them has.
    const startOf = (d: { ingestedAt: string }) => Date.parse(d.ingestedAt);
    const lastLive = Math.max(...liveDocs.map(startOf));
    expect(lastLive - liveQueuedAt, 'the live stories took long enough to tell').toBeGreaterThan(1000);
    const startedWhileLiveWaited = archived.filter((d) => startOf(d) > liveQueuedAt + 500 && startOf(d) < lastLive);
    expect(startedWhileLiveWaited.map((d) => d.source.name)).toEqual([]);
    // The backlog was still there when the live stories came, and went on after them.
    expect(archived.filter((d) => startOf(d) > lastLive).length).toBeGreaterThan(50);
  }, 180_000);
});
