import { documentContext, sentenceFeatureIds } from './features.ts';
import { emissions, spansOf, viterbi, type Model } from './model.ts';

export interface TokenSpan {
  /** PER, ORG, LOC or MISC. */
  type: string;
  /** Token indexes within the sentence, end exclusive. */
  start: number;
  end: number;
}

/** Tags every sentence of one document (the document gives the casing context). */
export function tagDocument(model: Model, sentences: string[][]): TokenSpan[][] {
  const ctx = documentContext(sentences);
  return sentences.map((words) => {
    if (!words.length) return [];
    const ids = sentenceFeatureIds(words, ctx, model.resources, model.featureIndex, model.idCache);
    const labels = viterbi(emissions(ids, model.weights), words.length, model.transitions);
    return spansOf(labels);
  });
}
