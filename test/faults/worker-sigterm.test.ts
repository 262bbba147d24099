import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLost, outcomeOf } from './support/expectations.ts';
import type { Proc } from './support/processes.ts';
import { FaultSandbox } from './support/sandbox.ts';
import { storyIds, wireStories, writeJsonl } from './support/stories.ts';

const STORIES = 800;

describe('a worker stopped with SIGTERM mid-run', () => {
  let box: FaultSandbox;
  beforeAll(async () => {
    box = await FaultSandbox.create('sigterm');
  });
  afterAll(async () => {
    await box?.cleanup();
  });

  it('finishes its jobs in flight, exits 0, and another worker takes the rest: nothing lost', async () => {
    const stories = wireStories(STORIES, 'sigterm');
    const ids = storyIds(stories);
    await writeJsonl(box.file('stories.jsonl'), stories);
    await box.watchEvents();
    const [stopping] = await Promise.all([box.startWorker('worker-a'), box.startWorker('worker-b')]);
    const started = Date.now();
    expect((await box.ingest(box.file('stories.jsonl'))).enqueued).toBe(STORIES);
    let stoppedAt: number | null = null;
    let replacement: Promise<Proc> | null = null;
    const counts = await box.waitUntilSettled(STORIES, 150_000, (c) => {
      if (stoppedAt === null && c.completed >= 1) {
        stoppedAt = c.completed;
        stopping!.signal('SIGTERM');
        replacement = box.startWorker('worker-c');
      }
    });
    await replacement;
    const exit = await stopping!.exited;
    const o = await outcomeOf(box, ids);
    console.log(`[faults] sigterm: ${JSON.stringify({ ...o, stoppedAt, exit, seconds: Math.round((Date.now() - started) / 1000), counts })}`);
    expect(stoppedAt).not.toBeNull();
    expect(stoppedAt!).toBeLessThan(STORIES);
    // Within the grace period: a clean stop (exit 0), its jobs finished, none left to stall.
    expect(exit.code).toBe(0);
    expect(stopping!.stdout()).toMatch(/worker stopped: \d+ completed, 0 failed/);
    expect(box.stalled).toEqual([]);
    expectNothingLost(o);
  });
});
