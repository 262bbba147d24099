/**
 * The entity model in the form the tagger uses, as one buffer: the feature index and the word
 * lists as string hash tables, the weights as dense F × L rows (format 2: a token's score is a
 * fixed-length row sum, no label indirection), the word pairs by integer keys, and a
 * small JSON part. Built from the model file (`packModelFile`) and cached on disk by
 * `model-cache.ts`; read straight into a SharedArrayBuffer, so the enrichment threads use one
 * copy and a process that tags a story never parses the model's JSON. Nothing here decides a
 * weight or a feature: every table holds what `decodeModelFile` made of the model before, and
 * `test/unit/entities/packed.test.ts` checks that it does.
 */
import { compileResources, type CompiledResources, type Lookup, type Phrase } from './features.ts';
import type { Model, ModelFile } from './model.ts';
import { buildStringTable, stringList, StringTable, type StringTableArrays } from './string-table.ts';

/** Bump when the layout, or how a table is derived from the model file, changes. */
export const PACKED_FORMAT = 2;
const MAGIC = 0x524e_4457; // 'WDNR'
const L = 17;
const HEADER_INTS = 64;
const SIG_AT = HEADER_INTS * 4;
const SIG_BYTES = 40;
const DATA_AT = (SIG_AT + SIG_BYTES + 7) & ~7;

const SECTIONS = {
  featOff: Int32Array, featSlots: Int32Array, featPool: Uint16Array,
  weights: Float32Array,
  transitions: Float32Array,
  lexOff: Int32Array, lexSlots: Int32Array, lexPool: Uint16Array,
  pairPrev: Int32Array, pairNext: Int32Array,
  clOff: Int32Array, clSlots: Int32Array, clPool: Uint16Array, clPath: Uint16Array,
  phOff: Int32Array, phSlots: Int32Array, phPool: Uint16Array,
  /** Bucket → its phrases [phList[e], phList[e + 1]); phrase → kind, and its words [phWords[p], phWords[p + 1]). */
  phList: Int32Array, phKind: Uint8Array, phWords: Int32Array, wordOff: Int32Array, wordPool: Uint16Array,
  meta: Uint8Array,
} as const;
type Name = keyof typeof SECTIONS;
type View<C> = C extends Int32ArrayConstructor ? Int32Array<ArrayBufferLike>
  : C extends Uint16ArrayConstructor ? Uint16Array<ArrayBufferLike>
  : C extends Uint8ArrayConstructor ? Uint8Array<ArrayBufferLike>
  : Float32Array<ArrayBufferLike>;
type Sections = { [K in Name]: View<(typeof SECTIONS)[K]> };
const NAMES = Object.keys(SECTIONS) as Name[];

interface Meta {
  featureHash: string;
  meta: Record<string, unknown>;
  /** Gazetteer kinds in order of first appearance (as the tagger numbers them). */
  kinds: string[];
  /** Distinct cluster paths (clPath indexes them) and the middle-level clusters, in first-seen order. */
  paths: string[];
  mids: string[];
  cues: Array<[string, string[]]>;
}

export class PackedModelError extends Error {
  constructor(message: string) {
    super(`${message}; delete the cached file (node_modules/.cache/wiredesk/ner.bin) or set WIREDESK_NER_CACHE=off`);
    this.name = 'PackedModelError';
  }
}

function pairKey(a: number, b: number, mask: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca77);
  h ^= h >>> 15;
  return h & mask;
}

/** Word pairs (a, b) → feature id, as (a, b, id) triples in an open-addressing table (a = -1: empty). */
function pairTable(pairs: Array<[number, number, number]>): Int32Array {
  let cap = 1;
  while (cap < pairs.length * 2) cap <<= 1;
  const t = new Int32Array(cap * 3).fill(-1);
  for (const [a, b, fid] of pairs) {
    let s = pairKey(a, b, cap - 1);
    while (t[s * 3] !== -1) s = (s + 1) & (cap - 1);
    t.set([a, b, fid], s * 3);
  }
  return t;
}

function pairOf(t: Int32Array, a: number, b: number): number {
  const mask = t.length / 3 - 1;
  for (let s = pairKey(a, b, mask); ; s = (s + 1) & mask) {
    const x = t[s * 3]!;
    if (x === -1) return -1;
    if (x === a && t[s * 3 + 1] === b) return t[s * 3 + 2]!;
  }
}

