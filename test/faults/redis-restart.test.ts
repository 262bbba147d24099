import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLost, outcomeOf } from './support/expectations.ts';
import { runWithFault } from './support/outage.ts';
import { RedisServer } from './support/redis-server.ts';
import { FaultSandbox } from './support/sandbox.ts';
import { storyIds, wireStories, writeJsonl } from './support/stories.ts';

const STORIES = 800;

/**
 * Redis killed with kill -9 mid-run and started again on the same port and AOF directory: a
 * private `redis-server` (AOF, fsync always), so the shared one is never touched.
 */
describe('Redis killed and restarted mid-run', () => {
  let box: FaultSandbox;
  let redis: RedisServer;
  beforeAll(async () => {
    // Jobs Redis had made active whose reply the worker never got come back by the stalled
    // check: shorter locks keep that quick (today's worker ignores these and uses 30 s).
    box = await FaultSandbox.create('redis', { WIREDESK_LOCK_MS: '10000', WIREDESK_STALLED_INTERVAL_MS: '10000' });
    redis = await RedisServer.start(box.procs);
    box.env.WIREDESK_REDIS_URL = redis.url;
  });
  afterAll(async () => {
    await box?.cleanup();
    await redis?.cleanup();
  });

  it('indexes every story once and fails none', async () => {
    const stories = wireStories(STORIES, 'redis');
    const ids = storyIds(stories);
    await writeJsonl(box.file('stories.jsonl'), stories);
    await box.watchEvents();
    await box.startWorker('worker');
    const started = Date.now();
    expect((await box.ingest(box.file('stories.jsonl'))).enqueued).toBe(STORIES);
    const { counts, fault } = await runWithFault(box, {
      expected: STORIES,
      startAfter: 1,
      durationMs: 5_000,
      timeoutMs: 180_000,
      begin: () => redis.kill9(),
      end: () => redis.restart(),
    });
    const o = await outcomeOf(box, ids);
    console.log(`[faults] redis restart: ${JSON.stringify({ ...o, fault, seconds: Math.round((Date.now() - started) / 1000), counts })}`);
    expect(fault.completedAtStart).not.toBeNull();
    expect(fault.completedAtStart!, 'Redis was killed mid-run').toBeLessThan(STORIES);
    expectNothingLost(o);
  });
});
