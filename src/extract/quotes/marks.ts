import { paragraphs } from './tokens.ts';

/** A quoted stretch of the body, before anyone decides whether it is speech. */
export interface QuotedSpan {
  /** Offset of the opening mark. */
  open: number;
  /** The words inside the marks: trimmed, a trailing comma dropped. */
  start: number;
  end: number;
  /** Offset just after the closing mark, or the paragraph's end when the mark never came. */
  close: number;
  closed: boolean;
  paragraph: number;
  /** This piece carries on a quote opened in an earlier paragraph (wire multi-paragraph style). */
  continues: boolean;
  /** The quote goes on in the next paragraph. */
  continued: boolean;
}

const OPENERS = new Set(['“', '„', '«']);
const CLOSERS = new Set(['”', '»']);
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** A mark that can open a quote here: straight or curly, with words after it. */
function opensAt(body: string, i: number): boolean {
  const c = body[i];
  if (c !== '"' && !OPENERS.has(c ?? '')) return false;
  return !isSpace(body[i + 1]);
}

const NICKNAME = /^["“„«](\p{Lu}[\p{L}'’.-]{0,14}(?: \p{Lu}[\p{L}'’.-]{0,14})?)["”»] \p{Lu}/u;
const NAME_BEFORE = /(?:^|\s)\p{Lu}[\p{L}'’-]*\.? $/u;

/**
 * Where a nickname set in marks between the words of a name ends (`Robert C. "Bobby" Scott`):
 * one or two capitalised words in marks, a capitalised word or initial before them and after
 * them; -1 when the mark at i opens no such thing.
 */
export function nicknameEnd(body: string, i: number): number {
  if (body[i - 1] !== ' ' || !NAME_BEFORE.test(body.slice(Math.max(0, i - 24), i))) return -1;
  const m = NICKNAME.exec(body.slice(i, i + 40));
  return m ? i + m[1]!.length + 2 : -1;
}

const CURLY = /[“”„«»]/g;

/**
 * The closing mark of a quote opened at i inside another quote with the same curly marks: the
 * next two curly marks before the paragraph's end are both closing ones. -1 otherwise.
 */
function innerCloseOf(body: string, i: number, end: number): number {
  CURLY.lastIndex = i + 1;
  const first = CURLY.exec(body);
  if (!first || first.index >= end || !CLOSERS.has(first[0])) return -1;
  const second = CURLY.exec(body);
  return second && second.index < end && CLOSERS.has(second[0]) ? first.index : -1;
}

/**
 * The closing mark of a curly quote opened at i inside a straight one (`"It is about “equal
 * justice” now," he said`): a curly closing mark comes before any straight mark. -1 otherwise.
 */
function curlyInsideStraight(body: string, i: number, end: number): number {
  for (let j = i + 1; j < end; j++) {
    const c = body[j]!;
    if (c === '"' || OPENERS.has(c)) return -1;
    if (CLOSERS.has(c)) return j;
  }
  return -1;
}

/**
 * Finds the quoted stretches of the body. Straight marks toggle; curly marks say which way they
 * face. A quote never runs past its paragraph: when the paragraph ends with the quote still
 * open, the next paragraph either reopens it (the wire convention for a quote over several
 * paragraphs: an opening mark at each, a closing mark only at the last) or the quote ends there.
 * Nested single quotes are left as part of the text, and so are a curly quote inside a straight one
 * or inside one with the same curly marks, and a nickname in marks inside a name.
 * Never throws, whatever the marks.
 */
export function findQuotedSpans(body: string): QuotedSpan[] {
  const paras = paragraphs(body);
  const out: QuotedSpan[] = [];
  let carry = false; // the previous paragraph ended inside a quote and this one reopens it
  paras.forEach((p, pi) => {
    let open = -1;
    let continues = carry;
    carry = false;
    const emit = (close: number, closed: boolean, contentEnd: number, continued: boolean) => {
      let s = open + 1;
      let e = contentEnd;
      while (s < e && /\s/.test(body[s] ?? '')) s++;
      while (e > s && /[\s,;:]/.test(body[e - 1] ?? '')) e--;
      if (e > s) out.push({ open, start: s, end: e, close, closed, paragraph: pi, continues, continued });
      open = -1;
      continues = false;
    };
    const MARK = /["“”„«»]/g;
    MARK.lastIndex = p.start;
    for (let mk = MARK.exec(body); mk && mk.index < p.end; mk = MARK.exec(body)) {
      const i = mk.index;
      const c = mk[0];
      // `Marcia "Cia" Price`: a nickname inside a name is part of the name, not a quote.
      const nick = c === '"' || OPENERS.has(c) ? nicknameEnd(body, i) : -1;
      if (nick > 0) { MARK.lastIndex = nick; continue; }
      if (c === '"') {
        // Old wire copy types the apostrophe of a possessive as a straight mark (`Kuwait"s`).
        if (isWordChar(body[i - 1]) && body[i + 1] === 's' && !isWordChar(body[i + 2])) continue;
        if (open < 0) {
          // A straight mark glued to the word before it and followed by a space is a stray close.
          if (isWordChar(body[i - 1]) && isSpace(body[i + 1])) continue;
          if (!isSpace(body[i + 1])) open = i;
          // `Haughey said:" Delors assured me`: a mark glued to a colon opens, space or not.
          else if (body[i - 1] === ':' && /[ \t]/.test(body[i + 1] ?? '') && isWordChar(body.slice(i + 1).trimStart()[0])) open = i;
        } else {
          emit(i + 1, true, i, false);
        }
      } else if (OPENERS.has(c)) {
        // An opening mark typed where the closing one belongs (`…here,“ said X`): glued to the
        // words before it, a space or the paragraph's end after it. It closes the open quote.
        if (open >= 0 && !isSpace(body[i - 1]) && (isSpace(body[i + 1]) || i + 1 >= p.end)) { emit(i + 1, true, i, false); continue; }
        if (open >= 0) {
          // `“… what he calls “hell” than …”`: the inner quote typed with the outer marks. Two
          // closing marks before any other opening one nest it; otherwise the open quote was
          // never closed, and it ends here.
          const inner = body[open] === '"' ? curlyInsideStraight(body, i, p.end) : innerCloseOf(body, i, p.end);
          if (inner > 0) { MARK.lastIndex = inner + 1; continue; }
          emit(i, false, i, false);
        }
        open = i;
      } else if (CLOSERS.has(c)) {
        if (open >= 0) emit(i + 1, true, i, false);
        else if (isSpace(body[i - 1]) && isWordChar(body[i + 1])) open = i; // a mark facing the wrong way
      }
    }
    if (open >= 0) {
      const next = paras[pi + 1];
      const reopens = !!next && opensAt(body, next.start);
      emit(p.end, false, p.end, reopens);
      carry = reopens;
    }
  });
  return out;
}
