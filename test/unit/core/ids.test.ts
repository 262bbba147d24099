import { describe, expect, it } from 'vitest';
import { contentHashOf, storyIdOf } from '../../../src/article/ids.ts';

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
