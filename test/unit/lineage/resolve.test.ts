import { describe, expect, it } from 'vitest';
import type { StoryDocument } from '../../../src/article/story.ts';
import { formsOf, needsQuotationPass, occurrenceIdOf, type Occurrence } from '../../../src/lineage/occurrence.ts';
import { planStory, rekey, type Stored } from '../../../src/lineage/resolve.ts';
import { speakerVerdict, votesOf } from '../../../src/lineage/verdict.ts';

const FULL = 'We will not move a single ship until the talks resume, and the owners know it.';
const PART = 'not move a single ship until the talks resume';

function story(id: string, quotes: { text: string; speaker?: string; confidence?: number }[], extra: Partial<StoryDocument> = {}): StoryDocument {
  return {
    id,
    version: 1,
    publishedAt: '2024-06-01T08:00:00.000Z',
    agency: 'Reuters',
    headline: `headline of ${id}`,
    pubStatus: 'usable',
    withdrawnAt: null,
    quotes: quotes.map((q, i) => ({ text: q.text, start: i, end: i + 1, speaker: q.speaker ? { name: q.speaker, title: null, type: 'person' as const } : null, verb: 'said', via: null, partial: false, confidence: q.confidence ?? 0.9, how: 'test' })),
    ...extra,
  } as StoryDocument;
}

/** What the index would hold after a plan's writes, as stored documents. */
let seq = 0;
const stored = (doc: Occurrence): Stored => ({ id: occurrenceIdOf(doc.storyId, doc.key), seqNo: seq++, primaryTerm: 1, doc });

describe('which stories need a quotation pass', () => {
  it('a story new to the index with no quotes has nothing to write or remove', () => {
    expect(needsQuotationPass(story('wd-a', []), 'created')).toBe(false);
  });

  it('a story new to the index with quotes has its occurrences to write', () => {
    expect(needsQuotationPass(story('wd-a', [{ text: FULL }]), 'created')).toBe(true);
  });

  it('a new version, even without quotes or withdrawn, may leave occurrences of the last one to remove', () => {
    expect(needsQuotationPass(story('wd-a', []), 'updated')).toBe(true);
    expect(needsQuotationPass(story('wd-a', [{ text: FULL }], { withdrawnAt: '2024-06-01T09:00:00.000Z' }), 'updated')).toBe(true);
  });
});

