/**
 * Prediction history (Ratinov & Roth, 2009): how the tagger labelled a capitalised word in the
 * story's earlier sentences becomes a feature of its next occurrences, so that `Blackburn` read as
 * a person in the first paragraph weighs on `Blackburn` alone at a sentence's start later. Only
 * the past is read: the tagger goes through a story once, sentence by sentence, and training
 * reads each sentence's earlier ones with the labels they were last given (in the same epoch or
 * the one before).
 */
import { hasLetter, isInitCap } from './features.ts';
import { LABELS } from './labels.ts';

/** The classes a word's earlier labels are counted in: O, then the entity types. */
const CLASSES = ['O', 'PER', 'ORG', 'LOC', 'MISC'] as const;
const CLASS_OF_LABEL = Uint8Array.from(LABELS, (l) => (l === 'O' ? 0 : CLASSES.indexOf(l.slice(2) as (typeof CLASSES)[number])));

/**
 * The features of a history code (see `codeOf`) on a word that does or does not open its
 * sentence: `h=` the class most of the word's earlier labels fell in (ties to the first class),
 * `hu=` when all did, and `h1=` again for a sentence's first word, where its capital says least.
 */
export function historyFeatureNames(code: number, first: boolean): readonly string[] {
  const c = CLASSES[code >> 1]!;
  const names = [`h=${c}`];
  if (code & 1) names.push(`hu=${c}`);
  if (first) names.push(`h1=${c}`);
  return names;
}

/** Every history code (class × 2 + unanimous), for tables indexed by code. */
export const HISTORY_CODES = CLASSES.length * 2;

/** Every history feature name, for a trainer to keep whatever their counts. */
export const HISTORY_FEATURES: readonly string[] = [...new Set(
  Array.from({ length: HISTORY_CODES }, (_, code) => [...historyFeatureNames(code, true)]).flat(),
)];

/** The word a history is kept for: a capitalised word's lower case; null for any other token. */
export function historyKey(w: string): string | null {
  return isInitCap(w) && hasLetter(w) ? w.toLowerCase() : null;
}

export class PredictionHistory {
  private readonly counts = new Map<string, Int32Array>();

  get size(): number {
    return this.counts.size;
  }

  /** The word's history: -1 when it has none, else its majority class × 2, + 1 when unanimous. */
  codeOf(key: string | null): number {
    const c = key === null ? undefined : this.counts.get(key);
    if (!c) return -1;
    let best = 0;
    let total = 0;
    for (let k = 0; k < c.length; k++) {
      total += c[k]!;
      if (c[k]! > c[best]!) best = k;
    }
    return best * 2 + (c[best] === total ? 1 : 0);
  }

  /** Counts one labelled sentence in, by its words' keys (`historyKey`). */
  record(keys: ReadonlyArray<string | null>, n: number, labels: ArrayLike<number>): void {
    for (let t = 0; t < n; t++) {
      const key = keys[t];
      if (key === null || key === undefined) continue;
      let c = this.counts.get(key);
      if (!c) this.counts.set(key, (c = new Int32Array(CLASSES.length)));
      c[CLASS_OF_LABEL[labels[t]!]!]!++;
    }
  }
}
