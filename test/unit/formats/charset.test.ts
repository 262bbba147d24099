import { describe, expect, it } from 'vitest';
import { charsetOf, decodeContent, declaredEncoding } from '../../../src/formats/charset.ts';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const bytes = (...parts: (string | number | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? ascii(p) : Array.isArray(p) ? p : [p])));
const utf16 = (s: string, order: 'le' | 'be') => {
  const out: number[] = [];
  for (const c of s) {
    const u = c.charCodeAt(0);
    out.push(...(order === 'le' ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff]));
  }
  return out;
};

describe('decodeContent', () => {
  it('reads ISO-8859-1 by the XML declaration: £ and é, never U+FFFD', () => {
    const b = bytes('<?xml version="1.0" encoding="ISO-8859-1"?><p>', 0xa3, '5 caf', 0xe9, '</p>');
    expect(decodeContent(b)).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><p>£5 café</p>');
  });
  it('reads windows-1252 curly quotes, dashes and € (bytes 0x80–0x9F)', () => {
    const b = bytes('<?xml version="1.0" encoding="windows-1252"?><p>', 0x93, 'Yes', 0x94, ' ', 0x96, ' ', 0x80, '10', 0x85, '</p>');
    expect(decodeContent(b)).toContain('<p>“Yes” – €10…</p>');
  });
  it('treats an ISO-8859-1 label as windows-1252, as browsers do', () => {
    expect(decodeContent(bytes(0x80, '5'), 'text/xml; charset=iso-8859-1')).toBe('€5');
  });
  it('reads UTF-16 LE and BE by their BOM, and drops the BOM', () => {
    expect(decodeContent(bytes([0xff, 0xfe], utf16('<a>£ é</a>', 'le')))).toBe('<a>£ é</a>');
    expect(decodeContent(bytes([0xfe, 0xff], utf16('<a>€</a>', 'be')))).toBe('<a>€</a>');
  });
  it('reads UTF-16 without a BOM by its zero bytes', () => {
    expect(decodeContent(bytes(utf16('<?xml version="1.0" encoding="UTF-16"?><a>é</a>', 'le')))).toContain('<a>é</a>');
  });
  it('drops a UTF-8 BOM', () => expect(decodeContent(bytes([0xef, 0xbb, 0xbf], '{"a":1}'))).toBe('{"a":1}'));
  it('reads bytes that claim UTF-8 but are not as windows-1252', () => {
    const b = bytes('<?xml version="1.0" encoding="UTF-8"?><p>', 0xa3, '3m ', 0x93, 'deal', 0x94, '</p>');
    expect(decodeContent(b)).toContain('<p>£3m “deal”</p>');
    expect(decodeContent(bytes('Price ', 0xa3, '3'), 'text/plain; charset=utf-8')).toBe('Price £3');
  });
  it('reads bytes labelled Latin-1 that are valid UTF-8 as UTF-8 (no mojibake)', () => {
    const b = bytes('<?xml version="1.0" encoding="ISO-8859-1"?><p>', [0xc2, 0xa3], '5 caf', [0xc3, 0xa9], '</p>');
    expect(decodeContent(b)).toContain('<p>£5 café</p>');
  });
  it('lets the Content-Type charset win over the XML declaration', () => {
    const b = bytes('<?xml version="1.0" encoding="UTF-8"?><p>', 0xe9, '</p>');
    expect(decodeContent(b, 'application/xml; charset="ISO-8859-15"')).toContain('<p>é</p>');
    expect(decodeContent(bytes(0xa4), 'text/plain; charset=iso-8859-15')).toBe('€');
  });
  it('lets a BOM win over the Content-Type charset', () => {
    expect(decodeContent(bytes([0xef, 0xbb, 0xbf], [0xc3, 0xa9]), 'text/xml; charset=iso-8859-1')).toBe('é');
  });
  it('ignores a UTF-16 label on bytes that are not UTF-16, and an unknown label', () => {
    expect(decodeContent(bytes('<?xml version="1.0" encoding="UTF-16"?><a>', [0xc3, 0xa9], '</a>'))).toContain('<a>é</a>');
    expect(decodeContent(bytes('x', [0xc3, 0xa9]), 'text/plain; charset=no-such-thing')).toBe('xé');
  });
  it('reads other single-byte charsets with the platform decoder', () => {
    expect(decodeContent(bytes(0xc0, 0xe1), 'text/plain; charset=windows-1251')).toBe('Аб');
  });
  it('reads plain UTF-8 unchanged', () => expect(decodeContent(new TextEncoder().encode('Zürich — “quoted” £'))).toBe('Zürich — “quoted” £'));
});

describe('charset helpers', () => {
  it('reads the charset parameter', () => {
    expect(charsetOf('application/rss+xml; charset=ISO-8859-1')).toBe('iso-8859-1');
    expect(charsetOf('text/xml;charset="utf-8"; q=1')).toBe('utf-8');
    expect(charsetOf('text/xml')).toBeNull();
    expect(charsetOf(null)).toBeNull();
  });
  it('reads the declaration', () => {
    expect(declaredEncoding(bytes("<?xml version='1.0' encoding='Windows-1252' standalone='yes'?><a/>"))).toBe('windows-1252');
    expect(declaredEncoding(bytes('<?xml version="1.0"?><a/>'))).toBeNull();
  });
});

describe('where bytes come in', () => {
  it('decodes a story file or stdin by its declaration, and still refuses binary', async () => {
    const { itemsOfInput } = await import('../../../src/ingest/sources.ts');
    const [item] = itemsOfInput(Buffer.from(bytes('<?xml version="1.0" encoding="ISO-8859-1"?><nitf><p>', 0xa3, '5</p></nitf>')), 'stdin');
    expect(item).toMatchObject({ raw: { content: expect.stringContaining('<p>£5</p>') } });
    expect(itemsOfInput(Buffer.from([0x41, 0x00, 0x42, 0x43, 0x00, 0x00, 0x00]), 'stdin')[0]).toMatchObject({ error: expect.stringContaining('binary file') });
  });
});
