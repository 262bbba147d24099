import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createRedis } from '../../src/queue/connection.ts';
import { STORY_JOB } from '../../src/queue/options.ts';
import { enqueueArticle } from '../../src/queue/producer.ts';
import { createStoryQueue, type StoryQueue } from '../../src/queue/queue.ts';
import { startStoryWorker } from '../../src/runtime/story-worker.ts';
import { sandbox, SEED, type Sandbox } from './harness.ts';

/** A sandbox and a producer's queue on it, for one describe block. */
function queueSandbox(name: string) {
  const ctx = {} as { box: Sandbox; queue: StoryQueue; connection: ReturnType<typeof createRedis> };
  beforeAll(() => {
    ctx.box = sandbox(name);
    ctx.connection = createRedis(ctx.box.config, 'producer');
    ctx.queue = createStoryQueue(ctx.box.config, ctx.connection);
  });
  afterAll(async () => {
    await ctx.queue.close();
    await ctx.connection.quit();
    await ctx.box.cleanup();
  });
  return ctx;
}

describe('a story that can never be read', () => {
  const ctx = queueSandbox('fail');

  it('fails at once with a readable reason, and the worker goes on with the next story', async () => {
    // A producer that skipped validation (an old client, a hand-made job) put it on the ctx.queue.
    await ctx.queue.add(STORY_JOB, { content: 'binary\u0000garbage', receivedAt: new Date().toISOString() }, { jobId: 'wd-unreadable-1' });
    const good = await enqueueArticle(ctx.queue, { content: readFileSync(SEED, 'utf8'), source: 'seed.txt' });
    expect(good.status).toBe('enqueued');

    const worker = await startStoryWorker(ctx.box.config, createLogger({ logLevel: 'silent', logFormat: 'json' }), { exitWhenDrained: true });
    await worker.stopped;
    expect(worker.counts()).toEqual({ completed: 1, failed: 1 });

    const failed = await ctx.queue.getJob('wd-unreadable-1');
    expect(await failed!.getState()).toBe('failed');
    expect(failed!.attemptsMade).toBe(1);
    expect(failed!.failedReason).toMatch(/^unreadable_article: .*binary file/);

    const done = await ctx.queue.getJob((good as { id: string }).id);
    expect(await done!.getState()).toBe('completed');
    expect(done!.returnvalue).toMatchObject({ id: (good as { id: string }).id, outcome: 'created' });
  });

  it('is refused at the door by the producer, never enqueued', async () => {
    const before = await ctx.queue.getJobCounts('waiting', 'prioritized');
    const outcome = await enqueueArticle(ctx.queue, { content: 'x\u0000y' });
    expect(outcome).toEqual({ status: 'rejected', reason: expect.stringContaining('binary file') });
    const empty = await enqueueArticle(ctx.queue, { content: '   ' });
    expect(empty).toEqual({ status: 'rejected', reason: 'content: is empty' });
    expect(await ctx.queue.getJobCounts('waiting', 'prioritized')).toEqual(before);
  });
});

describe('a story too heavy for its extraction budget', () => {
  const ctx = queueSandbox('budget');

  it('is indexed with its headline, dateline and body, marked partial, while the stories beside it are extracted in full', async () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `Name${i} Person${i}`).join(', ');
    const heavy = await enqueueArticle(ctx.queue, { content: `PARIS, March 3 (AFP) - ${names} said "x".`, source: 'heavy.txt' });
    const seed = await enqueueArticle(ctx.queue, { content: readFileSync(SEED, 'utf8'), source: 'seed.txt' });
    expect([heavy.status, seed.status]).toEqual(['enqueued', 'enqueued']);

    const config = { ...ctx.box.config, worker: { ...ctx.box.config.worker, extractBudgetMs: 500 } };
    const worker = await startStoryWorker(config, createLogger({ logLevel: 'silent', logFormat: 'json' }), { exitWhenDrained: true });
    await worker.stopped;
    expect(worker.counts()).toEqual({ completed: 2, failed: 0 });

    const docs = await ctx.box.indexed();
    const partial = docs.find((d) => d.source.name === 'heavy.txt');
    expect(partial).toMatchObject({ extraction: 'partial', extractionNote: expect.stringContaining('budget of 500 ms'), quotes: [], entities: [], agency: 'AFP', dateline: { city: 'Paris' } });
    expect(partial!.body.length).toBeGreaterThan(2_000_000);
    expect(docs.find((d) => d.source.name === 'seed.txt')).toMatchObject({ extraction: 'full', extractionNote: null });
    expect((await ctx.queue.getJob((heavy as { id: string }).id))!.attemptsMade).toBe(1);
  });
});
