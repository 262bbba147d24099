/**
 * The tagger's model: label set (BILOU over PER, ORG, LOC, MISC), emission weights per
 * feature, label-transition weights, and the word lists the features consult. Viterbi decoding
 * with the BILOU constraints built in. Loading is lazy and happens once.
 */
import { readFileSync } from 'node:fs';
import type { TaggerTables } from './compiled.ts';
import type { Lookup, Resources } from './features.ts';
import { L, LABELS } from './labels.ts';
import { DEFAULT_MODEL_PATH, parseModelFile, readOrBuildPacked } from './model-cache.ts';
import { packModelFile, unpackModel } from './packed.ts';

export { L, LABELS, TYPES } from './labels.ts';
export { DEFAULT_MODEL_PATH } from './model-cache.ts';

/** allowed[prev * L + next]: BILOU well-formedness; prev = L stands for the sentence start. */
export const ALLOWED: Uint8Array = (() => {
  const a = new Uint8Array((L + 1) * L);
  const parts = (y: number) => (y === L ? ['S', ''] : LABELS[y] === 'O' ? ['O', ''] : LABELS[y]!.split('-'));
  for (let p = 0; p <= L; p++) {
    const [pp, pt] = parts(p);
    for (let y = 0; y < L; y++) {
      const [yp, yt] = parts(y);
      const open = pp === 'B' || pp === 'I';
      let ok: boolean;
      if (yp === 'I' || yp === 'L') ok = open && pt === yt;
      else ok = !open;
      a[p * L + y] = ok ? 1 : 0;
    }
  }
  return a;
})();
/** finalOk[y]: a sentence may end on y (not inside an open entity). */
export const FINAL_OK: Uint8Array = Uint8Array.from(LABELS, (l) => (l.startsWith('B-') || l.startsWith('I-') ? 0 : 1));

export interface ModelFile {
  format: 'wiredesk-ner/1';
  featureHash: string;
  labels: string[];
  /** Emission weights are int8 × scale. */
  scale: number;
  features: string;
  /** base64: per feature, a 32-bit label mask (little end first) then one int8 per set bit. */
  weights: string;
  /** (L + 1) × L transition weights, row L = sentence start; then L end weights. */
  transitions: number[];
  resources: Resources;
  meta: Record<string, unknown>;
}

/** The model as the tagger uses it: tables over one packed buffer (`packed.ts`). */
export interface Model extends TaggerTables {
  transitions: Float32Array;
  featureHash: string;
  meta: Record<string, unknown>;
  /** The packed tables (a SharedArrayBuffer for the default model). */
  buffer: ArrayBufferLike;
}

/** A model file's content as a model (training's evaluations, `loadModel`): packed in memory. */
export function decodeModelFile(file: ModelFile): Model {
  if (file.format !== 'wiredesk-ner/1') throw new Error(`unknown entity model format ${String(file.format)}`);
  if (file.labels.join(' ') !== LABELS.join(' ')) throw new Error('entity model labels differ from the code');
  return unpackModel(packModelFile(file, '', false));
}

/** A model file read as is (another model than the default, for evaluation and benchmarks). */
export function loadModel(path: string = DEFAULT_MODEL_PATH): Model {
  return unpackModel(packModelFile(parseModelFile(readFileSync(path), path), '', false));
}

let cached: Model | null = null;
/** The repository's model, from its cached packed form, loaded on first use and kept. */
export function defaultModel(): Model {
  cached ??= unpackModel(readOrBuildPacked());
  return cached;
}

/** The default model's packed buffer, for the enrichment pool to share with its threads. */
export function defaultModelBuffer(): SharedArrayBuffer {
  return (defaultModel().buffer as SharedArrayBuffer);
}

/** Uses a packed default model another thread loaded (see `defaultModelBuffer`). */
export function useModelBuffer(buf: SharedArrayBuffer): void {
  cached = unpackModel(buf);
}

/** Emission scores (n × L) for a sentence's feature lists. */
export function emissions(featureIds: Int32Array[], weights: Float32Array): Float32Array {
  const n = featureIds.length;
  const scores = new Float32Array(n * L);
  for (let t = 0; t < n; t++) {
    const ids = featureIds[t]!;
    const o = t * L;
    for (let k = 0; k < ids.length; k++) {
      const base = ids[k]! * L;
      for (let y = 0; y < L; y++) scores[o + y]! += weights[base + y]!;
    }
  }
  return scores;
}

/**
 * For each label y, the labels that may come before it, ascending (ties go to the lowest, as
 * always): `PREV_FROM[PREV_AT[y] .. PREV_AT[y + 1])`, one flat list (2 for I-/L-, 9 for the rest).
 */
const PREV_AT = new Int32Array(L + 1);
const PREV_FROM: Uint8Array = (() => {
  const from: number[] = [];
  for (let y = 0; y < L; y++) {
    PREV_AT[y] = from.length;
    for (let p = 0; p < L; p++) if (ALLOWED[p * L + y]) from.push(p);
  }
  PREV_AT[L] = from.length;
  return Uint8Array.from(from);
})();

