import { paragraphs } from './tokens.ts';

/**
 * British, Irish, Australian and New Zealand copy (PA Media, AAP, RNZ and most of the press that
 * follows them) sets its quotes in single marks, `‘…’` or `'…'`, and a quote within a quote in
 * double ones. The quote stage reads double marks; for a body set the other way it reads a copy
 * with the two swapped mark for mark (the same length, so every offset holds), and the quote's
 * text is still cut from the body as written.
 *
 * A single mark is also an apostrophe (`don't`, `O'Neill`, `the workers' union`, `'90s`), so a
 * mark is read as one side of a quote only by where it stands: an opening mark after a space,
 * a bracket, a dash or a colon, before a word; a closing mark after a non-space, before a space,
 * punctuation or the paragraph's end. A closing mark between a letter and a lower-case word
 * (`the workers' union`, but also `called it 'a disgrace' and left`) closes a quote only when
 * nothing surer does before the next opening mark; after punctuation (`,' he said`) it always
 * does. The body is read the single way only when it has such a pair and every double mark it
 * has sits inside one (nested); otherwise it is returned as it is.
 */

const SINGLE_OPENERS = new Set(["'", '‘']);
const SINGLE_CLOSERS = new Set(["'", '’']);
const DOUBLE_MARKS = /["“”„«»]/g;
/** What may stand right before an opening mark besides a space. */
const BEFORE_OPENING = new Set(['(', '[', '—', '–', '-', ':', '“', '"', '\u00a0']);
const isSpace = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0';
const isWordStart = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}…]/u.test(c);
const isLowerStart = (c: string | undefined) => c !== undefined && /\p{Ll}/u.test(c);
/** `'90s`, `'87`, `'em`, `'til`, `rock 'n' roll`: an apostrophe where a word was cut short. */
const ELISION = /^(?:\d\d(?:s|\b)|em\b|til\b|n['’]|cause\b|tis\b|twas\b)/i;

interface Pair {
  open: number;
  /** The closing mark, or -1 for a quote its paragraph leaves open. */
  close: number;
  /** Its paragraph's start and end. */
  from: number;
  to: number;
}

const SINGLE_MARK = /['‘’]/g;

/**
 * The single-mark quotes of one paragraph, in order. One still open at the paragraph's end
 * closes at its first closing mark before a lower-case word, unless the next paragraph opens
 * with a mark (`reopens`): then it is a quote over paragraphs and that mark an apostrophe.
 */
function pairsIn(body: string, from: number, to: number, reopens: boolean, out: Pair[]): void {
  let open = -1;
  let weak = -1; // the first closing mark since `open` that a lower-case word follows
  SINGLE_MARK.lastIndex = from;
  for (let m = SINGLE_MARK.exec(body); m && m.index < to; m = SINGLE_MARK.exec(body)) {
    const at = m.index;
    const c = m[0];
    const prev = body[at - 1];
    const next = body[at + 1];
    if (SINGLE_OPENERS.has(c) && (at === from || isSpace(prev) || BEFORE_OPENING.has(prev!)) && isWordStart(next) && !ELISION.test(body.slice(at + 1, at + 5))) {
      if (open < 0) open = at;
      else if (weak >= 0) {
        out.push({ open, close: weak, from, to });
        open = at;
        weak = -1;
      }
    } else if (SINGLE_CLOSERS.has(c) && open >= 0 && !isSpace(prev) && !isWordStart(next)) {
      if (!/[\p{L}\p{N}]/u.test(prev!) || !(isSpace(next) && isLowerStart(body[at + 2]))) {
        out.push({ open, close: at, from, to });
        open = -1;
        weak = -1;
      } else if (weak < 0) weak = at;
    }
  }
  if (open >= 0) out.push({ open, close: reopens ? -1 : weak, from, to });
}

/**
 * Two apostrophes typed for a double mark (`''That was wrong,'' he said`: archive text of the
 * New York Times, typewriter habits), and two grave accents opening one (TeX, the Penn
 * Treebank), each made one straight double mark, set against the words it encloses with a
 * no-break space on the other side. A third apostrophe beside them is a single
 * mark (a quote within the quote) on the words' side.
 */
export function withDoubledApostrophesAsMarks(body: string): string {
  if (!body.includes("''") && !body.includes('``')) return body;
  return body.replace(/``|'{2,3}/g, (run: string, at: number) => {
    const before = body[at - 1];
    const after = body[at + run.length];
    // A no-break space pads: blank to the tokenizer, and no indent (a paragraph's start) at a line's start.
    if (run === '``') return isSpace(after) ? run : '\u00a0"';
    const opening = (at === 0 || isSpace(before) || BEFORE_OPENING.has(before!)) && !isSpace(after);
    const closing = !isSpace(before) && (isSpace(after) || !isWordStart(after));
    if (opening === closing) return run;
    if (run.length === 2) return opening ? '\u00a0"' : '"\u00a0';
    return opening ? `\u00a0"'` : `'"\u00a0`;
  });
}

/**
 * The body with its quotes' single marks made double and its double marks (quotes within
 * quotes) made single, or the body itself when its quotes are not set in single marks.
 * Doubled apostrophes are double marks first (`withDoubledApostrophesAsMarks`).
 */
export function withDoubleQuoteMarks(written: string): string {
  const body = withDoubledApostrophesAsMarks(written);
  if (!/(?:^|[\s(\[—–:"“-])['‘][\p{L}\p{N}…]/u.test(body)) return body;
  const pairs: Pair[] = [];
  const paras = paragraphs(body);
  paras.forEach((p, i) => {
    const next = paras[i + 1];
    pairsIn(body, p.start, p.end, !!next && SINGLE_OPENERS.has(body[next.start]!) && isWordStart(body[next.start + 1]), pairs);
  });
  // An opening mark never closed stands for a quote only where quotes over paragraphs begin
  // (the paragraph's first character) or where it opens on a capital.
  const quotes = pairs.filter((q) => q.close >= 0 || q.open === q.from || /\p{Lu}/u.test(body[q.open + 1]!));
  if (!quotes.length) return body;
  // Every double mark must sit inside a single-mark quote (a quote within a quote).
  let k = 0;
  DOUBLE_MARKS.lastIndex = 0;
  const swaps: number[] = [];
  for (let m = DOUBLE_MARKS.exec(body); m; m = DOUBLE_MARKS.exec(body)) {
    while (k < quotes.length && (quotes[k]!.close >= 0 ? quotes[k]!.close : quotes[k]!.to) < m.index) k++;
    const q = quotes[k];
    if (!q || q.open > m.index) return body;
    swaps.push(m.index);
  }
  const chars = body.split('');
  for (const q of quotes) {
    chars[q.open] = '“';
    if (q.close >= 0) chars[q.close] = '”';
  }
  for (const at of swaps) chars[at] = /[“„«]/.test(body[at]!) ? '‘' : /[”»]/.test(body[at]!) ? '’' : "'";
  return chars.join('');
}
