/**
 * Bytes as received (a file, a feed poll, an HTTP body) to the string the readers take. The
 * encoding is chosen as RFC 7303 §3.2 orders it for XML (and as HTML does): a byte order mark
 * first, then the `charset` of the Content-Type, then the XML declaration's `encoding` (or a
 * JSON/HTML `<meta charset>` is not looked for: JSON is UTF-8 by RFC 8259), else UTF-8.
 *
 * Agencies mislabel copy often enough that two corrections apply, both only ever away from
 * mojibake: bytes labelled UTF-8 (or unlabelled) that are not valid UTF-8 are read as
 * windows-1252, the usual real encoding of such copy; bytes labelled Latin-1/windows-1252/ASCII
 * that are valid UTF-8 and hold multi-byte sequences are read as UTF-8 (a Latin-1 text that
 * happens to form valid UTF-8 sequences, such as `Ã©`, is vanishingly rare in prose).
 */

const UTF8 = new TextDecoder('utf-8', { fatal: true });

// Node 20's TextDecoder maps windows-1252's 0x80–0x9F to C1 controls (as ISO-8859-1 does), so
// those 32 bytes come from this table: the WHATWG windows-1252 index (0 where undefined).
export const CP1252_HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/** windows-1252, which WHATWG also uses for the labels `iso-8859-1`, `latin1` and `us-ascii`. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      codes[i - start] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** The `charset` parameter of a Content-Type header, lower case; null when absent. */
export function charsetOf(contentType: string | null | undefined): string | null {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  const name = (m?.[1] ?? m?.[2] ?? '').trim().toLowerCase();
  return name || null;
}

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="ISO-8859-1"?>`), read from ASCII-compatible bytes. */
export function declaredEncoding(bytes: Uint8Array): string | null {
  const head = String.fromCharCode(...bytes.subarray(0, 256));
  const m = /^\s*<\?xml\s[^?>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

const bomOf = (b: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | null =>
  b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 'utf-8' : b[0] === 0xff && b[1] === 0xfe ? 'utf-16le' : b[0] === 0xfe && b[1] === 0xff ? 'utf-16be' : null;

/** UTF-16 without a BOM, told by XML's `<` or JSON's `{` / `[` and a zero byte beside each of the first two characters (XML 1.0 Appendix F). */
function utf16ByZeros(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (b.length < 4) return null;
  const opens = (c: number | undefined) => c === 0x3c || c === 0x7b || c === 0x5b;
  if (opens(b[0]) && b[1] === 0 && b[2] !== 0 && b[3] === 0) return 'utf-16le';
  if (b[0] === 0 && opens(b[1]) && b[2] === 0 && b[3] !== 0) return 'utf-16be';
  return null;
}

const isWindows1252Label = (label: string) => /^(?:windows-1252|cp1252|x-cp1252|iso-8859-1|iso8859-1|iso_8859-1|latin-?1|l1|us-ascii|ascii|iso-ir-100|csisolatin1)$/.test(label);
const isUtf8Label = (label: string) => /^(?:utf-?8|unicode-1-1-utf-8|x-unicode20utf8)$/.test(label);

/** UTF-8 when the bytes are valid UTF-8, else null. */
function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

/** Whether the bytes hold a byte over 0x7F at all (pure ASCII decodes the same in every label here). */
function hasHighBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

function decodeAs(bytes: Uint8Array, label: string): string | null {
  if (isUtf8Label(label)) return tryUtf8(bytes) ?? decodeWindows1252(bytes);
  if (isWindows1252Label(label)) return (hasHighBytes(bytes) ? tryUtf8(bytes) : null) ?? decodeWindows1252(bytes);
  try {
    // Other labels (ISO-8859-x, windows-125x, KOI8, Shift_JIS, GBK, UTF-16 …): the platform's decoder.
    return new TextDecoder(label).decode(bytes);
  } catch {
    return null; // a label the platform does not know: the next rule decides
  }
}

/**
 * The text of `bytes`, by the rules above. A BOM is dropped; UTF-16 without a BOM is known by
 * the zero bytes of its first characters, and a UTF-16 label on bytes that have none is ignored.
 */
export function decodeContent(bytes: Uint8Array, contentType?: string | null): string {
  const bom = bomOf(bytes);
  if (bom === 'utf-8') return tryUtf8(bytes.subarray(3)) ?? decodeWindows1252(bytes.subarray(3));
  if (bom) return new TextDecoder(bom).decode(bytes.subarray(2));
  const wide = utf16ByZeros(bytes);
  if (wide) return new TextDecoder(wide).decode(bytes);
  for (const label of [charsetOf(contentType), declaredEncoding(bytes)]) {
    // A UTF-16 label on bytes that are not UTF-16 (no BOM, no zero bytes) is a mislabel.
    if (!label || /^(?:utf-?16|ucs-?2|unicode)/.test(label)) continue;
    const text = decodeAs(bytes, label);
    if (text !== null) return text;
  }
  return decodeAs(bytes, 'utf-8')!;
}
