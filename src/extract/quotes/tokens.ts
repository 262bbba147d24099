import { ABBREVIATIONS, TITLE_ABBREVIATIONS } from './lexicon.ts';
import { mapArray } from '../../arrays.ts';

/** A word or punctuation mark with its UTF-16 offsets into the body. */
export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  word: boolean;
  /** Starts with a capital letter (or is an all-capital acronym). */
  cap: boolean;
}

// Initials and dotted acronyms (U.S., J.), words with inner apostrophes, hyphens and dots
// (O'Neill, al-Assad, 3.5), and any other single non-space character.
// A dot glued to a capitalised word (`said.Trump`) is a missing space, not a word-inner dot.
const TOKEN = /(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:(?:[-'’&]|\.(?!\p{Lu}\p{Ll}))[\p{L}\p{N}]+)*|\S/gu;

/** The words and marks of a stretch of the body, offsets kept. */
export function tokenize(text: string, offset = 0, end = text.length): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = offset;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) && m.index < end) {
    let t = m[0];
    let tEnd = m.index + t.length;
    if (tEnd > end) break;
    const word = /[\p{L}\p{N}]/u.test(t[0] ?? '');
    // An abbreviation or a single initial takes its period (`Mr.`, `Inc.`, `J.`).
    if (word && text[tEnd] === '.' && (ABBREVIATIONS.has(t.toLowerCase()) || /^\p{Lu}$/u.test(t))) {
      t += '.';
      tEnd += 1;
      TOKEN.lastIndex = tEnd;
    }
    out.push({ text: t, lower: t.toLowerCase(), start: m.index, end: tEnd, word, cap: word && /^\p{Lu}/u.test(t) });
  }
  return out;
}

/** Closed-class words that open sentences (after a dotted abbreviation, they show it ended one). */
const SENTENCE_OPENERS = new Set(('the a an he she it they we i you his her its their our this that these those there here '
  + 'but and or so yet in on at for from with by to as if when while after before since although though because however '
  + 'meanwhile also some many most one other others such no not all both each every any what which who '
  + 'last next earlier later today yesterday').split(' '));

/** `U.S.`, `U.N.`, `N.Y.`: letters each with its full stop. */
export const isDottedAbbreviation = (text: string): boolean => /^(?:\p{L}\.){2,}$/u.test(text);

/**
 * Whether a period-ending token ends a sentence (not `Mr.`, not `U.S.` before a lower-case word
 * or a name: `U.S. Agriculture Secretary`).
 */
export function endsSentence(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  if (t.text === '?' || t.text === '!') return true;
  // A dot just inside a closing bracket (`(D-N.J.)`) ends an abbreviation, not the sentence.
  // Nor does one before a comma (`McConnell, R-Ky., said`).
  if (t.text === '.') {
    const next = tokens[i + 1];
    // Nor one glued to a hyphen (`a Palo Alto, Calif.-based company`): a compound goes on.
    if (next?.text === '-' && next.start === t.end) return false;
    return next?.text !== ')' && next?.text !== ',';
  }
  if (t.text.endsWith('.') && t.word) {
    const next = tokens[i + 1];
    const base = t.lower.slice(0, -1);
    if (TITLE_ABBREVIATIONS.has(base)) return false;
    if (/^\p{Lu}$/u.test(t.text.slice(0, -1))) return false; // an initial
    // `U.S. Agriculture Secretary`, `the U.N. Security Council`: a dotted abbreviation mostly
    // stands before a capitalised name; it ends the sentence when a word that opens sentences follows.
    if (isDottedAbbreviation(t.text)) return !!next && next.cap && SENTENCE_OPENERS.has(next.lower);
    return !!next && next.cap;
  }
  return false;
}

/**
 * Paragraphs. A blank line always separates paragraphs, and so does a line break before an
 * indented line (Reuters' 1980s wire style). A single line break is a paragraph break too,
 * unless the story is hard-wrapped (most lines short and of similar length), when it is only
 * wrapping.
 */
export function paragraphs(body: string): Array<{ start: number; end: number }> {
  const lines = mapArray(body.split('\n'), (l) => l.trim()).filter(Boolean);
  const short = lines.filter((l) => l.length <= 90).length;
  // However short the story, indented paragraph starts with unindented lines between them are
  // Reuters' hard wrapping: the unindented lines continue their paragraph.
  const raw = body.split('\n').filter((l) => l.trim());
  const indentedWrap = raw.some((l) => /^[ \t]+\S/.test(l)) && raw.slice(1).some((l) => /^\S/.test(l))
    && raw.every((l) => l.trim().length <= 90);
  const wrapped = indentedWrap || (lines.length > 3 && short / lines.length >= 0.75 && lines.filter((l) => l.length >= 40).length / lines.length >= 0.5);
  const sep = wrapped ? /\n(?:[ \t]*\n)+\s*|\n(?=[ \t]+\S)/g : /\n\s*/g;
  const out: Array<{ start: number; end: number }> = [];
  let from = 0;
  const push = (a: number, b: number) => {
    const raw = body.slice(a, b);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text) out.push({ start: a + lead, end: a + lead + text.length });
  };
  let m: RegExpExecArray | null;
  while ((m = sep.exec(body))) {
    push(from, m.index);
    from = m.index + m[0].length;
    if (m[0].length === 0) sep.lastIndex++;
  }
  push(from, body.length);
  return out;
}

/**
 * The first token starting at or after `pos`: lowerBound by `start`, written out for tokens only.
 * The hottest search of the stage; a generic search called with every record kind and key
 * function goes polymorphic and is re-optimised each time it meets a new one.
 */
export function tokenIndexAt(tokens: readonly Token[], pos: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose key is at least `target`, in an array sorted by that key. */
export function lowerBound<T>(items: readonly T[], target: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]!) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
