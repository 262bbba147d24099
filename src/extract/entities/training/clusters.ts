/**
 * Word clusters from unlabelled newswire, for the tagger's cluster features: words that occur
 * in the same contexts (the words left and right of them) fall in the same cluster, so a name
 * the labelled data never showed still looks like the names it did. Each word gets a path of
 * four cluster ids, coarse to fine (16, 64, 256, 1024 clusters), written `a.b.c.d`.
 *
 * Method: context counts over the most frequent words, positive PMI, a seeded random
 * projection to a dense vector, spherical k-means for the finest level, then k-means over
 * the centroids for each coarser level. Deterministic for a given seed and text.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { mulberry32 } from './train.ts';

export const CLUSTERS_FILE = 'models/clusters.tsv.gz';

export function loadClusters(root: string): Record<string, string> {
  const file = path.join(root, CLUSTERS_FILE);
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
    const [word, bits] = line.split('\t');
    if (word && bits) out[word] = bits;
  }
  return out;
}

export interface ClusterOptions {
  minCount: number;
  contexts: number;
  dims: number;
  levels: number[];
  iterations: number;
  seed: number;
  log?: (m: string) => void;
}

const norm = (w: string) => w.replace(/\d/g, '0');

/** Clusters for the words of `docs` (each a token list; boundaries are not crossed). */
export function buildClusters(docs: string[][], opts: ClusterOptions): Map<string, string> {
  const log = opts.log ?? (() => {});
  const counts = new Map<string, number>();
  for (const d of docs) for (const w of d) counts.set(norm(w), (counts.get(norm(w)) ?? 0) + 1);
  const byFreq = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const vocab = byFreq.filter(([, n]) => n >= opts.minCount).map(([w]) => w);
  const vid = new Map(vocab.map((w, i) => [w, i]));
  const ctxIds = new Map(byFreq.slice(0, opts.contexts).map(([w], i) => [w, i]));
  const C = opts.contexts + 1; // + "other"
  const V = vocab.length;
  log(`clusters: ${V} words (count >= ${opts.minCount}), ${C} contexts a side`);
  // Sparse context counts: word → Map(context feature → count); left contexts 0..C-1, right C..2C-1.
  const rows: Array<Map<number, number>> = vocab.map(() => new Map());
  const ctxTotals = new Float64Array(2 * C);
  let total = 0;
  const ctxOf = (w: string | undefined) => (w === undefined ? C - 1 : (ctxIds.get(norm(w)) ?? C - 1));
  for (const d of docs) {
    for (let i = 0; i < d.length; i++) {
      const v = vid.get(norm(d[i]!));
      if (v === undefined) continue;
      const row = rows[v]!;
      const l = ctxOf(i > 0 ? d[i - 1] : '<s>');
      const r = C + ctxOf(i + 1 < d.length ? d[i + 1] : '</s>');
      row.set(l, (row.get(l) ?? 0) + 1);
      row.set(r, (row.get(r) ?? 0) + 1);
      ctxTotals[l]! += 1;
      ctxTotals[r]! += 1;
      total += 2;
    }
  }
  // Sparse PPMI rows, unit length.
  const D = 2 * C;
  const idx: Int32Array[] = [];
  const val: Float32Array[] = [];
  for (let v = 0; v < V; v++) {
    const row = rows[v]!;
    let rowTotal = 0;
    for (const n of row.values()) rowTotal += n;
    const cs: number[] = [];
    const xs: number[] = [];
    for (const [c, n] of [...row].sort((a, b) => a[0] - b[0])) {
      const pmi = Math.log((n * total) / (rowTotal * ctxTotals[c]!));
      if (pmi > 0) { cs.push(c); xs.push(pmi); }
    }
    const len = Math.sqrt(xs.reduce((a, x) => a + x * x, 0)) || 1;
    idx.push(Int32Array.from(cs));
    val.push(Float32Array.from(xs, (x) => x / len));
  }
  // Finest level: spherical k-means over the sparse rows; coarser levels over the centroids.
  const levels = [...opts.levels].sort((a, b) => b - a);
  const sparse = { idx, val };
  const finest = kmeans(sparse, V, D, levels[0]!, opts.iterations, null, log);
  const paths: number[][] = vocab.map((_, v) => [finest.assign[v]!]);
  let centroids = finest.centroids;
  let K = levels[0]!;
  let memberOf = Int32Array.from({ length: V }, (_, v) => finest.assign[v]!);
  for (const k of levels.slice(1)) {
    const weights = new Float32Array(K);
    for (let v = 0; v < V; v++) weights[memberOf[v]!]! += 1;
    const coarse = kmeans(denseRows(centroids, K, D), K, D, k, opts.iterations, weights, log);
    for (let v = 0; v < V; v++) paths[v]!.push(coarse.assign[memberOf[v]!]!);
    memberOf = Int32Array.from({ length: V }, (_, v) => coarse.assign[memberOf[v]!]!);
    centroids = coarse.centroids;
    K = k;
  }
  const out = new Map<string, string>();
  vocab.forEach((w, v) => out.set(w, [...paths[v]!].reverse().join('.')));
  return out;
}

