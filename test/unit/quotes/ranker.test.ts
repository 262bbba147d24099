import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { extractQuotes, probeHash } from '../../../src/extract/quotes/index.ts';
import { barredSpeaker, DEFAULT_QUOTE_MODEL_PATH, QuoteModelError, quoteModel, setQuoteModel, type QuoteModel } from '../../../src/extract/quotes/ranker.ts';
import { REVIEW_BELOW } from '../../../src/extract/quotes/calibration.ts';
import { train, type Example } from '../../../scripts/train-quotes.ts';

const shipped = (): QuoteModel => JSON.parse(gunzipSync(readFileSync(DEFAULT_QUOTE_MODEL_PATH)).toString('utf8')) as QuoteModel;

afterEach(() => setQuoteModel(undefined));

describe('the speaker ranker', () => {
  it('ships a model made for these features', () => {
    expect(shipped().featureHash).toBe(probeHash());
  });

  it('refuses a model trained on other features, saying how to fix it', () => {
    // Code whose features hash differently from the shipped file's: the file is stale.
    const read = () => quoteModel(() => 'ffffffffffffffff');
    expect(read).toThrow(QuoteModelError);
    expect(read).toThrow(/npm run train:quotes/);
  });

  it('trains deterministically: the same examples give the same weights', () => {
    const ex = (n: number): Example => ({
      cands: [
        { speaker: { name: 'A', title: null, type: 'person', referent: null }, how: '', verb: null, features: ['b', `x${n % 3}`, 'pick'] },
        { speaker: { name: 'B', title: null, type: 'person', referent: null }, how: '', verb: null, features: ['b', `y${n % 2}`] },
        { speaker: null, how: '', verb: null, features: ['N'] },
      ],
      right: [n % 4 !== 0, n % 4 === 0, false], target: [n % 4 !== 0, n % 4 === 0, false], kind: 'name', source: 'test',
    });
    const data = Array.from({ length: 40 }, (_, i) => ex(i));
    expect(train(data, 5, 0.01)).toEqual(train(data, 5, 0.01));
    expect(train(data, 5, 0.01)['pick']).toBeGreaterThan(0);
  });

  it('gives each quote its best candidates, best first, with calibrated scores', () => {
    const body = 'Finance Minister Jane Roe spoke after Tom Bay. "We will not borrow to pay for tax cuts," Roe told reporters.';
    const [q] = extractQuotes(body, []).quotes;
    expect(q!.speaker?.name).toBe('Jane Roe');
    expect(q!.candidates.length).toBeGreaterThan(0);
    expect(q!.candidates.length).toBeLessThanOrEqual(3);
    expect(q!.candidates[0]!.name).toBe('Jane Roe');
    const scores = q!.candidates.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(q!.confidence).toBe(q!.candidates[0]!.score);
    expect(q!.confidence).toBeGreaterThanOrEqual(REVIEW_BELOW);
  });

  it('without a model the rules decide alone, and quotes carry no candidates', () => {
    setQuoteModel(null);
    const [q] = extractQuotes('"We will not borrow to pay for tax cuts," Jane Roe said.', []).quotes;
    expect(q).toMatchObject({ speaker: { name: 'Jane Roe' }, how: 'X-said after quote', candidates: [] });
  });

  it('never makes the agency that carried the words the speaker', () => {
    const body = 'Premier Li Wen spoke at the forum. "Openness is our choice," he said, according to a statement carried by Xinhua.';
    const [q] = extractQuotes(body, []).quotes;
    expect(q).toMatchObject({ speaker: { name: 'Li Wen' }, via: 'Xinhua' });
    expect(q!.candidates.map((c) => c.name)).not.toContain('Xinhua');
  });

  it('never lets a nationality speak, in one word or after compass words, nor the outlet that carried the words', () => {
    const as = (name: string) => ({ name, title: null, type: 'person' as const, referent: null, via: undefined });
    for (const name of ['German', 'West German', 'South Korean', 'North American']) expect(barredSpeaker(as(name), null), name).toBe(true);
    for (const name of ['Kurt West', 'South Africa', 'Central Bank', 'Germany']) expect(barredSpeaker(as(name), null), name).toBe(false);
    expect(barredSpeaker(as('Tanjug'), 'Tanjug')).toBe(true);
  });
});

