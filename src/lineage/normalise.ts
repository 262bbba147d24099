/**
 * Quotation identity, pure: a quote's words (lower case, punctuation and spacing removed), its
 * key (a hash of that normalised text) and the 6-word shingles by which a partial quote finds
 * the longer quotation holding it.
 */

/** A partial quote must have at least this many words to join a longer quotation. */
export const MIN_PARTIAL_WORDS = 6;

/** Apostrophes inside a word are dropped ("don't" → "dont"); every other non-letter, non-digit run separates words. */
const APOSTROPHES = /['’‘`ʼ]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/** A quote's words: lower case, accents kept, punctuation and spacing gone. */
export function quoteWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .split(SEPARATORS)
    .filter((w) => w.length > 0);
}

/** The normalised text: the words with no spacing between them. */
export const normalisedText = (words: readonly string[]) => words.join('');

/** FNV-1a over a string, as two independent 32-bit lanes: 64 bits, cheap and the same in every process. */
function fnv64(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The quotation key of a form: `q` and 64 bits of hash over its normalised text. */
export const quotationKey = (words: readonly string[]) => `q${fnv64(normalisedText(words))}`;

/** Hash of one window of words (word boundaries kept, so windows never match across them). */
const windowHash = (words: readonly string[], from: number) => fnv64(words.slice(from, from + MIN_PARTIAL_WORDS).join(' '));

/** The first window's hash: what a partial quote is looked up by; null under six words. */
export function headOf(words: readonly string[]): string | null {
  return words.length >= MIN_PARTIAL_WORDS ? windowHash(words, 0) : null;
}

/** Every 6-word window's hash, distinct, in order: a longer quotation is found by any of them. */
export function shinglesOf(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (let i = 0; i + MIN_PARTIAL_WORDS <= words.length; i++) out.add(windowHash(words, i));
  return [...out];
}

/** Whether `inner` occurs as a run of whole words inside `outer` (Knuth–Morris–Pratt, linear). */
export function containsWords(outer: readonly string[], inner: readonly string[]): boolean {
  if (inner.length === 0) return true;
  if (inner.length > outer.length) return false;
  const fail = new Int32Array(inner.length);
  for (let i = 1, k = 0; i < inner.length; i++) {
    while (k > 0 && inner[i] !== inner[k]) k = fail[k - 1]!;
    if (inner[i] === inner[k]) k += 1;
    fail[i] = k;
  }
  for (let i = 0, k = 0; i < outer.length; i++) {
    while (k > 0 && outer[i] !== inner[k]) k = fail[k - 1]!;
    if (outer[i] === inner[k]) k += 1;
    if (k === inner.length) return true;
  }
  return false;
}

/**
 * Whether two forms are the same quotation: equal normalised text, or the shorter (of at least
 * six words) inside the longer.
 */
export function sameQuotation(a: readonly string[], b: readonly string[]): boolean {
  if (normalisedText(a) === normalisedText(b)) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= MIN_PARTIAL_WORDS && containsWords(long, short);
}

/** A form's rank as a quotation's canonical text: more words first, then the smaller key. */
export function outranks(a: { words: number; key: string }, b: { words: number; key: string }): boolean {
  return a.words !== b.words ? a.words > b.words : a.key < b.key;
}
