import { describe, expect, it } from 'vitest';
import type { StoryDocument } from '../../../src/article/story.ts';
import { loadConfig } from '../../../src/config.ts';
import { enrich } from '../../../src/pipeline.ts';
import {
  applyCorrections,
  candidatesOf,
  correctionFor,
  correctionSchema,
  markedPieces,
  paragraphOf,
  quoteHashOf,
  reviewItemsOf,
  trainingRecordOf,
} from '../../../src/review/corrections.ts';
import { reviewPage } from '../../../src/server/review-page.ts';

const BODY = `OSLO, March 3 (Reuters) - Dock workers voted on Tuesday to extend a strike, their union said.

The port operator, Nordhavn AS, said it had offered a raise. Chief executive Lars Dahl called the walkout damaging.

"Every day the cranes stand still costs the fishing towns money."

Talks resume on Friday. "Nobody wins a long strike," a mediator's statement read.`;

const story = (): StoryDocument => enrich({ content: BODY, receivedAt: '2026-03-03T08:00:00Z', source: 'unit' }, { now: () => new Date('2026-03-03T09:00:00Z') });
const at = new Date('2026-03-04T10:00:00Z');
const indexOf = (doc: StoryDocument, text: string) => doc.quotes.findIndex((q) => q.text.startsWith(text));

