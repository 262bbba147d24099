import { describe, expect, it } from 'vitest';
import { AfterCoalescer, afterBackoff, afterBatchSchema, relabelJobId, type AfterBatchData } from '../../../src/queue/after.ts';

const story = (id: string) => ({ id, publishedAt: null, bands: ['00:00000001'], quotes: true });

function fakeQueue() {
  const added: AfterBatchData[] = [];
  return { added, add: async (_name: string, data: unknown) => void added.push(data as AfterBatchData) };
}

describe('the follow-up coalescer', () => {
  it('stories finishing together share one job, and each add resolves once its job is added', async () => {
    const q = fakeQueue();
    const c = new AfterCoalescer(q, { windowMs: 5 });
    await Promise.all(['a', 'b', 'c'].map((id) => c.add(story(id))));
    expect(q.added.map((d) => d.stories.map((s) => s.id))).toEqual([['a', 'b', 'c']]);
    expect(c.size).toBe(0);
  });

  it('splits at the batch limit, and flush sends what waits at once', async () => {
    const q = fakeQueue();
    const c = new AfterCoalescer(q, { windowMs: 60_000, maxBatch: 2 });
    const adds = ['a', 'b', 'c'].map((id) => c.add(story(id)));
    await c.flush();
    await Promise.all(adds);
    expect(q.added.map((d) => d.stories.length)).toEqual([2, 1]);
    expect(q.added.every((d) => afterBatchSchema.safeParse(d).success)).toBe(true);
  });

  it('an add fails when its job cannot be added (the story job is retried)', async () => {
    const c = new AfterCoalescer({ add: async () => Promise.reject(new Error('redis down')) }, { windowMs: 1 });
    await expect(c.add(story('a'))).rejects.toThrow('redis down');
  });

  it('backs off doubling to a minute, and names relabel jobs by their move', () => {
    expect([1, 2, 3, 10].map((n) => afterBackoff(n, 2000))).toEqual([2000, 4000, 8000, 60_000]);
    expect(relabelJobId({ from: 'wd-a', to: 'wd-b' })).toBe('relabel-wd-a-wd-b');
  });
});

describe('the follow-up coalescer while follow-ups wait on the queue', () => {
  it('keeps gathering while the queue is busy, and sends once it is not (or the hold is over)', async () => {
    const q = fakeQueue();
    let busy = true;
    const c = new AfterCoalescer(q, { windowMs: 5, maxHoldMs: 5000, busy: async () => busy });
    const first = c.add(story('a'));
    await new Promise((r) => setTimeout(r, 60));
    const second = c.add(story('b'));
    expect(q.added).toEqual([]);
    busy = false;
    await Promise.all([first, second]);
    expect(q.added.map((d) => d.stories.map((s) => s.id))).toEqual([['a', 'b']]);
  });

  it('sends after maxHoldMs however busy the queue is', async () => {
    const q = fakeQueue();
    const c = new AfterCoalescer(q, { windowMs: 5, maxHoldMs: 50, busy: async () => true });
    const started = Date.now();
    await c.add(story('a'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(q.added).toHaveLength(1);
  });
});

describe('the follow-up coalescer on a stream of stories', () => {
  it('sends a lone story at once', async () => {
    const q = fakeQueue();
    const c = new AfterCoalescer(q, { windowMs: 5, maxHoldMs: 300, busyRate: 5 });
    const started = Date.now();
    await c.add(story('a'));
    expect(Date.now() - started).toBeLessThan(150);
    expect(q.added.map((d) => d.stories.length)).toEqual([1]);
  });

  it('gathers for up to maxHoldMs while stories come faster than busyRate a second', async () => {
    const q = fakeQueue();
    const c = new AfterCoalescer(q, { windowMs: 5, maxHoldMs: 300, busyRate: 5 });
    const started = Date.now();
    const first = ['a', 'b', 'c', 'd', 'e'].map((id) => c.add(story(id)));
    await new Promise((r) => setTimeout(r, 60));
    const later = ['f', 'g'].map((id) => c.add(story(id)));
    await Promise.all([...first, ...later]);
    expect(q.added.map((d) => d.stories.length)).toEqual([7]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});
