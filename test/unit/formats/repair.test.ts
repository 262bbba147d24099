import { describe, expect, it } from 'vitest';
import { readArticle } from '../../../src/formats/read.ts';
import { withCharacterReferencesDecoded, withoutMojibake, withPlainLineEndsAndNoInvisibles } from '../../../src/formats/repair.ts';

/** What a UTF-8 text becomes when its bytes are read as windows-1252 (the damage being mended). */
function mangled(text: string): string {
  const cp1252 = new Map<number, number>([[0x80, 0x20ac], [0x82, 0x201a], [0x83, 0x192], [0x84, 0x201e], [0x85, 0x2026], [0x86, 0x2020], [0x87, 0x2021], [0x88, 0x2c6], [0x89, 0x2030], [0x8a, 0x160], [0x8b, 0x2039], [0x8c, 0x152], [0x8e, 0x17d], [0x91, 0x2018], [0x92, 0x2019], [0x93, 0x201c], [0x94, 0x201d], [0x95, 0x2022], [0x96, 0x2013], [0x97, 0x2014], [0x98, 0x2dc], [0x99, 0x2122], [0x9a, 0x161], [0x9b, 0x203a], [0x9c, 0x153], [0x9e, 0x17e], [0x9f, 0x178]]);
  return Array.from(Buffer.from(text, 'utf8'), (b) => String.fromCharCode(cp1252.get(b) ?? b)).join('');
}

describe('mending text a system on the way mangled', () => {
  it('reads UTF-8 that was read as windows-1252 as UTF-8 again', () => {
    const text = '“Our banks are safe,” said Zoë Müller — the minister’s view, not the café’s. ¿Qué? 5 €.';
    expect(mangled(text)).not.toBe(text);
    expect(withoutMojibake(mangled(text))).toBe(text);
  });

  it('mends only what was mangled, in a text that has both', () => {
    expect(withoutMojibake('It’s “fine” — Itâ€™s broken')).toBe('It’s “fine” — It’s broken');
  });

  it('leaves accented and typographic text alone', () => {
    for (const text of ['façade, naïve, résumé, Zürich', '“quoted”—done…', 'Ã la carte is not a word here', '£5 and ¥300'])
      expect(withoutMojibake(text)).toBe(text);
  });

  it('decodes complete HTML character references in plain text, never a bare ampersand', () => {
    expect(withCharacterReferencesDecoded('&quot;We will&quot; AT&T &#8220;R&amp;D&#8221; &#x2014; &nbsp;x')).toBe('"We will" AT&T “R&D” — \u00a0x');
    expect(withCharacterReferencesDecoded('Procter & Gamble, AT&T and S&P')).toBe('Procter & Gamble, AT&T and S&P');
    expect(withCharacterReferencesDecoded('Shr 10 cts vs 12 cts\n Reuter\n&#3;')).toBe('Shr 10 cts vs 12 cts\n Reuter\n');
  });

  it('hands every reader the mended text: plain text and a feed format alike', () => {
    const story = 'BERLIN, Dec 3 (Reuters) - “We will not give in,” said Jörg Weber.';
    expect(readArticle(mangled(story), 'text').text).toBe(story);
    expect(readArticle('BERLIN, Dec 3 (Reuters) - &quot;We will not give in,&quot; said Weber.', 'text').text).toBe('BERLIN, Dec 3 (Reuters) - "We will not give in," said Weber.');
    const nitf = `<?xml version="1.0" encoding="UTF-8"?><nitf><head><title>${mangled('Weber’s view')}</title></head><body><body.content><p>${mangled(story)}</p></body.content></body></nitf>`;
    const parsed = readArticle(nitf, 'auto');
    expect(parsed.headline).toBe('Weber’s view');
    expect(parsed.text).toBe(story);
  });

  it('drops characters that print as nothing but split words, and ends lines with \\n', () => {
    expect(withPlainLineEndsAndNoInvisibles('Ber\u00adlin\u200b said\r\n\r\nno\rmore \u2060x\ufeff')).toBe('Berlin said\n\nno\nmore x');
    expect(withPlainLineEndsAndNoInvisibles('می\u200cخواهم')).toBe('می\u200cخواهم');
  });

  it('reads a story with soft hyphens and Windows line ends as if typed plainly', () => {
    const parsed = readArticle('BERLIN, Dec 3 (Reuters) - Chancellor Merz spoke in Ber\u00adlin.\r\n\r\nHe said no more.\r\n', 'text');
    expect(parsed.text).toBe('BERLIN, Dec 3 (Reuters) - Chancellor Merz spoke in Berlin.\n\nHe said no more.');
  });
});