interface Rows {
  idx: Int32Array[];
  val: Float32Array[];
}

/** Centroids (K × D, dense) as sparse rows. */
function denseRows(cent: Float32Array, K: number, D: number): Rows {
  const idx: Int32Array[] = [];
  const val: Float32Array[] = [];
  for (let k = 0; k < K; k++) {
    const cs: number[] = [];
    const xs: number[] = [];
    for (let d = 0; d < D; d++) if (cent[k * D + d] !== 0) { cs.push(d); xs.push(cent[k * D + d]!); }
    idx.push(Int32Array.from(cs));
    val.push(Float32Array.from(xs));
  }
  return { idx, val };
}

/**
 * Spherical k-means on sparse unit rows; points spread over the list (which is by frequency)
 * seed the centroids. Centroids are kept transposed (D × K) so a row scores all K at once.
 */
function kmeans(X: Rows, N: number, D: number, K: number, iterations: number, weights: Float32Array | null, log: (m: string) => void) {
  K = Math.min(K, N);
  let centT = new Float32Array(D * K);
  for (let k = 0; k < K; k++) {
    const i = Math.floor((k * N) / K);
    X.idx[i]!.forEach((d, j) => { centT[d * K + k] = X.val[i]![j]!; });
  }
  const assign = new Int32Array(N).fill(-1);
  const scores = new Float32Array(K);
  let cent = new Float32Array(K * D);
  for (let it = 0; it < iterations; it++) {
    let changed = 0;
    for (let i = 0; i < N; i++) {
      scores.fill(0);
      const ix = X.idx[i]!;
      const vx = X.val[i]!;
      for (let j = 0; j < ix.length; j++) {
        const base = ix[j]! * K;
        const x = vx[j]!;
        for (let k = 0; k < K; k++) scores[k]! += x * centT[base + k]!;
      }
      let arg = 0;
      for (let k = 1; k < K; k++) if (scores[k]! > scores[arg]!) arg = k;
      if (assign[i] !== arg) changed++;
      assign[i] = arg;
    }
    cent = new Float32Array(K * D);
    for (let i = 0; i < N; i++) {
      const w = weights ? weights[i]! : 1;
      const c = assign[i]! * D;
      const ix = X.idx[i]!;
      const vx = X.val[i]!;
      for (let j = 0; j < ix.length; j++) cent[c + ix[j]!]! += w * vx[j]!;
    }
    centT = new Float32Array(D * K);
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let d = 0; d < D; d++) s += cent[k * D + d]! * cent[k * D + d]!;
      s = Math.sqrt(s) || 1;
      for (let d = 0; d < D; d++) { cent[k * D + d]! /= s; centT[d * K + k] = cent[k * D + d]!; }
    }
    log(`  k-means K=${K} iteration ${it + 1}: ${changed} moved`);
    if (!changed) break;
  }
  return { assign, centroids: cent };
}
