import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkIndexer } from '../../src/elastic/bulk-indexer.ts';
import { createEsClient } from '../../src/elastic/client.ts';
import { rawAliasOf, rawCompanion, rawIndexOf, readRawArticle, type RawRecord } from '../../src/elastic/raw-store.ts';
import { getStory } from '../../src/elastic/search.ts';
import { ensureIndex } from '../../src/elastic/setup.ts';
import { EnrichPool } from '../../src/enrichment/pool.ts';
import { ServiceUnavailableError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { createRedis } from '../../src/queue/connection.ts';
import { enqueueArticle } from '../../src/queue/producer.ts';
import { createStoryQueue, type StoryJobData } from '../../src/queue/queue.ts';
import { createReenrichQueue, enqueueReenrichment, reenrichBacklog } from '../../src/queue/reprocess.ts';
import { reenrichForMigration } from '../../src/runtime/reenrich-migration.ts';
import { startStoryWorker } from '../../src/runtime/story-worker.ts';
import { sleep } from '../../src/time.ts';
import { PIPELINE_REVISION } from '../../src/version.ts';
import { sandbox, type Sandbox } from './harness.ts';
import { allStories, harbourStory, indexWithRaw, stampedOld } from './reprocess-support.ts';

const silent = createLogger({ logLevel: 'silent', logFormat: 'json' });

/** A ninjs story and its kill notice (same `uri`, so the same story id). */
const ninjs = (kind: 'story' | 'kill'): StoryJobData => ({
  content: JSON.stringify({
    uri: 'urn:example:reprocess:pilots',
    version: '1',
    versioncreated: kind === 'story' ? '2024-06-01T08:00:00Z' : '2024-06-01T09:30:00Z',
    pubstatus: kind === 'story' ? 'usable' : 'canceled',
    language: 'en',
    headline: kind === 'story' ? 'Harbour pilots stop work over rosters' : 'KILL: Harbour pilots stop work',
    ...(kind === 'story' ? { body_text: 'ROTTERDAM, June 1 (Wire) - Harbour pilots stopped work on Saturday, and a union spokesman said "not one ship will move" until talks resume.' } : { urgency: 1 }),
  }),
  format: 'auto',
  receivedAt: kind === 'story' ? '2024-06-01T08:01:00Z' : '2024-06-01T09:31:00Z',
  source: `pilots-${kind}`,
});

describe('raw articles kept with their stories, and what re-enrichment may replace', () => {
  let box: Sandbox;
  let es: ReturnType<typeof createEsClient>;
  let connection: ReturnType<typeof createRedis>;
  let liveQueue: ReturnType<typeof createStoryQueue>;
  let reenrichQueue: ReturnType<typeof createReenrichQueue>;
  const drain = async () => {
    const worker = await startStoryWorker(box.config, silent, { exitWhenDrained: true, concurrency: 4 });
    await worker.stopped;
    return { live: worker.counts(), reenrich: worker.reenrichCounts() };
  };

  beforeAll(async () => {
    box = sandbox('reguard');
    es = createEsClient(box.config);
    connection = createRedis(box.config, 'producer');
    liveQueue = createStoryQueue(box.config, connection);
    reenrichQueue = createReenrichQueue(box.config, connection);
    await ensureIndex(es, box.config.index);
  });
  afterAll(async () => {
    await Promise.all([liveQueue.close(), reenrichQueue.close()]);
    await connection.quit();
    await es.close();
    await box.cleanup();
  });

  it('writes each story raw article, compressed, with its document; a kill keeps it and adds its own; a withdrawn story stays withdrawn', async () => {
    const story = ninjs('story');
    const enqueued = await enqueueArticle(liveQueue, story);
    expect(enqueued.status).toBe('enqueued');
    expect(await drain()).toMatchObject({ live: { completed: 1, failed: 0 } });
    const id = (await allStories(es, box.config.index))[0]!.id;
    expect(await readRawArticle(es, box.config.index, id)).toEqual(story);
    const stored = (await es.get<RawRecord>({ index: rawAliasOf(box.config.index), id }))._source!;
    expect(stored).toMatchObject({ storyId: id, encoding: 'gzip+base64', storyVersion: 1 });
    expect(Buffer.from(stored.content, 'base64').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));

    await enqueueArticle(liveQueue, ninjs('kill'));
    expect(await drain()).toMatchObject({ live: { completed: 1, failed: 0 } });
    expect(await getStory(es, box.config.index, id)).toMatchObject({ pubStatus: 'canceled', headline: 'Harbour pilots stop work over rosters' });
    expect(await readRawArticle(es, box.config.index, id)).toEqual(story);
    expect(await readRawArticle(es, box.config.index, `${id}-kill`)).toEqual(ninjs('kill'));

    // Enriched again from its raw article, the story is not brought back: the withdrawn document is newer.
    await enqueueReenrichment(reenrichQueue, [id]);
    expect(await drain()).toMatchObject({ reenrich: { completed: 1, failed: 0 } });
    expect(await getStory(es, box.config.index, id)).toMatchObject({ pubStatus: 'canceled' });
  }, 120_000);

  it('never replaces a newer version of a story or a newer pipeline\'s document, and fails at once, saying why, for a story with no raw article', async () => {
    const raw = harbourStory(1);
    const old = stampedOld(raw);
    // Written by a newer pipeline (a worker already upgraded, say): same story version, higher revision.
    const newerRaw = harbourStory(5);
    const newer = { ...stampedOld(newerRaw), pipelineVersion: '9.9.9', pipelineRevision: PIPELINE_REVISION + 1 };
    await indexWithRaw(es, box.config.index, [{ doc: old, raw }, { doc: newer, raw: newerRaw }]);
    // A newer version of the story came (enriched by the older pipeline too) while its raw
    // article, read for re-enrichment, was still the first version's.
    const writer = new BulkIndexer({ client: es, alias: box.config.index, maxDocs: 10, maxBytes: 1e7, flushMs: 10 });
    expect(await writer.index({ ...old, version: 2, headline: 'Second take' })).toBe('updated');
    const orphan = stampedOld(harbourStory(2));
    expect(await writer.index(orphan)).toBe('created');
    await writer.close();

    await enqueueReenrichment(reenrichQueue, [old.id, newer.id, orphan.id]);
    expect(await drain()).toMatchObject({ reenrich: { completed: 2, failed: 1 } });
    expect(await getStory(es, box.config.index, newer.id)).toMatchObject({ version: 1, pipelineVersion: '9.9.9', pipelineRevision: PIPELINE_REVISION + 1 });
    expect(await getStory(es, box.config.index, old.id)).toMatchObject({ version: 2, headline: 'Second take', pipelineRevision: 0 });
    expect(await getStory(es, box.config.index, orphan.id)).toMatchObject({ pipelineRevision: 0 });
    const failed = await reenrichQueue.getJob(orphan.id);
    expect(failed?.failedReason).toMatch(/^raw_missing: no raw article is kept for wd-/);
    expect(failed?.attemptsMade).toBe(1);
    expect((await reenrichBacklog(reenrichQueue)).counts).toMatchObject({ waiting: 0, active: 0, failed: 1 });
  }, 120_000);

  it('fails a story whose raw article cannot be written, and the job completes once it can', async () => {
    const block = (on: boolean) => es.indices.putSettings({ index: rawIndexOf(box.config.index), settings: { 'index.blocks.write': on } });
    await block(true);
    try {
      const raw = harbourStory(3);
      const doc = stampedOld(raw);
      const once = new BulkIndexer({ client: es, alias: box.config.index, maxDocs: 10, maxBytes: 1e7, flushMs: 10, attempts: 1 });
      const refused = await once.index(doc, [await rawCompanion(box.config.index, doc, raw)]).catch((err: Error) => err);
      await once.close();
      expect(refused).toBeInstanceOf(ServiceUnavailableError);
      expect((refused as Error).message).toMatch(/could not index an operation tied to the story now \(cluster_block_exception/);

      const live = harbourStory(4);
      const { id } = (await enqueueArticle(liveQueue, live)) as { id: string };
      const worker = await startStoryWorker(box.config, silent, { concurrency: 4 });
      try {
        let logs: string[] = [];
        for (let t = 0; t < 600 && !logs.some((l) => l.includes('not indexed')); t++) {
          await sleep(100);
          logs = (await liveQueue.getJobLogs(id)).logs;
        }
        expect(logs.join('\n')).toMatch(/not indexed: service_unavailable: Elasticsearch could not index an operation tied to the story now \(cluster_block_exception/);
        expect(await (await liveQueue.getJob(id))!.getState()).not.toBe('completed');
        await block(false);
        let state = '';
        for (let t = 0; t < 600 && state !== 'completed'; t++) {
          await sleep(100);
          state = await (await liveQueue.getJob(id))!.getState();
        }
        expect(state).toBe('completed');
        expect(await readRawArticle(es, box.config.index, id)).toEqual(live);
      } finally {
        await worker.stop();
      }
    } finally {
      await block(false);
    }
  }, 180_000);
});

describe('setup --migrate reenrich', () => {
  let box: Sandbox;
  let es: ReturnType<typeof createEsClient>;

  beforeAll(async () => {
    box = sandbox('remigrate');
    es = createEsClient(box.config);
  });
  afterAll(async () => {
    await es.close();
    await box.cleanup();
  });

  it('fills the new index with stories enriched again from their raw articles, copying one that has none', async () => {
    const alias = box.config.index;
    await ensureIndex(es, alias, { templateVersion: 1 });
    const raws = Array.from({ length: 20 }, (_, n) => harbourStory(n));
    await indexWithRaw(es, alias, raws.map((raw) => ({ doc: stampedOld(raw), raw })));
    const writer = new BulkIndexer({ client: es, alias, maxDocs: 10, maxBytes: 1e7, flushMs: 10 });
    const orphan = stampedOld(harbourStory(99));
    await writer.index(orphan);
    await writer.close();

    const pool = new EnrichPool({ threads: 1, budgetMs: 10_000 });
    try {
      const result = await ensureIndex(es, alias, { templateVersion: 2, reenrich: reenrichForMigration(es, alias, pool) });
      expect(result.migrated).toMatchObject({ from: [`${alias}-v1`], copied: 21, reenriched: 20, skippedNewer: 0 });
    } finally {
      await pool.close();
    }
    const docs = await allStories(es, alias);
    expect(docs).toHaveLength(21);
    expect(docs.filter((d) => d.pipelineRevision === PIPELINE_REVISION)).toHaveLength(20);
    expect(docs.find((d) => d.id === orphan.id)).toMatchObject({ pipelineRevision: 0, pipelineVersion: '0.0.1' });
  }, 120_000);
});
