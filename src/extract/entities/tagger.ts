import { CompiledTagger } from './compiled.ts';
import { mapArray } from '../../arrays.ts';
import { consistentSpans } from './consistency.ts';
import { norm } from './features.ts';
import { HISTORY_CODES, historyFeatureNames, historyKey, PredictionHistory } from './history.ts';
import { L, spansOf, viterbi, type Model } from './model.ts';

export { asTrainingText } from './features.ts';

export interface TokenSpan {
  /** PER, ORG, LOC or MISC. */
  type: string;
  /** Token indexes within the sentence, end exclusive. */
  start: number;
  end: number;
}

const compiled = new WeakMap<Model, CompiledTagger>();
const historyTables = new WeakMap<Model, Array<readonly number[]> | null>();

/**
 * The model's ids of the prediction-history features, by code × 2 + opens-the-sentence; null for
 * a model trained without them.
 */
function historyTable(model: Model): Array<readonly number[]> | null {
  let table = historyTables.get(model);
  if (table === undefined) {
    table = [];
    let any = false;
    for (let code = 0; code < HISTORY_CODES; code++) {
      for (const first of [false, true]) {
        const ids: number[] = [];
        for (const f of historyFeatureNames(code, first)) {
          const id = model.featureIndex.get(f);
          if (id !== undefined && id >= 0) ids.push(id);
        }
        any ||= ids.length > 0;
        table.push(ids);
      }
    }
    if (!any) table = null;
    historyTables.set(model, table);
  }
  return table;
}

/** The model's tables compiled for tagging (once per model). */
export function compiledTagger(model: Model): CompiledTagger {
  let c = compiled.get(model);
  if (!c) compiled.set(model, (c = new CompiledTagger(model)));
  return c;
}

/** Tags every sentence of one document (the document gives the casing context; its names are made consistent, `consistency.ts`). */
export function tagDocument(model: Model, raw: string[][]): TokenSpan[][] {
  const out: TokenSpan[][] = mapArray(raw, () => []);
  const history = new PredictionHistory();
  const table = historyTable(model);
  const W = model.weights;
  const keys: Array<string | null> = [];
  compiledTagger(model).tagDocument(raw, (scores, n, s) => {
    if (table) {
      const words = raw[s]!;
      for (let t = 0; t < n; t++) keys[t] = historyKey(words[t]!);
      if (history.size) {
        for (let t = 0; t < n; t++) {
          const code = history.codeOf(keys[t] ?? null);
          if (code < 0) continue;
          for (const id of table[code * 2 + (t === 0 ? 1 : 0)]!) {
            for (let y = 0; y < L; y++) scores[t * L + y]! += W[id * L + y]!;
          }
        }
      }
    }
    const labels = viterbi(scores, n, model.transitions);
    if (table) history.record(keys, n, labels);
    out[s] = spansOf(labels);
  });
  const clusters = model.resources.clusters;
  return consistentSpans(raw, out, (w) => clusters.get(norm(w.toLowerCase())) === undefined);
}