describe("editors' corrections", () => {
  it('key a quote by its words, not by wrapping, case or the punctuation its span happens to take', () => {
    expect(quoteHashOf('Nobody wins a long strike')).toBe(quoteHashOf('nobody  wins a\nlong strike,'));
    expect(quoteHashOf('Nobody wins a long strike')).not.toBe(quoteHashOf('Nobody wins a short strike'));
    expect(quoteHashOf('x')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('apply to the quote with the same words wherever it now sits, and leave the other quotes alone', () => {
    const doc = story();
    const i = indexOf(doc, 'Nobody');
    const c = correctionFor(doc, i, { speaker: 'Ingrid Moe', by: 'desk:jane', at }, undefined);
    expect(correctionSchema.parse(c)).toEqual(c);
    // Re-enrichment found one more quote in front: positions moved, the words did not.
    const moved: StoryDocument = { ...doc, quotes: [{ ...doc.quotes[0]!, text: 'A new quote', speaker: null }, ...doc.quotes] };
    const corrected = applyCorrections(moved, [c]);
    expect(corrected.quotes[i + 1]).toMatchObject({ speaker: { name: 'Ingrid Moe', title: null, type: 'person' }, how: 'editor', confidence: 1, correctedBy: 'desk:jane', correctedAt: at.toISOString() });
    expect(corrected.quotes.filter((q) => q.how === 'editor')).toHaveLength(1);
    expect(corrected.quotes[0]).toBe(moved.quotes[0]);
  });

  it('cost nothing when no correction is for the story', () => {
    const doc = story();
    const other = { ...correctionFor(doc, 0, { speaker: null, by: 'x', at }), storyId: 'wd-other' };
    expect(applyCorrections(doc, [other])).toBe(doc);
    expect(applyCorrections(doc, [])).toBe(doc);
  });

  it('clear a speaker with no speaker, and keep what the pipeline first said when corrected twice', () => {
    const doc = story();
    const i = indexOf(doc, 'Every day');
    const first = correctionFor(doc, i, { speaker: null, by: 'a', at }, undefined);
    const after = applyCorrections(doc, [first]);
    expect(after.quotes[i]).toMatchObject({ speaker: null, how: 'editor' });
    const second = correctionFor(after, i, { speaker: 'Lars Dahl', by: 'b', at }, first);
    expect(second.original).toEqual({ speaker: doc.quotes[i]!.speaker, confidence: doc.quotes[i]!.confidence, how: doc.quotes[i]!.how });
    // The name the pipeline had given keeps its title.
    expect(second.speaker).toEqual(doc.quotes[i]!.speaker);
  });

  it('offer the ranker candidates when the quote has them, else the speaker and the names nearest the quote', () => {
    const doc = story();
    const i = indexOf(doc, 'Every day');
    expect(doc.quotes[i]!.candidates[0]).toMatchObject({ name: 'Lars Dahl' });
    // A document indexed before the ranker has no candidates: the speaker and the nearest names stand in.
    const unranked = { ...doc, quotes: doc.quotes.map((q) => ({ ...q, candidates: [] })) };
    expect(candidatesOf(unranked, i).map((c) => [c.name, c.score])).toEqual([
      ['Lars Dahl', doc.quotes[i]!.confidence],
      ['Nordhavn AS', null],
    ]);
    const ranked = { ...unranked, quotes: unranked.quotes.map((q, k) => (k === i ? { ...q, candidates: [{ name: 'Nordhavn AS', type: 'organization' as const, score: 0.7 }, { name: 'Lars Dahl', type: 'person' as const, score: 0.2 }] } : q)) };
    expect(candidatesOf(ranked, i)).toEqual([
      { name: 'Nordhavn AS', type: 'organization', score: 0.7 },
      { name: 'Lars Dahl', type: 'person', score: 0.2 },
    ]);
    // A name the ranker typed as an organisation is stored as one.
    expect(correctionFor(ranked, i, { speaker: 'Nordhavn AS', by: 'x', at }).speaker?.type).toBe('organization');
  });

  it('list the quotes below the threshold, none once corrected', () => {
    const doc = story();
    const items = reviewItemsOf(doc, 0.6);
    expect(items.map((x) => x.text)).toEqual(doc.quotes.filter((q) => q.confidence < 0.6).map((q) => q.text));
    expect(items.length).toBeGreaterThan(0);
    expect(reviewItemsOf(doc, 0.6, 1)).toHaveLength(1);
    expect(reviewItemsOf(doc, 0)).toEqual([]);
    const all = applyCorrections(doc, items.map((x) => correctionFor(doc, x.quoteIndex, { speaker: null, by: 'x', at })));
    expect(reviewItemsOf(all, 0.6)).toEqual([]);
  });

  it('export a training record whose offsets find the quote in the body and in the paragraph', () => {
    const doc = story();
    const i = indexOf(doc, 'Nobody');
    const r = trainingRecordOf(correctionFor(doc, i, { speaker: 'Ingrid Moe', by: 'x', at }));
    expect(doc.body.slice(r.start, r.end)).toBe(r.quote);
    expect(r.paragraph.slice(r.start - r.paragraphStart, r.end - r.paragraphStart)).toBe(r.quote);
    expect(r).toMatchObject({ speaker: 'Ingrid Moe', speakerType: 'person', originalSpeaker: null, how: 'no attribution' });
    const p = paragraphOf(doc.body, r.start, r.end);
    expect(p.before?.text).toBe('"Every day the cranes stand still costs the fishing towns money."');
  });

  it('mark the quote and the candidates in a paragraph without overlapping marks', () => {
    const text = 'Lars Dahl said "Lars Dahl is here" and Dahl left.';
    const pieces = markedPieces(text, { start: 15, end: 33 }, ['Lars Dahl', 'Dahl']);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces.filter((p) => p.mark).map((p) => [p.mark, p.text])).toEqual([
      ['candidate', 'Lars Dahl'],
      ['quote', '"Lars Dahl is here'],
      ['candidate', 'Dahl'],
    ]);
  });
});

describe('the review page', () => {
  it('escapes what stories hold and posts one form per answer, with no script and nothing from outside', () => {
    const doc = story();
    const hostile = { ...doc, headline: '<script>alert(1)</script>' };
    const items = reviewItemsOf(hostile, 0.6);
    const html = reviewPage({ total: items.length, items }, { below: 0.6, notice: { kind: 'saved', storyId: doc.id, quoteIndex: 1, speaker: '"><b>x' } });
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('“&quot;&gt;&lt;b&gt;x”');
    expect(html.match(/<form method="post" action="\/review\/wd-[0-9a-f]{32}\/\d+"/g)).toHaveLength(items.length * 2);
    expect(html).not.toMatch(/(?:src|href|action)="(?:https?:)?\/\//);
  });
});

describe('review configuration', () => {
  it('defaults to the calibrated REVIEW_BELOW (0.8) and takes WIREDESK_REVIEW_BELOW between 0 and 1', () => {
    expect(loadConfig({}).review).toEqual({ below: 0.8, cacheMs: 2000 });
    expect(loadConfig({ WIREDESK_REVIEW_BELOW: '0.75' }).review.below).toBe(0.75);
    expect(() => loadConfig({ WIREDESK_REVIEW_BELOW: '2' })).toThrow(/WIREDESK_REVIEW_BELOW="2": is above 1/);
  });
});
