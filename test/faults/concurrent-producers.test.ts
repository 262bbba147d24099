import { execFileSync } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLost, outcomeOf } from './support/expectations.ts';
import { FaultSandbox, type IngestSummary } from './support/sandbox.ts';
import { storyIds, wireStories, writeJsonl } from './support/stories.ts';

const STORIES = 1000;
const PRODUCERS = 4;

describe('concurrent producers ingesting the same stories', () => {
  let box: FaultSandbox;
  beforeAll(async () => {
    box = await FaultSandbox.create('producers');
  });
  afterAll(async () => {
    await box?.cleanup();
  });

  it(`${PRODUCERS} ingest processes at once report ${STORIES} enqueued between them, and every story is indexed once`, async () => {
    const stories = wireStories(STORIES, 'producers');
    const ids = storyIds(stories);
    expect(ids.size).toBe(STORIES);
    await writeJsonl(box.file('stories.jsonl'), stories);
    await box.watchEvents();
    const started = Date.now();
    // A start line: each producer reads its own named pipe, opened here one by one (an open
    // returns once that producer has connected to Redis and started reading); only when all
    // four are ready do the stories flow, to all four at once.
    const fifos = Array.from({ length: PRODUCERS }, (_, i) => box.file(`producer-${i}.jsonl`));
    for (const f of fifos) execFileSync('mkfifo', [f]);
    const running = fifos.map((f, i) => box.ingest(f, `ingest-${i}`));
    const pipes = [];
    for (const f of fifos) pipes.push(await open(f, 'w'));
    const text = await readFile(box.file('stories.jsonl'));
    await Promise.all(pipes.map(async (fh) => (await fh.writeFile(text), await fh.close())));
    const summaries: IngestSummary[] = await Promise.all(running);
    const enqueued = summaries.reduce((s, x) => s + x.enqueued, 0);
    const duplicates = summaries.reduce((s, x) => s + x.duplicates, 0);
    const jobs = await box.queue().getJobCountByTypes('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
    await box.startWorker('worker');
    const counts = await box.waitUntilSettled(STORIES, 150_000);
    const o = await outcomeOf(box, ids);
    console.log(`[faults] concurrent producers: ${JSON.stringify({ ...o, perProducer: summaries.map((s) => s.enqueued), enqueued, duplicates, jobs, seconds: Math.round((Date.now() - started) / 1000), counts })}`);
    expect(jobs).toBe(STORIES);
    expect(summaries.every((s) => s.rejected.length === 0)).toBe(true);
    // Each story is reported enqueued by exactly one producer, and a duplicate by the others.
    expect({ enqueued, duplicates }).toEqual({ enqueued: STORIES, duplicates: STORIES * (PRODUCERS - 1) });
    expectNothingLost(o);
  });
});
