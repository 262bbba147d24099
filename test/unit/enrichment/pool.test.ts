import { afterAll, describe, expect, it } from 'vitest';
import { EnrichPool } from '../../../src/enrichment/pool.ts';
import { StageAbortedError } from '../../../src/errors.ts';
import { enrich, partialStory, prepare } from '../../../src/pipeline.ts';

const NOW = new Date('2024-03-03T12:00:00Z');
const story = (n: number) => ({
  content: `LONDON, March 3 (Reuters) - Britain's finance minister Jane Holloway said on Sunday that "the budget will balance by ${2020 + n}," adding that talks would go on.`,
  format: 'text' as const,
  receivedAt: '2024-03-03T10:00:00Z',
});
// A long run of names with no sentence end: the kind of story that once took minutes.
const heavy = {
  content: `PARIS, March 3 (AFP) - ${Array.from({ length: 100_000 }, (_, i) => `Name${i} Person${i}`).join(', ')} said "x".`,
  format: 'text' as const,
  receivedAt: '2024-03-03T10:00:00Z',
};

describe('the enrichment pool', () => {
  // A generous budget for ordinary stories on a loaded machine; the heavy one gets a tight one.
  const pool = new EnrichPool({ threads: 2, budgetMs: 20_000 });
  afterAll(() => pool.close());

  it('gives the same document as enrich() on the calling thread', async () => {
    const read = await pool.prepare(story(1), NOW);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const doc = await pool.extract(read.prepared, NOW);
    expect(doc).toEqual(enrich(story(1), { now: () => NOW }));
  });

  it('answers a story it cannot read with the typed error and the stage reached, not a rejection', async () => {
    const read = await pool.prepare({ content: 'PARIS, March 3 (AFP) -', format: 'text', receivedAt: '2024-03-03T10:00:00Z' }, NOW);
    expect(read).toMatchObject({ ok: false, stage: 'read', error: { code: 'unreadable_article', permanent: true } });
  });

  it('stops a story past its budget, replaces the thread, and goes on with the others', async () => {
    const read = await pool.prepare(heavy, NOW);
    if (!read.ok) throw read.error;
    const slow = pool.extract(read.prepared, NOW, 200);
    const others = Promise.all([1, 2, 3].map(async (n) => {
      const r = await pool.prepare(story(n), NOW);
      return r.ok ? pool.extract(r.prepared, NOW) : null;
    }));
    await expect(slow).rejects.toBeInstanceOf(StageAbortedError);
    await expect(slow).rejects.toMatchObject({ stage: 'extract', why: 'budget' });
    expect((await others).map((d) => d?.quotes.length)).toEqual([1, 1, 1]);
    // The replacement thread works.
    const again = await pool.prepare(story(4), NOW);
    expect(again.ok).toBe(true);
  });
});

describe('a thread holding a second task', () => {
  const pool = new EnrichPool({ threads: 1, budgetMs: 20_000 });
  afterAll(() => pool.close());

  it('hands a story queued behind one that overran its budget to the replacement thread, not to the abort', async () => {
    const read = await pool.prepare(heavy, NOW);
    if (!read.ok) throw read.error;
    const prepared = await Promise.all([1, 2].map(async (n) => {
      const r = await pool.prepare(story(n), NOW);
      if (!r.ok) throw r.error;
      return r.prepared;
    }));
    // One thread: the slow story runs, the next waits in the thread's own queue, the third in the pool's.
    const slow = pool.extract(read.prepared, NOW, 200);
    const queued = prepared.map((p) => pool.extract(p, NOW));
    await expect(slow).rejects.toMatchObject({ stage: 'extract', why: 'budget' });
    expect((await Promise.all(queued)).map((d) => d.quotes.length)).toEqual([1, 1]);
  });
});

