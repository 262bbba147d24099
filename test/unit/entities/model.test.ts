import { describe, expect, it } from 'vitest';
import { asTrainingText, documentContext, featureHash, sentenceFeatures } from '../../../src/extract/entities/features.ts';
import { compiledTagger } from '../../../src/extract/entities/tagger.ts';
import { sentenceTokenRanges, tokenize } from '../../../src/extract/text/index.ts';
import { readLabelledStories } from './fixtures.ts';
import { bilouFromIob, defaultModel, emissions, featureIds, LABELS, spansOf, viterbi, L } from '../../../src/extract/entities/model.ts';

describe('the entity model', () => {
  it('was trained with the feature set the code computes now (retrain with npm run train:ner)', () => {
    const model = defaultModel();
    expect(featureHash(model.resources)).toBe(model.featureHash);
  });
  it('scores tokens the compiled way exactly (to the bit) as the training way', () => {
    const model = defaultModel();
    const shouting = 'AFGHANISTAN TALIBAN TAKE KABUL AS GHANI FLEES\n\nKABUL, Aug 15 - The Taliban entered Kabul on Sunday, officials said.';
    for (const text of [...readLabelledStories().map((s) => s.text), shouting]) {
      const tokens = tokenize(text);
      const sents = sentenceTokenRanges(text, tokens).map(([a, b]) => tokens.slice(a, b).map((t) => asTrainingText(t.text)));
      const ctx = documentContext(sents, model.resources);
      const slow = sents.map((words) => [...emissions(featureIds(sentenceFeatures(words, ctx, model.resources), model.featureIndex), model.weights)]);
      const fast: number[][] = sents.map(() => []);
      compiledTagger(model).tagDocument(sents, (scores, n, s) => { fast[s] = [...scores.subarray(0, n * L)]; });
      expect(fast).toEqual(slow);
    }
  });
  it('loads once', () => {
    expect(defaultModel()).toBe(defaultModel());
  });
  it('converts IOB1 to BILOU and back to spans', () => {
    const tags = ['I-PER', 'I-PER', 'O', 'I-LOC', 'B-LOC', 'I-ORG', 'I-ORG', 'I-ORG'];
    const labels = bilouFromIob(tags);
    expect([...labels].map((y) => LABELS[y])).toEqual(['B-PER', 'L-PER', 'O', 'U-LOC', 'U-LOC', 'B-ORG', 'I-ORG', 'L-ORG']);
    expect(spansOf(labels)).toEqual([
      { type: 'PER', start: 0, end: 2 }, { type: 'LOC', start: 3, end: 4 }, { type: 'LOC', start: 4, end: 5 }, { type: 'ORG', start: 5, end: 8 },
    ]);
  });
  it('decodes only well-formed BILOU sequences', () => {
    // Scores that alone would say I-PER, I-PER: the constraint forces a legal sequence.
    const n = 2;
    const scores = new Float32Array(n * L);
    scores[LABELS.indexOf('I-PER')] = 5;
    scores[L + LABELS.indexOf('I-PER')] = 5;
    scores[LABELS.indexOf('B-PER')] = 1;
    scores[L + LABELS.indexOf('L-PER')] = 1;
    const out = [...viterbi(scores, n, new Float32Array((L + 2) * L))].map((y) => LABELS[y]);
    expect(out).toEqual(['B-PER', 'L-PER']);
  });
});
