import { describe, expect, it } from 'vitest';
import { featureHash } from '../../../src/extract/entities/features.ts';
import { bilouFromIob, defaultModel, LABELS, spansOf, viterbi, L } from '../../../src/extract/entities/model.ts';

describe('the entity model', () => {
  it('was trained with the feature set the code computes now (retrain with npm run train:ner)', () => {
    const model = defaultModel();
    expect(featureHash(model.resources)).toBe(model.featureHash);
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