/** A transitions table laid out along PREV_FROM, as doubles (float32 values, exactly). */
const flatTransitions = new WeakMap<Float32Array, Float64Array>();
function transitionsAlong(transitions: Float32Array): Float64Array {
  let t = flatTransitions.get(transitions);
  if (!t) {
    t = new Float64Array(PREV_FROM.length);
    for (let y = 0; y < L; y++) for (let k = PREV_AT[y]!; k < PREV_AT[y + 1]!; k++) t[k] = transitions[PREV_FROM[k]! * L + y]!;
    flatTransitions.set(transitions, t);
  }
  return t;
}

let deltaBuf = new Float64Array(0);
let backBuf = new Uint8Array(0);

/** The best label sequence under the scores and transitions, BILOU-constrained. */
export function viterbi(scores: Float32Array, n: number, transitions: Float32Array): Uint8Array {
  const out = new Uint8Array(n);
  if (!n) return out;
  if (deltaBuf.length < n * L) {
    deltaBuf = new Float64Array(n * L * 2);
    backBuf = new Uint8Array(n * L * 2);
  }
  const delta = deltaBuf;
  const back = backBuf;
  const trans = transitionsAlong(transitions);
  const NEG = -1e30;
  for (let y = 0; y < L; y++) delta[y] = ALLOWED[L * L + y] ? scores[y]! + transitions[L * L + y]! : NEG;
  for (let t = 1; t < n; t++) {
    const prev = (t - 1) * L;
    const here = t * L;
    for (let y = 0; y < L; y++) {
      let best = NEG;
      let arg = 0;
      for (let k = PREV_AT[y]!, end = PREV_AT[y + 1]!; k < end; k++) {
        const p = PREV_FROM[k]!;
        const v = delta[prev + p]! + trans[k]!;
        if (v > best) { best = v; arg = p; }
      }
      delta[here + y] = best + scores[here + y]!;
      back[here + y] = arg;
    }
  }
  const endBase = (L + 1) * L;
  let best = NEG;
  let arg = 0;
  for (let y = 0; y < L; y++) {
    if (!FINAL_OK[y]) continue;
    const v = delta[(n - 1) * L + y]! + transitions[endBase + y]!;
    if (v > best) { best = v; arg = y; }
  }
  out[n - 1] = arg;
  for (let t = n - 1; t > 0; t--) out[t - 1] = back[t * L + out[t]!]!;
  return out;
}

/** Feature strings → known feature ids. */
export function featureIds(feats: string[][], index: Lookup<number>): Int32Array[] {
  return feats.map((fs) => {
    const ids: number[] = [];
    for (const f of fs) {
      const id = index.get(f);
      if (id !== undefined) ids.push(id);
    }
    return Int32Array.from(ids);
  });
}

const LABEL_PART = LABELS.map((l) => l.split('-')[0]!);
const LABEL_TYPE = LABELS.map((l) => l.split('-')[1] ?? '');

/** Labelled spans [start, end) of tokens, from a BILOU label sequence. */
export function spansOf(labels: ArrayLike<number>): Array<{ type: string; start: number; end: number }> {
  const out: Array<{ type: string; start: number; end: number }> = [];
  let open: { type: string; start: number } | null = null;
  for (let t = 0; t < labels.length; t++) {
    const y = labels[t]!;
    if (LABELS[y] === 'O') { open = null; continue; }
    const p = LABEL_PART[y]!;
    const type = LABEL_TYPE[y]!;
    if (p === 'U') { out.push({ type, start: t, end: t + 1 }); open = null; }
    else if (p === 'B') open = { type, start: t };
    else if (p === 'L' && open && open.type === type) { out.push({ type, start: open.start, end: t + 1 }); open = null; }
  }
  return out;
}

/** IOB1 / IOB2 tags (`I-PER`, `B-LOC`, `O`) → BILOU label ids. */
export function bilouFromIob(tags: string[]): Uint8Array {
  const spans: Array<{ type: string; start: number; end: number }> = [];
  let prev = 'O';
  tags.forEach((tag, i) => {
    const [bio, type] = tag === 'O' ? ['O', 'O'] : (tag.split('-') as [string, string]);
    if (type === 'O') { prev = 'O'; return; }
    if (bio === 'B' || prev !== type) spans.push({ type, start: i, end: i + 1 });
    else spans[spans.length - 1]!.end = i + 1;
    prev = type;
  });
  const out = new Uint8Array(tags.length);
  for (const s of spans) {
    if (s.end - s.start === 1) out[s.start] = LABELS.indexOf(`U-${s.type}`);
    else for (let i = s.start; i < s.end; i++) out[i] = LABELS.indexOf(`${i === s.start ? 'B' : i === s.end - 1 ? 'L' : 'I'}-${s.type}`);
  }
  return out;
}
