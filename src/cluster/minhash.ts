/**
 * MinHash signatures and LSH band keys over word 5-gram shingles: the near-duplicate test of
 * story clusters. Pure and linear in the body's length (each word hashed once, each shingle
 * once per hash function). The hash family is fixed (seeds from a seeded generator), so a
 * signature computed by any process, today or after a restart, compares with any other.
 */

/** Words per shingle. */
export const SHINGLE_WORDS = 5;
/** Hash functions in a signature: BANDS × ROWS. */
export const BANDS = 42;
export const ROWS = 3;
export const HASHES = BANDS * ROWS; // a multiple of 3: signatureOf takes three at a time

/** What a story document stores: the signature (base64, 4 bytes a hash) and its band keys. */
export interface MinHash {
  signature: string;
  bands: string[];
}

/** Murmur3's 32-bit finaliser: a bijection on 32-bit integers with good avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** splitmix32 from a fixed seed: the seeds of the hash family, the same in every process. */
function familySeeds(n: number, seed = 0x5eedc105): Uint32Array {
  const out = new Uint32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    out[i] = fmix32(s);
  }
  return out;
}

const SEEDS = familySeeds(HASHES);

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over a string's UTF-16 units, finalised. */
function wordHash(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return fmix32(h >>> 0);
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The word hashes of an all-ASCII text in one pass over its characters, the same as the
 * general path gives (in ASCII, `\p{L}\p{N}` is A-Z, a-z, 0-9 and lower-casing is A-Z → a-z);
 * null at the first non-ASCII character, which the general path then reads.
 */
function asciiWordHashes(text: string): number[] | null {
  const out: number[] = [];
  let h = FNV_OFFSET;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 128) return null;
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      h = Math.imul(h ^ c, FNV_PRIME);
      inWord = true;
    } else if (inWord) {
      out.push(fmix32(h >>> 0));
      h = FNV_OFFSET;
      inWord = false;
    }
  }
  if (inWord) out.push(fmix32(h >>> 0));
  return out;
}

/** The hashes of a text's words, lower-cased, letters and digits only. */
export function wordHashes(text: string): number[] {
  const ascii = asciiWordHashes(text);
  if (ascii) return ascii;
  const words: number[] = [];
  for (const m of text.toLowerCase().matchAll(WORD)) words.push(wordHash(m[0]));
  return words;
}

/** The hashes of a text's word 5-gram shingles (lower case, letters and digits only; duplicates kept). */
export function shingleHashes(text: string): Uint32Array {
  const words = wordHashes(text);
  const n = words.length - SHINGLE_WORDS + 1;
  if (n <= 0) return new Uint32Array(0);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0;
    for (let j = 0; j < SHINGLE_WORDS; j++) h = fmix32((h ^ words[i + j]!) + j);
    out[i] = h;
  }
  return out;
}

/** fmix32 on signed 32-bit values (the same bits, no unsigned doubles in the hot loop). */
function fmixSigned(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const SIGNED_SEEDS = Int32Array.from(SEEDS, (s) => s | 0);
/** x ^ BIAS orders unsigned 32-bit values as signed ones. */
const BIAS = 0x80000000 | 0;

/**
 * The MinHash signature of a set of shingle hashes: per hash function, the least value. Three
 * hash functions per pass over the shingles (HASHES is a multiple of 3): three independent
 * chains keep the CPU's pipelines full, ~25% faster than one, the same minima.
 */
export function signatureOf(shingles: Uint32Array): Uint32Array {
  const sig = new Uint32Array(HASHES);
  const xs = new Int32Array(shingles.buffer, shingles.byteOffset, shingles.length);
  const n = xs.length;
  for (let i = 0; i < HASHES; i += 3) {
    const s0 = SIGNED_SEEDS[i]!;
    const s1 = SIGNED_SEEDS[i + 1]!;
    const s2 = SIGNED_SEEDS[i + 2]!;
    // 0xffffffff, biased
    let l0 = 0x7fffffff;
    let l1 = 0x7fffffff;
    let l2 = 0x7fffffff;
    for (let s = 0; s < n; s++) {
      const x = xs[s]!;
      const v0 = fmixSigned(x ^ s0) ^ BIAS;
      const v1 = fmixSigned(x ^ s1) ^ BIAS;
      const v2 = fmixSigned(x ^ s2) ^ BIAS;
      if (v0 < l0) l0 = v0;
      if (v1 < l1) l1 = v1;
      if (v2 < l2) l2 = v2;
    }
    sig[i] = (l0 ^ BIAS) >>> 0;
    sig[i + 1] = (l1 ^ BIAS) >>> 0;
    sig[i + 2] = (l2 ^ BIAS) >>> 0;
  }
  return sig;
}

const BAND_PREFIX = Array.from({ length: BANDS }, (_, b) => `${String(b).padStart(2, '0')}:`);

/** One key per band: the band's number and a hash of its ROWS values (`07:9f3a12c4`). */
export function bandKeysOf(sig: Uint32Array): string[] {
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = fmix32(b + 1);
    for (let r = 0; r < ROWS; r++) h = fmix32(h ^ sig[b * ROWS + r]!);
    keys.push(BAND_PREFIX[b]! + h.toString(16).padStart(8, '0'));
  }
  return keys;
}

export function encodeSignature(sig: Uint32Array): string {
  const bytes = Buffer.alloc(sig.length * 4);
  for (let i = 0; i < sig.length; i++) bytes.writeUInt32BE(sig[i]!, i * 4);
  return bytes.toString('base64');
}

export function decodeSignature(encoded: string): Uint32Array {
  const bytes = Buffer.from(encoded, 'base64');
  const sig = new Uint32Array(bytes.length >>> 2);
  for (let i = 0; i < sig.length; i++) sig[i] = bytes.readUInt32BE(i * 4);
  return sig;
}

/** A story body's MinHash, or null when it is too short to have one shingle. */
export function minHashOf(body: string): MinHash | null {
  const shingles = shingleHashes(body);
  if (!shingles.length) return null;
  const sig = signatureOf(shingles);
  return { signature: encodeSignature(sig), bands: bandKeysOf(sig) };
}

/** The estimated Jaccard similarity of two signatures: the share of hash functions whose minima agree. */
export function similarityOf(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length || !a.length) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
