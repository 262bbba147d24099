import { describe, expect, it } from 'vitest';
import { HISTORY_FEATURES, historyFeatureNames, historyKey, PredictionHistory } from '../../../src/extract/entities/history.ts';
import { LABELS } from '../../../src/extract/entities/labels.ts';

const label = (l: string) => LABELS.indexOf(l);
const record = (h: PredictionHistory, words: string[], labels: string[]) =>
  h.record(words.map(historyKey), words.length, labels.map(label));
const features = (h: PredictionHistory, w: string, first = false) => {
  const code = h.codeOf(historyKey(w));
  return code < 0 ? [] : historyFeatureNames(code, first);
};

describe('prediction history', () => {
  it('is kept for capitalised words only, by their lower case', () => {
    expect(historyKey('Blackburn')).toBe('blackburn');
    expect(historyKey('BLACKBURN')).toBe('blackburn');
    expect(historyKey('said')).toBeNull();
    expect(historyKey('1987')).toBeNull();
    expect(historyKey(',')).toBeNull();
  });

  it('gives a word nothing until an earlier sentence labelled it', () => {
    const h = new PredictionHistory();
    expect(features(h, 'Blackburn')).toEqual([]);
    record(h, ['Peter', 'Blackburn', 'said', '.'], ['B-PER', 'L-PER', 'O', 'O']);
    expect(features(h, 'Blackburn')).toEqual(['h=PER', 'hu=PER']);
    expect(features(h, 'BLACKBURN')).toEqual(['h=PER', 'hu=PER']);
    expect(features(h, 'said')).toEqual([]);
  });

  it('says the majority class, unanimous or not, and marks a sentence\'s first word', () => {
    const h = new PredictionHistory();
    record(h, ['Jordan', 'won', '.'], ['U-LOC', 'O', 'O']);
    record(h, ['in', 'Jordan', 'and', 'Jordan'], ['O', 'U-LOC', 'O', 'U-PER']);
    expect(features(h, 'Jordan')).toEqual(['h=LOC']);
    expect(features(h, 'Jordan', true)).toEqual(['h=LOC', 'h1=LOC']);
    record(h, ['Hopefully', ','], ['O', 'O']);
    expect(features(h, 'Hopefully', true)).toEqual(['h=O', 'hu=O', 'h1=O']);
  });

  it('names every feature a trainer must keep, once', () => {
    expect(new Set(HISTORY_FEATURES).size).toBe(HISTORY_FEATURES.length);
    expect(HISTORY_FEATURES).toContain('h1=MISC');
    expect(HISTORY_FEATURES).toHaveLength(15);
  });
});
