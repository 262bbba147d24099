/**
 * The number of words in a text: runs of letters and digits, joined across a single `'`, `’`,
 * `.` or `-` between two of them (`don't`, `U.S`, `well-known` are one word each): the count of
 * matches of `[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*` (flags g and u), without building an array
 * of every word. A partial story's document is made on the worker's main thread, and there a
 * body of a million words cost most of a second of garbage collection.
 */
export function wordCountOf(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; ) {
    const c = text.codePointAt(i)!;
    const width = c > 0xffff ? 2 : 1;
    if (isLetterOrDigit(c)) {
      if (!inWord) count++;
      inWord = true;
    } else if (!(isJoiner(c) && i + width < text.length && isLetterOrDigit(text.codePointAt(i + width)!))) {
      // (A joiner between two letters or digits keeps the word going.)
      inWord = false;
    }
    i += width;
  }
  return count;
}

const isJoiner = (c: number) => c === 0x27 || c === 0x2019 || c === 0x2e || c === 0x2d;

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

function isLetterOrDigit(c: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return LETTER_OR_DIGIT.test(String.fromCodePoint(c));
}
