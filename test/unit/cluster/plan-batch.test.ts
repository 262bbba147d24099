import { describe, expect, it } from 'vitest';
import { encodeSignature, HASHES } from '../../../src/cluster/minhash.ts';
import { planBatch, type ClusterMember } from '../../../src/cluster/plan.ts';

/** A signature shared by every story of one "text"; different texts share no hash. */
const sigOf = (text: number) => encodeSignature(new Uint32Array(HASHES).fill(text + 1));
const at = (hour: number) => `2025-05-07T${String(hour).padStart(2, '0')}:00:00.000Z`;
const member = (id: string, hour: number | null, text: number, cluster?: string): ClusterMember => ({
  id,
  publishedAt: hour === null ? null : at(hour),
  cluster: { id: cluster ?? id, role: (cluster ?? id) === id ? 'original' : 'copy' },
  signature: sigOf(text),
});

/** Every story of the view sees the same candidates. */
const each = (stories: ClusterMember[], candidates: ClusterMember[]) => new Map(stories.map((s) => [s.id, candidates]));

describe('planBatch', () => {
  it('a late copy joins the existing cluster by writing only itself', () => {
    const original = member('a', 9, 1);
    const copies = [member('b', 10, 1, 'a'), member('c', 11, 1, 'a')];
    const late = member('d', 12, 1);
    const plan = planBatch({ stories: [late], candidates: each([late], [original, ...copies, late]), originals: [original] });
    expect(plan).toMatchObject({ relabels: [], moves: [{ from: 'd', to: 'a' }] });
  });

  it('an earlier story arriving late moves the whole cluster to itself', () => {
    const original = member('a', 9, 1);
    const copy = member('b', 10, 1, 'a');
    const earlier = member('z', 8, 1);
    const plan = planBatch({ stories: [earlier], candidates: each([earlier], [copy, earlier]), originals: [original] });
    expect(plan).toMatchObject({ relabels: [], moves: [{ from: 'a', to: 'z' }] });
  });

  it('stories of one batch are joined among themselves: one cluster, whatever their order', () => {
    const xs = [member('p', 10, 2), member('q', 9, 2), member('r', 11, 2)];
    const a = planBatch({ stories: xs, candidates: each(xs, xs), originals: [] });
    const b = planBatch({ stories: [...xs].reverse(), candidates: each(xs, [...xs].reverse()), originals: [] });
    expect(a).toEqual(b);
    expect(a.moves).toEqual([
      { from: 'p', to: 'q' },
      { from: 'r', to: 'q' },
    ]);
  });

  it('stories not near each other stay apart, and a settled view plans nothing', () => {
    const xs = [member('a', 9, 1), member('b', 10, 1, 'a'), member('c', 9, 3)];
    expect(planBatch({ stories: xs, candidates: each(xs, xs), originals: [] })).toMatchObject({ relabels: [], moves: [] });
  });

  it('follows a cluster whose original was moved, and fixes a wrong role in place', () => {
    // a was moved into z; b still names a; c names z as its original wrongly.
    const z = member('z', 8, 1);
    const a = member('a', 9, 1, 'z');
    const b = member('b', 10, 1, 'a');
    const c: ClusterMember = { ...member('c', 11, 1), cluster: { id: 'z', role: 'original' } };
    const plan = planBatch({ stories: [c], candidates: each([c], [b, c]), originals: [a, z] });
    expect(plan).toMatchObject({ relabels: [{ id: 'c', cluster: { id: 'z', role: 'copy' } }], moves: [{ from: 'a', to: 'z' }] });
  });

  it('asks to read again only the batch stories whose group it changes', () => {
    const original = member('a', 9, 1);
    const late = member('d', 12, 1);
    const alone = member('e', 12, 5);
    const settledCopy = member('f', 13, 6, 'g');
    const g = member('g', 8, 6);
    const stories = [late, alone, settledCopy];
    const plan = planBatch({ stories, candidates: new Map([['d', [original, late]], ['e', [alone]], ['f', [g, settledCopy]]]), originals: [original, g] });
    expect(plan.moves).toEqual([{ from: 'd', to: 'a' }]);
    expect(plan.recheck).toEqual(['d']);
  });

  it('undated stories are never the original of a dated one', () => {
    const xs = [member('a', null, 4), member('b', 12, 4)];
    expect(planBatch({ stories: xs, candidates: each(xs, xs), originals: [] }).moves).toEqual([{ from: 'a', to: 'b' }]);
  });

  it('compares each story with its own candidates only: a full batch plans in a moment', () => {
    const stories = Array.from({ length: 500 }, (_, i) => member(`s${i}`, 10, i));
    const candidates = new Map(stories.map((s, i) => [s.id, Array.from({ length: 50 }, (_, k) => member(`c${i}-${k}`, 9, i * 50 + k + 1000))]));
    const started = performance.now();
    expect(planBatch({ stories, candidates, originals: [] })).toMatchObject({ relabels: [], moves: [] });
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
