import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../src/extract/quotes/index.ts';
import { newTally, pct, scoreFixture, type Fixture } from '../../../scripts/quotes-scoring.ts';

const dir = new URL('../../fixtures/quotes/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Fixture);

describe('wire-style fixtures (stories written for the project, agency styles)', () => {
  const t = newTally();
  for (const f of fixtures) scoreFixture(t, f, extractQuotes(f.body, []).quotes);

  // Floors from a real run (`npm run eval:quotes`), a little below it, so a regression shows.
  it('finds the labelled quotes and little else', () => {
    expect(t.gold).toBeGreaterThanOrEqual(74);
    expect(pct(t.found, t.gold)).toBeGreaterThanOrEqual(95);
    expect(pct(t.oursRight, t.ours)).toBeGreaterThanOrEqual(95);
  });

  it('names the speaker as the story does', () => {
    expect(pct(...t.speaker.name)).toBeGreaterThanOrEqual(95);
    expect(pct(...t.speaker.pronoun)).toBeGreaterThanOrEqual(85);
    expect(pct(...t.speaker.description)).toBeGreaterThanOrEqual(85);
  });

  it('gets via and partial right', () => {
    expect(pct(...t.via)).toBeGreaterThanOrEqual(95);
    expect(pct(...t.partial)).toBeGreaterThanOrEqual(95);
  });

  it('never returns the scare quotes and titles the fixtures list', () => {
    for (const f of fixtures) {
      const texts = extractQuotes(f.body, []).quotes.map((q) => q.text);
      for (const n of f.notQuotes ?? []) expect(texts, `${f.id}: “${n}”`).not.toContain(n);
    }
  });
});