/** Dense F × L emission weights from the model file's int8 rows (as the model has always read them). */
export function denseWeights(file: ModelFile, features: number): Float32Array {
  const bytes = Buffer.from(file.weights, 'base64');
  const weights = new Float32Array(features * L);
  let p = 0;
  for (let f = 0; f < features; f++) {
    const mask = bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16) | (bytes[p + 3]! << 24);
    p += 4;
    for (let y = 0; y < L; y++) {
      if (mask & (1 << y)) {
        const v = bytes[p++]!;
        weights[f * L + y] = (v > 127 ? v - 256 : v) * file.scale;
      }
    }
  }
  return weights;
}

/** The packed form of a model file, with `sig` in its header. */
export function packModelFile(file: ModelFile, sig: string, shared: boolean): ArrayBufferLike {
  const names = file.features.split('\n');
  const res = compileResources(file.resources);
  const feat = buildStringTable(names);

  // Word pairs: every split of `l-1|l=a|b` at a `|` is a pair whose feature string is exactly this one.
  const lexicon = new Map<string, number>();
  const intern = (s: string) => {
    let x = lexicon.get(s);
    if (x === undefined) lexicon.set(s, (x = lexicon.size));
    return x;
  };
  const prev: Array<[number, number, number]> = [];
  const next: Array<[number, number, number]> = [];
  names.forEach((name, fid) => {
    const isPrev = name.startsWith('l-1|l=');
    if (!isPrev && !name.startsWith('l|l+1=')) return;
    const rest = name.slice(6);
    for (let k = rest.indexOf('|'); k >= 0; k = rest.indexOf('|', k + 1)) (isPrev ? prev : next).push([intern(rest.slice(0, k)), intern(rest.slice(k + 1)), fid]);
  });
  const lex = buildStringTable([...lexicon.keys()]);

  const clusterWords = Object.keys(file.resources.clusters);
  const paths: string[] = [];
  const pathIds = new Map<string, number>();
  const clPath = Uint16Array.from(clusterWords, (word) => {
    const p = file.resources.clusters[word]!;
    let id = pathIds.get(p);
    if (id === undefined) pathIds.set(p, (id = paths.push(p) - 1));
    return id;
  });
  const cl = buildStringTable(clusterWords);
  const mids = [...new Set(Object.values(file.resources.clusters).map((p) => p.split('.').slice(0, 3).join('.')))].filter(Boolean);

  const kinds: string[] = [];
  const kindIds = new Map<string, number>();
  const buckets = [...res.phrases.entries()];
  const phList = new Int32Array(buckets.length + 1);
  const phraseKinds: number[] = [];
  const phWords: number[] = [0];
  const words: string[] = [];
  buckets.forEach(([, bucket], e) => {
    phList[e] = phraseKinds.length;
    for (const p of bucket) {
      if (!kindIds.has(p.kind)) kindIds.set(p.kind, kinds.push(p.kind) - 1);
      phraseKinds.push(kindIds.get(p.kind)!);
      words.push(...p.words);
      phWords.push(words.length);
    }
  });
  phList[buckets.length] = phraseKinds.length;
  if (paths.length > 0xffff || kinds.length > 0xff) throw new PackedModelError('the model has more cluster paths or gazetteer kinds than the packed form holds');
  const ph = buildStringTable(buckets.map(([k]) => k));
  const wordTable = stringList(words);

  const meta: Meta = { featureHash: file.featureHash, meta: file.meta, kinds, paths, mids, cues: [...res.cues.entries()] };
  const s: Sections = {
    featOff: feat.off, featSlots: feat.slots, featPool: feat.pool,
    weights: denseWeights(file, names.length),
    transitions: Float32Array.from(file.transitions),
    lexOff: lex.off, lexSlots: lex.slots, lexPool: lex.pool,
    pairPrev: pairTable(prev), pairNext: pairTable(next),
    clOff: cl.off, clSlots: cl.slots, clPool: cl.pool, clPath,
    phOff: ph.off, phSlots: ph.slots, phPool: ph.pool,
    phList, phKind: Uint8Array.from(phraseKinds), phWords: Int32Array.from(phWords), wordOff: wordTable.off, wordPool: wordTable.pool,
    meta: new Uint8Array(Buffer.from(JSON.stringify(meta))),
  };
  let at = DATA_AT;
  const offsets = NAMES.map((n) => {
    const here = at;
    at = (at + s[n].byteLength + 7) & ~7;
    return here;
  });
  const buf = shared ? new SharedArrayBuffer(at) : new ArrayBuffer(at);
  const header = new Int32Array(buf, 0, HEADER_INTS);
  header.set([MAGIC, PACKED_FORMAT, NAMES.length]);
  NAMES.forEach((n, i) => {
    header[4 + 2 * i] = offsets[i]!;
    header[5 + 2 * i] = s[n].length;
    new Uint8Array(buf, offsets[i]!, s[n].byteLength).set(new Uint8Array(s[n].buffer, s[n].byteOffset, s[n].byteLength));
  });
  new Uint8Array(buf, SIG_AT, SIG_BYTES).set(Buffer.from(sig.padEnd(SIG_BYTES).slice(0, SIG_BYTES), 'latin1'));
  return buf;
}