describe('a thread with a heap ceiling', () => {
  // The least a thread may be given (config refuses less); a long budget, so memory decides.
  const pool = new EnrichPool({ threads: 1, budgetMs: 120_000, maxHeapMb: 128 });
  afterAll(() => pool.close());
  // 3 MB of one-letter lines: a million and a half sentences, far more heap than any story needs.
  const hungry = { content: `LONDON, March 3 (Reuters) - Start.\n${'a\n'.repeat(1_500_000)}`, format: 'text' as const, receivedAt: '2024-03-03T10:00:00Z' };

  it('loses that thread, not the process, to a story that needs more, says so, and goes on with the next', async () => {
    // Whichever stage reaches the ceiling first (reading or extraction), the thread goes.
    const outcome = pool.prepare(hungry, NOW).then((r): Promise<unknown> => (r.ok ? pool.extract(r.prepared, NOW) : Promise.reject(r.error)));
    await expect(outcome).rejects.toBeInstanceOf(StageAbortedError);
    await expect(outcome).rejects.toMatchObject({ why: 'crash', message: expect.stringMatching(/stopped its thread \(out of memory/) });
    const next = await pool.prepare(story(5), NOW);
    if (!next.ok) throw next.error;
    expect((await pool.extract(next.prepared, NOW)).quotes).toHaveLength(1);
  }, 120_000);
});

describe('a pool that sizes itself', () => {
  // Short waits, so the test sees in seconds what a worker does over a minute.
  const pool = new EnrichPool({ budgetMs: 60_000, sizing: { everyMs: 100, stuckMs: 300, retireIdleMs: 1500 } });
  afterAll(() => pool.close());

  it('starts with one thread, takes on another while one story holds it, and lets it go once idle', async () => {
    expect(pool.adaptive).toBe(true);
    expect(pool.threads).toBe(1);
    const read = await pool.prepare(heavy, NOW);
    if (!read.ok) throw read.error;
    const prepared = await Promise.all([1, 2, 3, 4].map(async (n) => {
      const r = await pool.prepare(story(n), NOW);
      if (!r.ok) throw r.error;
      return r.prepared;
    }));
    const slow = pool.extract(read.prepared, NOW);
    let slowDone = false;
    void slow.finally(() => (slowDone = true)).catch(() => undefined);
    // The first story waits in the heavy one's thread; the heavy story takes seconds, and the
    // three waiting in the pool finish on the thread it takes on meanwhile.
    const [behind, ...rest] = prepared.map((p) => pool.extract(p, NOW));
    const docs = await Promise.all(rest);
    expect(docs.map((d) => d.quotes.length)).toEqual([1, 1, 1]);
    expect(slowDone).toBe(false);
    expect(pool.threads).toBe(2);
    // Once the heavy story is done (or stopped), a thread with nothing to do goes.
    await slow.catch(() => undefined);
    expect((await behind!).quotes).toHaveLength(1);
    await expect.poll(() => pool.threads, { timeout: 10_000, interval: 100 }).toBe(1);
  }, 60_000);
});

describe('a pool that sizes itself, on contended cores', () => {
  // The cores as the test says: free at first, then taken by another process.
  let cores = { idle: 1.5, others: 0 };
  const pool = new EnrichPool({ threads: 0, budgetMs: 60_000, sizing: { everyMs: 50, contendedMs: 200 }, cores: () => cores });
  afterAll(() => pool.close());

  it('takes on a thread while a core is free, lets it go once others take the cores, and loses no story on the way', async () => {
    const all = Array.from({ length: 1000 }, (_, i) => story(i));
    let grew = false;
    let shrank = false;
    const docs = await Promise.all(all.map(async (s) => {
      const r = await pool.prepare(s, NOW);
      if (!r.ok) throw r.error;
      if (pool.threads === 2 && !grew) {
        grew = true;
        cores = { idle: 0.05, others: 1.2 };
      }
      const doc = await pool.extract(r.prepared, NOW);
      if (grew && pool.threads === 1) shrank = true;
      return doc;
    }));
    expect(docs.map((d) => d.quotes.length)).toEqual(all.map(() => 1));
    expect(grew).toBe(true);
    expect(shrank).toBe(true);
    expect(pool.threads).toBe(1);
  }, 60_000);
});

describe('a partial story', () => {
  it('keeps what the cheap stages found and says why it has no quotes or entities', () => {
    const prepared = prepare(story(1), NOW);
    const doc = partialStory(prepared, NOW, 'the extract stage took more than its budget of 10000 ms');
    expect(doc).toMatchObject({ extraction: 'partial', extractionNote: expect.stringContaining('budget'), quotes: [], entities: [], agency: 'Reuters', dateline: { city: 'London' } });
    expect(doc.body).toBe(prepared.body);
    expect(enrich(story(1), { now: () => NOW })).toMatchObject({ extraction: 'full', extractionNote: null });
  });
});
