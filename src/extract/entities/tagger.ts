import { CompiledTagger } from './compiled.ts';
import { mapArray } from '../../arrays.ts';
import { consistentSpans } from './consistency.ts';
import { norm } from './features.ts';
import { spansOf, viterbi, type Model } from './model.ts';

export { asTrainingText } from './features.ts';

export interface TokenSpan {
  /** PER, ORG, LOC or MISC. */
  type: string;
  /** Token indexes within the sentence, end exclusive. */
  start: number;
  end: number;
}

const compiled = new WeakMap<Model, CompiledTagger>();

/** The model's tables compiled for tagging (once per model). */
export function compiledTagger(model: Model): CompiledTagger {
  let c = compiled.get(model);
  if (!c) compiled.set(model, (c = new CompiledTagger(model)));
  return c;
}

/** Tags every sentence of one document (the document gives the casing context; its names are made consistent, `consistency.ts`). */
export function tagDocument(model: Model, raw: string[][]): TokenSpan[][] {
  const out: TokenSpan[][] = mapArray(raw, () => []);
  compiledTagger(model).tagDocument(raw, (scores, n, s) => {
    out[s] = spansOf(viterbi(scores, n, model.transitions));
  });
  const clusters = model.resources.clusters;
  return consistentSpans(raw, out, (w) => clusters.get(norm(w.toLowerCase())) === undefined);
}