describe('planning a story\'s occurrences', () => {
  it('a first quote starts a quotation of its own, written with create', () => {
    const plan = planStory(1, formsOf(story('wd-a', [{ text: FULL }])), { own: [], related: [] });
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]!.ifSeqNo).toBeUndefined();
    expect(plan.writes[0]!.doc.quotation.id).toBe(plan.writes[0]!.doc.key);
  });

  it('a partial quote joins the longer quotation already indexed', () => {
    const first = planStory(1, formsOf(story('wd-a', [{ text: FULL }])), { own: [], related: [] }).writes[0]!.doc;
    const plan = planStory(1, formsOf(story('wd-b', [{ text: PART }])), { own: [], related: [stored(first)] });
    expect(plan.writes).toHaveLength(1);
    expect(plan.writes[0]!.doc.quotation).toEqual(first.quotation);
    expect(plan.merges.size).toBe(0);
  });

  it('a longer form arriving later absorbs the quotation of the partial one, its other members following', () => {
    const part = planStory(1, formsOf(story('wd-b', [{ text: PART }])), { own: [], related: [] }).writes[0]!.doc;
    const plan = planStory(1, formsOf(story('wd-a', [{ text: FULL }])), { own: [], related: [stored(part)] });
    const full = plan.writes.find((w) => w.id.startsWith('wd-a'))!.doc;
    expect(full.quotation.id).toBe(full.key);
    expect(plan.merges.get(part.key)?.id).toBe(full.key);
    const moved = plan.writes.find((w) => w.id.startsWith('wd-b'))!;
    expect(moved.doc.quotation.id).toBe(full.key);
    expect(moved.ifSeqNo).toBeDefined();
    // A third story's copy of the partial quote, not seen by the look-up, follows through rekey.
    const other = stored({ ...part, storyId: 'wd-c' });
    expect(rekey([other], plan.merges).map((w) => w.doc.quotation.id)).toEqual([full.key]);
  });

  it('is idempotent: planning again over what was written changes nothing', () => {
    const forms = formsOf(story('wd-a', [{ text: FULL, speaker: 'Ana Ruiz' }, { text: 'The strike is over for now.' }]));
    const first = planStory(1, forms, { own: [], related: [] });
    const again = planStory(1, forms, { own: first.writes.map((w) => stored(w.doc)), related: [] });
    expect(again.writes).toEqual([]);
    expect(again.deletes).toEqual([]);
  });

  it('a re-sent story without a quote deletes that occurrence; a withdrawn story deletes them all', () => {
    const v1 = planStory(1, formsOf(story('wd-a', [{ text: FULL }, { text: 'The strike is over for now.' }])), { own: [], related: [] });
    const own = v1.writes.map((w) => stored(w.doc));
    const v2 = planStory(2, formsOf(story('wd-a', [{ text: FULL }], { version: 2 })), { own, related: [] });
    expect(v2.deletes.map((d) => d.id)).toEqual([own[1]!.id]);
    const killed = planStory(1, formsOf(story('wd-a', [{ text: FULL }], { pubStatus: 'canceled', withdrawnAt: '2024-06-02T00:00:00.000Z' })), { own, related: [] });
    expect(killed.deletes.map((d) => d.id).sort()).toEqual(own.map((s) => s.id).sort());
    expect(killed.writes).toEqual([]);
  });

  it('an older version of a story, planned after a newer one, changes nothing', () => {
    const v2 = planStory(2, formsOf(story('wd-a', [{ text: FULL }], { version: 2 })), { own: [], related: [] });
    const plan = planStory(1, formsOf(story('wd-a', [{ text: 'Something else entirely was said here today.' }])), { own: v2.writes.map((w) => stored(w.doc)), related: [] });
    expect(plan.stale).toBe(true);
  });

  it('two stories planned at once with the same quote spaced differently settle on one text in a few passes', () => {
    // The same words, written with a line break in one story: one quotation id, two texts.
    const a = formsOf(story('wd-a', [{ text: 'The economy continued to expand in February,\nbut at a more subdued rate.' }]));
    const b = formsOf(story('wd-b', [{ text: 'The economy continued to expand in February, but at a more subdued rate.' }]));
    expect(a[0]!.key).toBe(b[0]!.key);
    const index = new Map<string, Stored>();
    const viewOf = (storyId: string) => ({
      own: [...index.values()].filter((s) => s.doc.storyId === storyId),
      related: [...index.values()].filter((s) => s.doc.storyId !== storyId),
    });
    let passes = 0;
    for (; passes < 6; passes++) {
      // Both plans read the index as it was before either writes, as in one `_bulk` pass.
      const plans = [planStory(1, a, viewOf('wd-a')), planStory(1, b, viewOf('wd-b'))];
      if (plans.every((p) => !p.writes.length && !p.deletes.length)) break;
      for (const p of plans) for (const w of p.writes) index.set(w.id, stored(w.doc));
    }
    expect(passes).toBeLessThanOrEqual(3);
    expect(new Set([...index.values()].map((s) => s.doc.quotation.text)).size).toBe(1);
  });

  it('a story quoting both the full and the partial form puts both in one quotation, and counts one form per text', () => {
    const forms = formsOf(story('wd-a', [{ text: PART }, { text: FULL }, { text: PART.toUpperCase() }]));
    expect(forms).toHaveLength(2);
    const plan = planStory(1, forms, { own: [], related: [] });
    expect(new Set(plan.writes.map((w) => w.doc.quotation.id)).size).toBe(1);
  });
});

describe('the aggregated speaker', () => {
  it('goes to the most confidence-weighted votes; agreement is the share of occurrences naming them', () => {
    const votes = votesOf([
      { speaker: { name: 'Ana Ruiz' }, confidence: 0.9 },
      { speaker: { name: 'Ana Ruiz' }, confidence: 0.8 },
      { speaker: { name: 'Port Authority' }, confidence: 0.95 },
      { speaker: null, confidence: 0.5 },
    ]);
    expect(speakerVerdict(votes, 4)).toEqual({ name: 'Ana Ruiz', agreement: 0.5 });
  });

  it('weights by confidence, not by count alone, and is null when nobody is named', () => {
    const votes = votesOf([
      { speaker: { name: 'A' }, confidence: 0.2 },
      { speaker: { name: 'A' }, confidence: 0.2 },
      { speaker: { name: 'B' }, confidence: 0.9 },
    ]);
    expect(speakerVerdict(votes, 3)).toEqual({ name: 'B', agreement: 0.333 });
    expect(speakerVerdict([], 2)).toBeNull();
  });
});
