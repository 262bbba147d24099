import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/extract/entities/training/train.ts';
import { wordCountOf } from '../../../src/extract/text/word-count.ts';

/** The definition the scanner stands in for. */
const byRegex = (s: string) => s.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;

describe('wordCountOf', () => {
  it('counts words joined across one apostrophe, full stop or hyphen as one', () => {
    expect(wordCountOf("The U.S. won't sign the well-known pact's terms.")).toBe(8);
    expect(wordCountOf('a--b a..b a. .b -a- ’s')).toBe(8);
    expect(wordCountOf('')).toBe(0);
  });

  it('gives the regular expression’s count on letters and digits of any script, outside the BMP too', () => {
    const pieces = ['a', 'Z', '9', 'é', 'ß', '中', '𝔸', '😀', "'", '’', '.', '-', ' ', '\n', ',', '\u0301', '٣', '_', 'Ⅻ', '\ud83d'];
    const random = mulberry32(11);
    const next = () => Math.floor(random() * pieces.length);
    for (let k = 0; k < 5000; k++) {
      const s = Array.from({ length: 1 + (k % 13) }, () => pieces[next()]).join('');
      expect(wordCountOf(s), JSON.stringify(s)).toBe(byRegex(s));
    }
  });
});
