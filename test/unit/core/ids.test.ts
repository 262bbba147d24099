import { describe, expect, it } from 'vitest';
import { collapsedWhitespace, contentHashOf, storyIdOf } from '../../../src/article/ids.ts';
import { mulberry32 } from '../../../src/extract/entities/training/train.ts';

describe('collapsedWhitespace', () => {
  it('is replace(/\\s+/g, " ").trim(), every kind of space included, a long text too', () => {
    const pieces = ['a', ' ', '  ', '\n', '\t', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', '\u200b', '\u0085', '\ud83d', '😀', 'é'];
    const random = mulberry32(5);
    const next = () => Math.floor(random() * pieces.length);
    for (let k = 0; k < 5000; k++) {
      const s = Array.from({ length: k % 15 }, () => pieces[next()]).join('');
      expect(collapsedWhitespace(s), JSON.stringify(s)).toBe(s.replace(/\s+/g, ' ').trim());
    }
    // Longer than one chunk of char codes.
    const long = `${'word '.repeat(5000)}\n\n${'x'.repeat(20_000)}\t `;
    expect(collapsedWhitespace(long)).toBe(long.replace(/\s+/g, ' ').trim());
  });
});

describe('story ids', () => {
  it('come from the feed id when there is one', () => {
    const a = storyIdOf({ sourceId: 'urn:newsml:example.com:20210826:abc', agency: 'AP', dateline: 'X', body: 'one' });
    const b = storyIdOf({ sourceId: 'urn:newsml:example.com:20210826:abc', agency: 'AFP', dateline: 'Y', body: 'two' });
    expect(a).toBe(b);
  });

  it('otherwise come from agency, dateline and body, ignoring whitespace changes', () => {
    const a = storyIdOf({ sourceId: null, agency: 'AP', dateline: 'PARIS (AP) —', body: 'A  story\nhere.' });
    expect(storyIdOf({ sourceId: null, agency: 'AP', dateline: 'PARIS (AP) —', body: 'A story here.' })).toBe(a);
    expect(storyIdOf({ sourceId: null, agency: 'AFP', dateline: 'PARIS (AP) —', body: 'A story here.' })).not.toBe(a);
  });

  it('are safe as BullMQ job ids and in URLs: no colon, never an integer', () => {
    const id = storyIdOf({ sourceId: '12345', agency: null, dateline: null, body: '' });
    expect(id).toMatch(/^wd-[0-9a-f]{32}$/);
  });

  it('hash the body with whitespace collapsed', () => {
    expect(contentHashOf(' a\n\nb ')).toBe(contentHashOf('a b'));
  });
});
