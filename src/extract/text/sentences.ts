import { TITLE_ABBREVIATIONS, tokenize, type Token } from './tokenize.ts';

export interface Span {
  start: number;
  end: number;
}

const FINAL = new Set(['.', '!', '?', '...', '…']);
const CLOSERS = new Set(['"', '”', '’', "'", ')', ']', '}', '»']);
/** CLOSERS.has, with the common case (a word, longer than one character) decided by its length. */
const isCloser = (t: string) => t.length === 1 && CLOSERS.has(t);

/** Words that commonly open a sentence after an initialism such as `U.S.` or `U.N.`. */
const OPENERS = new Set(
  'the a an he she it they we i in on at but and this that these those there his her its their our after before when while if as for however meanwhile'.split(' '),
);

/**
 * Sentence spans over `text` (UTF-16 offsets, end exclusive), trimmed to their tokens.
 * A sentence ends at `.`, `!`, `?` or `...` (with any closing quotes or brackets) followed by
 * a capital, a digit, an opening quote or the end; at a blank line; and at a line break
 * where the line before is not a wrapped line (short, like a headline, byline or dateline).
 */
export function sentences(text: string, tokens: Token[] = tokenize(text)): Span[] {
  return sentenceTokenRanges(text, tokens).map(([a, b]) => ({ start: tokens[a]!.start, end: tokens[b - 1]!.end }));
}

/** Sentences as [first, last + 1) ranges of token indexes. */
export function sentenceTokenRanges(text: string, tokens: Token[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (!tokens.length) return out;
  const wrapWidth = longestLine(text);
  const closerRunStart = closerRunStarts(tokens);
  let first = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const next = tokens[i + 1];
    if (!next) break;
    let end = false;
    const newlines = countNewlines(text, tok.end, next.start);
    if (newlines >= 2) end = true;
    else if (isFinal(tokens, i, closerRunStart)) {
      // Closing quotes and brackets stay with the sentence they close.
      if (CLOSERS.has(next.text) && next.start === tok.end) continue;
      end = opensSentence(next) || newlines > 0;
      const last = tokens[lastWordIndex(tokens, i)]!;
      if (end && isAbbreviation(last) && newlines === 0) {
        const bare = last.text.slice(0, -1).toLowerCase();
        // `Gen. Smith`, `J. Smith`: never an end; `U.S. He` or `Corp. The`: an end.
        if (TITLE_ABBREVIATIONS.has(bare) || bare.length === 1) end = false;
        else end = OPENERS.has(next.text.toLowerCase());
      }
    } else if (newlines === 1) {
      // A single line break ends a sentence unless the line before was wrapped.
      const lineStart = text.lastIndexOf('\n', tok.end - 1) + 1;
      const lineLength = tok.end - lineStart;
      end = lineLength < 0.7 * wrapWidth || wrapWidth > 120;
    }
    if (end) {
      out.push([first, i + 1]);
      first = i + 1;
    }
  }
  out.push([first, tokens.length]);
  return out;
}

function isFinal(tokens: Token[], i: number, closerRunStart: Int32Array): boolean {
  const t = tokens[i]!.text;
  if (FINAL.has(t)) return true;
  if (CLOSERS.has(t)) {
    // `."` or `.)`: the closer follows the final mark
    const j = closerRunStart[i]!;
    return j < i && (FINAL.has(tokens[j]!.text) || isAbbreviation(tokens[j]!));
  }
  return isAbbreviation(tokens[i]!);
}

/**
 * For each token, where a walk back over closers glued to the token before them stops: the
 * token the glued closers follow. Computed once, so a run of thousands of `"` costs its length,
 * not its square.
 */
function closerRunStarts(tokens: Token[]): Int32Array {
  const out = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const glued = i > 0 && isCloser(tokens[i]!.text) && tokens[i - 1]!.end === tokens[i]!.start;
    out[i] = glued ? (CLOSERS.has(tokens[i - 1]!.text) ? out[i - 1]! : i - 1) : i;
  }
  return out;
}

function lastWordIndex(tokens: Token[], i: number): number {
  let j = i;
  while (j > 0 && CLOSERS.has(tokens[j]!.text)) j--;
  return j;
}

const isAbbreviation = (t: Token) => t.text.length > 1 && t.text.endsWith('.') && /\p{L}/u.test(t.text);

const opensSentence = (t: Token) => /^[\p{Lu}\p{N}"“‘'(\[«]/u.test(t.text);

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

function longestLine(text: string): number {
  let max = 0;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const len = text.slice(start, end).trimEnd().length;
    if (len > max) max = len;
    if (nl < 0) return max;
    start = nl + 1;
  }
}
