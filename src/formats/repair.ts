import { decodeHTMLStrict } from 'entities';
import { CP1252_HIGH } from './charset.ts';

/**
 * Text as its writer meant it, where a system on the way mangled it without breaking it: copy
 * whose UTF-8 bytes were once read as windows-1252 and written out again (`â€œ` for `“`, `Ã©`
 * for `é`, the most common damage in scraped and relayed feeds), and plain text that still
 * carries HTML character references (`&quot;`, `&#8217;`). Charset mislabels that reach us as
 * bytes are mended where bytes are decoded (charset.ts); these reach us already as text. Web
 * copy also carries characters that print as nothing but split a word for every reader
 * (`Ber\u00adlin` with a soft hyphen), and Windows line ends.
 */

// windows-1252's bytes by the character each became (C1 controls stand for the five undefined bytes).
const BYTE_OF = new Map<number, number>();
for (let b = 0x80; b <= 0xff; b++) BYTE_OF.set(b, b);
CP1252_HIGH.forEach((cp, i) => BYTE_OF.set(cp, 0x80 + i));

/** The characters windows-1252 writes with its bytes 0x80–0x9F (beside Latin-1's 0xA0–0xFF), as a character class's body. */
const CP1252_SPECIALS = '\\u0152\\u0153\\u0160\\u0161\\u0178\\u017d\\u017e\\u0192\\u02c6\\u02dc\\u2013\\u2014\\u2018-\\u201a\\u201c-\\u201e\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203a\\u20ac\\u2122';
/** Two or more characters in a row that windows-1252 can write and ASCII cannot: where mojibake can be. */
const HIGH_RUN = new RegExp(`[\\u0080-\\u00ff${CP1252_SPECIALS}]{2,}`, 'g');
/** A lead byte of a multi-byte UTF-8 sequence, as windows-1252 shows it, then a continuation byte. */
const MOJIBAKE_HINT = new RegExp(`[\\u00c2-\\u00f4][\\u0080-\\u00bf${CP1252_SPECIALS}]`);

/** The windows-1252 bytes a run stands for (every character of a run is one). */
const bytesOf = (run: string): number[] => Array.from(run, (c) => BYTE_OF.get(c.codePointAt(0)!) ?? -1);

/**
 * A run with every well-formed UTF-8 sequence its bytes hold decoded (no overlong forms, no
 * surrogates, nothing past U+10FFFF), and its own character kept wherever none starts.
 */
function mendRun(run: string): string {
  const chars = Array.from(run);
  const bytes = bytesOf(run);
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    let ok = need > 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) ok = (bytes[i + k] ?? -1) >= 0x80 && bytes[i + k]! <= 0xbf;
    if (ok) {
      const second = bytes[i + 1]!;
      if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second >= 0xa0) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second >= 0x90)) ok = false;
    }
    if (!ok) {
      out += chars[i]!;
      i++;
      continue;
    }
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) cp = (cp << 6) | (bytes[i + k]! & 0x3f);
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/** The text with UTF-8 that was read as windows-1252 read again as UTF-8; the text itself when there is none. */
export function withoutMojibake(text: string): string {
  if (!MOJIBAKE_HINT.test(text)) return text;
  return text.replace(HIGH_RUN, mendRun);
}

/** A reference to a control character other than tab, line feed and carriage return (`&#3;`, SGML's end of text). */
const CONTROL_REFERENCE = /&#(?:0*(?:[0-8]|1[124-9]|2\d|3[01]|127)|[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF]));/g;

/**
 * Plain text with its HTML character references decoded: only complete ones (`&amp;`, `&#8220;`,
 * never `AT&T`); one that stands for a control character (`&#3;` ending Reuters' SGML copy) is
 * dropped, since it was never text.
 */
export function withCharacterReferencesDecoded(text: string): string {
  return /&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});/.test(text) ? decodeHTMLStrict(text.replace(CONTROL_REFERENCE, '')) : text;
}

/** Soft hyphen, zero-width space, word joiner, a byte order mark inside the text: nothing to a reader, a break to a tokenizer. */
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/;
const INVISIBLES = /[\u00ad\u200b\u2060\ufeff]/g;

/**
 * The text without the characters that print as nothing and split words (joiners that shape
 * a script, U+200C and U+200D, stay), its line ends `\n` (Windows' `\r\n` and old Macs' `\r`).
 */
export function withPlainLineEndsAndNoInvisibles(text: string): string {
  const lines = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  return INVISIBLE.test(lines) ? lines.replace(INVISIBLES, '') : lines;
}
