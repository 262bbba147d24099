import { documentContext, sentenceFeatureIds } from './features.ts';
import { emissions, spansOf, viterbi, type Model } from './model.ts';

export interface TokenSpan {
  /** PER, ORG, LOC or MISC. */
  type: string;
  /** Token indexes within the sentence, end exclusive. */
  start: number;
  end: number;
}

/**
 * Typographic forms as the (1996, ASCII) training text writes them: curly quotes and
 * apostrophes straight, an em dash `--`, an en dash `-`.
 */
const TYPOGRAPHIC = /[’‘‚“”„«»—–…]/;
export function asTrainingText(w: string): string {
  if (!TYPOGRAPHIC.test(w)) return w;
  return w.replace(/[’‘‚]/g, "'").replace(/[“”„«»]/g, '"').replace(/—/g, '--').replace(/–/g, '-').replace(/…/g, '...');
}

/** Tags every sentence of one document (the document gives the casing context). */
export function tagDocument(model: Model, raw: string[][]): TokenSpan[][] {
  const sentences = raw.map((s) => s.map(asTrainingText));
  const ctx = documentContext(sentences);
  return sentences.map((words) => {
    if (!words.length) return [];
    const ids = sentenceFeatureIds(words, ctx, model.resources, model.featureIndex, model.idCache);
    const labels = viterbi(emissions(ids, model.weights), words.length, model.transitions);
    return spansOf(labels);
  });
}
