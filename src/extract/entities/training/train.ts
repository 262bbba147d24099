/**
 * Structured averaged perceptron over BILOU labels with Viterbi decoding: the trainer behind
 * `npm run train:ner`. Deterministic: a seeded shuffle, no clocks, no hash-order dependence.
 */
import { compileResources, documentContext, featureHash, sentenceFeatures, type Resources } from '../features.ts';
import { L, LABELS, bilouFromIob, emissions, viterbi, type ModelFile } from '../model.ts';
import { HISTORY_FEATURES, historyFeatureNames, historyKey, PredictionHistory } from '../history.ts';
import type { ConllDoc } from './conll.ts';

export interface TrainOptions {
  epochs: number;
  seed: number;
  /** Features seen fewer times than this in training are dropped. */
  minCount: number;
  /** Called after each epoch with the averaged weights so far (for a dev score). */
  onEpoch?: (epoch: number, snapshot: Trained) => void;
  /** Prediction-history features (`history.ts`); on unless false. */
  history?: boolean;
  log?: (msg: string) => void;
}

export interface Trained {
  featureNames: string[];
  weights: Float32Array;
  transitions: Float32Array;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function train(docs: ConllDoc[], resources: Resources, opts: TrainOptions): Trained {
  const log = opts.log ?? (() => {});
  const res = compileResources(resources);
  // 1. Features, interned with counts.
  const ids = new Map<string, number>();
  const counts: number[] = [];
  const names: string[] = [];
  const sents: Array<{ feats: Int32Array[]; gold: Uint8Array; words: string[]; keys: Array<string | null>; doc: number[]; at: number }> = [];
  for (const doc of docs) {
    const ctx = documentContext(doc.sentences.map((s) => s.words), res);
    const members: number[] = [];
    for (const s of doc.sentences) {
      members.push(sents.length);
      const feats = sentenceFeatures(s.words, ctx, res).map((fs) => {
        const out = new Int32Array(fs.length);
        fs.forEach((f, k) => {
          let id = ids.get(f);
          if (id === undefined) { id = names.length; ids.set(f, id); names.push(f); counts.push(0); }
          counts[id]!++;
          out[k] = id;
        });
        return out;
      });
      sents.push({ feats, gold: bilouFromIob(s.tags), words: s.words, keys: s.words.map(historyKey), doc: members, at: members.length - 1 });
    }
  }
  // 2. Drop rare features, renumber.
  const remap = new Int32Array(names.length).fill(-1);
  const kept: string[] = [];
  names.forEach((f, i) => { if (counts[i]! >= opts.minCount) { remap[i] = kept.length; kept.push(f); } });
  for (const s of sents) s.feats = s.feats.map((a) => Int32Array.from([...a].map((i) => remap[i]!).filter((i) => i >= 0)));
  log(`${sents.length} sentences, ${names.length} features, ${kept.length} kept (count >= ${opts.minCount})`);
  ids.clear();
  // Prediction history: its features are kept whatever their counts (they appear from epoch 2).
  const historyId = new Map<string, number>();
  if (opts.history !== false) {
    for (const f of HISTORY_FEATURES) {
      let id = kept.indexOf(f);
      if (id < 0) { id = kept.length; kept.push(f); }
      historyId.set(f, id);
    }
  }
  /** Each sentence's labels as last decoded (in this epoch or the one before: the order is shuffled). */
  const lastPred: Array<Uint8Array | undefined> = new Array(sents.length);
  const withHistory = (si: number): Int32Array[] => {
    const s = sents[si]!;
    if (!historyId.size || s.at === 0) return s.feats;
    const h = new PredictionHistory();
    for (let k = 0; k < s.at; k++) {
      const p = lastPred[s.doc[k]!];
      const earlier = sents[s.doc[k]!]!;
      if (p) h.record(earlier.keys, earlier.words.length, p);
    }
    return s.feats.map((f, t) => {
      const code = h.codeOf(s.keys[t] ?? null);
      if (code < 0) return f;
      const extra = historyFeatureNames(code, t === 0);
      const out = new Int32Array(f.length + extra.length);
      out.set(f);
      extra.forEach((x, j) => { out[f.length + j] = historyId.get(x)!; });
      return out;
    });
  };

  const F = kept.length;
  const W = new Float32Array(F * L);
  const U = new Float64Array(F * L);
  const T = new Float64Array((L + 2) * L);
  const TU = new Float64Array((L + 2) * L);
  let c = 1;
  const rand = mulberry32(opts.seed);
  const order = sents.map((_, i) => i);
  const endBase = (L + 1) * L;
  const snapshot = (): Trained => {
    const w = new Float32Array(F * L);
    for (let i = 0; i < w.length; i++) w[i] = W[i]! - U[i]! / c;
    const t = new Float32Array(T.length);
    for (let i = 0; i < t.length; i++) t[i] = T[i]! - TU[i]! / c;
    return { featureNames: kept, weights: w, transitions: t };
  };
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let wrong = 0;
    for (const si of order) {
      const { gold } = sents[si]!;
      const feats = withHistory(si);
      const n = gold.length;
      // A fresh array each time: viterbi() memoises its layout of a transitions table by the
      // array's identity, so refilling one array in place would decode with stale transitions.
      const pred = viterbi(emissions(feats, W), n, Float32Array.from(T));
      if (historyId.size) lastPred[si] = Uint8Array.from(pred);
      let same = true;
      for (let t = 0; t < n; t++) if (pred[t] !== gold[t]) { same = false; break; }
      if (!same) {
        wrong++;
        for (let t = 0; t < n; t++) {
          const g = gold[t]!;
          const p = pred[t]!;
          if (g !== p) {
            for (const f of feats[t]!) {
              W[f * L + g]! += 1; U[f * L + g]! += c;
              W[f * L + p]! -= 1; U[f * L + p]! -= c;
            }
          }
          const gp = t === 0 ? L : gold[t - 1]!;
          const pp = t === 0 ? L : pred[t - 1]!;
          if (gp !== pp || g !== p) {
            T[gp * L + g]! += 1; TU[gp * L + g]! += c;
            T[pp * L + p]! -= 1; TU[pp * L + p]! -= c;
          }
        }
        const ge = gold[n - 1]!;
        const pe = pred[n - 1]!;
        if (ge !== pe) {
          T[endBase + ge]! += 1; TU[endBase + ge]! += c;
          T[endBase + pe]! -= 1; TU[endBase + pe]! -= c;
        }
      }
      c++;
    }
    log(`epoch ${epoch}: ${wrong} of ${order.length} sentences wrong`);
    opts.onEpoch?.(epoch, snapshot());
  }
  return snapshot();
}

