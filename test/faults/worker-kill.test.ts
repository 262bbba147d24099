import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLost, outcomeOf } from './support/expectations.ts';
import type { Proc } from './support/processes.ts';
import { FaultSandbox } from './support/sandbox.ts';
import { storyIds, wireStories, writeJsonl } from './support/stories.ts';

const STORIES = 1000;

describe('a worker killed with kill -9 mid-run', () => {
  let box: FaultSandbox;
  beforeAll(async () => {
    // Short locks so the killed worker's jobs come back within seconds, not a minute.
    box = await FaultSandbox.create('kill9', { WIREDESK_LOCK_MS: '5000', WIREDESK_STALLED_INTERVAL_MS: '5000' });
  });
  afterAll(async () => {
    await box?.cleanup();
  });

  it('loses nothing: its jobs in flight are recovered (and logged as stalled) by the other workers', async () => {
    const stories = wireStories(STORIES, 'kill9');
    const ids = storyIds(stories);
    await writeJsonl(box.file('stories.jsonl'), stories);
    await box.watchEvents();
    const [victim, survivor] = await Promise.all([box.startWorker('worker-a'), box.startWorker('worker-b')]);

    const started = Date.now();
    expect((await box.ingest(box.file('stories.jsonl'))).enqueued).toBe(STORIES);
    // Mid-run: a first story done (jobs complete a bulk request at a time), both workers busy.
    let killedAt: number | null = null;
    let replacement: Promise<Proc> | null = null;
    const counts = await box.waitUntilSettled(STORIES, 150_000, (c) => {
      if (killedAt === null && c.completed >= 1) {
        killedAt = c.completed;
        victim!.signal('SIGKILL');
        replacement = box.startWorker('worker-c');
      }
    });
    const workerC = await replacement;
    expect(killedAt, 'the worker was killed mid-run').not.toBeNull();
    expect(killedAt!).toBeLessThan(STORIES);
    expect((await victim!.exited).signal).toBe('SIGKILL');

    const o = await outcomeOf(box, ids);
    console.log(`[faults] kill -9: ${JSON.stringify({ ...o, killedAt, seconds: Math.round((Date.now() - started) / 1000), counts })}`);
    // The kill hit jobs in flight: the queue saw them stall.
    expect(box.stalled.length, 'jobs of the killed worker stalled').toBeGreaterThan(0);
    expectNothingLost(o);
    // A surviving worker says it recovered them.
    const logs = [survivor!, ...(workerC ? [workerC] : [])].flatMap((p) => FaultSandbox.logLines(p.stderr()));
    expect(logs.filter((l) => /stalled/i.test(String(l.msg))).length, 'a worker log line reports stalled jobs recovered').toBeGreaterThan(0);
  });
});
