import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLost, outcomeOf } from './support/expectations.ts';
import { pollHealth } from './support/health.ts';
import { FaultSandbox } from './support/sandbox.ts';
import { pathologicalStories, storyIds, wireStories, writeJsonl } from './support/stories.ts';

const NORMAL = 100;
const TIMEOUT_MS = 150_000;

/**
 * Slow and hostile stories (issue 12: 8,000 names ending `said "x".`, 200,000 `"`, 100,000
 * names, 2 MB of repeated paragraphs; and 1.5 million one-letter lines, which outgrow a thread's
 * heap ceiling) among 100 ordinary ones, with the default lock, extraction budget and heap
 * ceiling: every story ends indexed (the hostile ones may be `extraction: "partial"`), none
 * fails, none stalls, and in `serve --worker` `/healthz` answers within 1 s throughout.
 */
describe.each([{ mode: 'worker' }, { mode: 'serve --worker' }])('slow and pathological stories through $mode', ({ mode }) => {
  let box: FaultSandbox;
  beforeAll(async () => {
    box = await FaultSandbox.create(mode === 'worker' ? 'slow-worker' : 'slow-serve', { WIREDESK_API_TOKEN: randomBytes(24).toString('hex') });
  });
  afterAll(async () => {
    await box?.cleanup();
  });

  it('indexes every story, fails none, stalls none', async () => {
    const run = `slow-${mode === 'worker' ? 'w' : 's'}`;
    const hostile = pathologicalStories(run);
    const stories = [...wireStories(NORMAL / 2, run), ...hostile, ...wireStories(NORMAL / 2, run, NORMAL / 2)];
    const ids = storyIds(stories);
    await writeJsonl(box.file('stories.jsonl'), stories);
    await box.watchEvents();

    let health: ReturnType<typeof pollHealth> | null = null;
    if (mode === 'worker') {
      await box.startWorker('worker');
    } else {
      const serve = box.procs.wiredesk('serve', ['serve', '--worker', '--port', '0'], box.env);
      const url = (await serve.waitFor(/listening on (http:\/\/\S+)/, 90_000)).replace('listening on ', '');
      health = pollHealth(`${url}/healthz`);
    }
    const started = Date.now();
    expect((await box.ingest(box.file('stories.jsonl'))).enqueued).toBe(ids.size);
    const counts = await box.waitUntilSettled(ids.size, TIMEOUT_MS);
    const seen = await health?.stop();
    const o = await outcomeOf(box, ids);
    console.log(`[faults] slow stories (${mode}): ${JSON.stringify({ ...o, health: seen, seconds: Math.round((Date.now() - started) / 1000), counts })}`);
    expect(box.stalled, 'jobs stalled').toEqual([]);
    expectNothingLost(o);
    if (seen) {
      expect(seen.polls).toBeGreaterThan(0);
      expect(seen.slow, '/healthz answers slower than 1 s or missing').toEqual([]);
    }
  });
});