/**
 * The compact model file: features whose weights are all tiny dropped, the rest quantised to
 * int8 with one scale, stored sparse (a label mask, then the non-zero values).
 */
export function packModel(trained: Trained, resources: Resources, opts: { prune: number; meta: Record<string, unknown> }): ModelFile {
  const { featureNames, weights } = trained;
  const F = featureNames.length;
  // The scale puts the 99.99th percentile of |w| at 127.
  const abs = Float32Array.from(weights, Math.abs).filter((x) => x > 0).sort();
  const q = abs.length ? abs[Math.min(abs.length - 1, Math.floor(abs.length * 0.9999))]! : 1;
  const scale = q / 127;
  const names: string[] = [];
  const bytes: number[] = [];
  for (let f = 0; f < F; f++) {
    const qv: number[] = [];
    let mask = 0;
    for (let y = 0; y < L; y++) {
      const w = weights[f * L + y]!;
      if (Math.abs(w) < opts.prune) continue;
      const v = Math.max(-127, Math.min(127, Math.round(w / scale)));
      if (v === 0) continue;
      mask |= 1 << y;
      qv.push(v & 0xff);
    }
    if (!mask) continue;
    names.push(featureNames[f]!);
    bytes.push(mask & 0xff, (mask >>> 8) & 0xff, (mask >>> 16) & 0xff, (mask >>> 24) & 0xff, ...qv);
  }
  return {
    format: 'wiredesk-ner/1',
    featureHash: featureHash(compileResources(resources)),
    labels: LABELS,
    scale,
    features: names.join('\n'),
    weights: Buffer.from(bytes).toString('base64'),
    transitions: Array.from(trained.transitions, (x) => Math.round(x * 1000) / 1000),
    resources,
    meta: { ...opts.meta, features: names.length },
  };
}