function sections(buf: ArrayBufferLike): Sections {
  if (buf.byteLength < DATA_AT) throw new PackedModelError('the packed entity model is truncated');
  const header = new Int32Array(buf, 0, HEADER_INTS);
  if (header[0] !== MAGIC || header[1] !== PACKED_FORMAT || header[2] !== NAMES.length) throw new PackedModelError('not a packed entity model of this version');
  const out = {} as Record<Name, unknown>;
  NAMES.forEach((n, i) => {
    out[n] = new (SECTIONS[n] as unknown as new (b: ArrayBufferLike, at: number, n: number) => unknown)(buf, header[4 + 2 * i]!, header[5 + 2 * i]!);
  });
  return out as Sections;
}

/** The signature a packed buffer was written with (its JSON part left unread). */
export function packedSignature(buf: ArrayBufferLike): string {
  sections(buf);
  return Buffer.from(new Uint8Array(buf, SIG_AT, SIG_BYTES)).toString('latin1').trimEnd();
}

/** The model over a packed buffer: tables are views, nothing is copied. */
export function unpackModel(buf: ArrayBufferLike): Model {
  const s = sections(buf);
  const meta = JSON.parse(Buffer.from(s.meta.buffer, s.meta.byteOffset, s.meta.byteLength).toString('utf8')) as Meta;
  const featureIndex = new StringTable({ off: s.featOff, slots: s.featSlots, pool: s.featPool });
  return {
    featureIndex,
    weights: s.weights,
    transitions: s.transitions,
    resources: resourcesOf(s, meta),
    lexicon: new StringTable({ off: s.lexOff, slots: s.lexSlots, pool: s.lexPool } satisfies StringTableArrays),
    wordPair: (isPrev, a, b) => pairOf(isPrev ? s.pairPrev : s.pairNext, a, b),
    clusterMids: meta.mids,
    kinds: meta.kinds,
    featureHash: meta.featureHash,
    meta: meta.meta,
    buffer: buf,
  };
}

function resourcesOf(s: Sections, meta: Meta): CompiledResources {
  const clusterWords = new StringTable({ off: s.clOff, slots: s.clSlots, pool: s.clPool });
  const clusters: Lookup<string> = {
    get: (w) => {
      const e = clusterWords.get(w);
      return e === undefined ? undefined : meta.paths[s.clPath[e]!];
    },
  };
  const firstWords = new StringTable({ off: s.phOff, slots: s.phSlots, pool: s.phPool });
  const words = new StringTable({ off: s.wordOff, slots: new Int32Array(0), pool: s.wordPool });
  const phrases: Lookup<readonly Phrase[]> = {
    get: (key) => {
      const e = firstWords.get(key);
      if (e === undefined) return undefined;
      const out: Phrase[] = [];
      for (let p = s.phList[e]!; p < s.phList[e + 1]!; p++) {
        const ws: string[] = [];
        for (let j = s.phWords[p]!; j < s.phWords[p + 1]!; j++) ws.push(words.key(j));
        out.push({ words: ws, kind: meta.kinds[s.phKind[p]!]! });
      }
      return out;
    },
  };
  return { phrases, cues: new Map(meta.cues), clusters, wordCache: new Map(), clusterMid: new Map() };
}
