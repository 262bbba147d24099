import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { hasVisibleText } from '../../../src/article/raw.ts';
import { capMessage, UnreadableArticleError } from '../../../src/errors.ts';
import { lfLines } from '../../../src/ingest/lines.ts';
import { itemsOfInput } from '../../../src/ingest/sources.ts';
import { validateRawArticle } from '../../../src/pipeline.ts';
import { redactedUrl } from '../../../src/server/http-log.ts';
import { withoutOutsideLinks } from '../../../src/server/routes/admin.ts';

describe('hostile input, unit by unit', () => {
  it('caps a message with the count of what was cut, once however often it is wrapped', () => {
    const long = `never closed: ${'<p>, '.repeat(100_000)}`;
    const capped = capMessage(long);
    expect(capped.length).toBeLessThan(340);
    expect(capped).toBe(`${long.slice(0, 300)}… (${(long.length - 300).toLocaleString('en-US')} more characters)`);
    // Wrapped with a prefix and capped again: one marker, the total count.
    expect(capMessage(`NITF: ${capped}`)).toBe(`NITF: ${long.slice(0, 294)}… (${(long.length - 294).toLocaleString('en-US')} more characters)`);
    expect(new UnreadableArticleError(long).message).toBe(capped);
    expect(capMessage('short')).toBe('short');
  });

  it('knows content with nothing visible in it', () => {
    for (const blank of ['', '  \n\t', '\u200b', '\u200b\u200c\u200d\u2060\ufeff', '\u00ad\u034f', '\u3164\u2800', '\u0301']) expect(hasVisibleText(blank)).toBe(false);
    for (const text of ['a', '\u200bA', '—', '中']) expect(hasVisibleText(text)).toBe(true);
    expect(() => validateRawArticle({ content: '\u200b\u200b' })).toThrow('content: holds no visible characters');
    expect(() => validateRawArticle({ content: '   ' })).toThrow('content: is empty');
  });

  it('splits lines on LF only: a lone CR stays inside its line, CRLF ends one', async () => {
    const chunks = ['{"a":\r1}\r\n{"b"', ':2}\n', Buffer.from('\u00e9'.repeat(3)).subarray(0, 3), Buffer.from('\u00e9'.repeat(3)).subarray(3), '\nlast'];
    const lines: string[] = [];
    for await (const line of lfLines(Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))))) lines.push(line);
    expect(lines).toEqual(['{"a":\r1}', '{"b":2}', 'ééé', 'last']);
  });

  it('reads stdin as raw-article JSON lines only when every line is one, else as one story', () => {
    const jsonl = Buffer.from(`${JSON.stringify({ content: 'a' })}\n\n${JSON.stringify({ content: 'b', source: 's' })}\n`);
    expect(itemsOfInput(jsonl, 'stdin')).toEqual([
      { where: 'stdin:1', raw: { content: 'a' } },
      { where: 'stdin:3', raw: { content: 'b', source: 's' } },
    ]);
    const story = 'WASHINGTON (AP) — The Senate voted.\n{"content": "not a line of raw articles"}\n';
    expect(itemsOfInput(Buffer.from(story), 'stdin')).toEqual([{ where: 'stdin', raw: { content: story, source: 'stdin' }, asReceived: true }]);
    // One line of ninjs is a story, not a raw article.
    const ninjs = JSON.stringify({ uri: 'urn:x', body_text: 'LONDON (Reuters) - Hi.' });
    expect(itemsOfInput(Buffer.from(ninjs), 'stdin')).toMatchObject([{ where: 'stdin', asReceived: true }]);
    expect(itemsOfInput(Buffer.from('\u200b\n'), 'stdin')).toEqual([{ where: 'stdin', error: 'stdin holds only whitespace or invisible characters' }]);
    expect(itemsOfInput(Buffer.alloc(0), 'stdin')).toEqual([{ where: 'stdin', error: 'stdin is empty' }]);
  });

  it('redacts secret query parameters from a URL before it is logged', () => {
    expect(redactedUrl('/queues?token=abc&access_token=def&size=5')).toBe('/queues?token=[redacted]&access_token=[redacted]&size=5');
    expect(redactedUrl('/x?API%5FKEY=1&password=2&q=token')).toBe('/x?API%5FKEY=[redacted]&password=[redacted]&q=token');
    expect(redactedUrl('/search?q=oil')).toBe('/search?q=oil');
    expect(redactedUrl(`/search?q=${'a'.repeat(5000)}`).length).toBeLessThan(600);
  });

  it('drops links to other hosts from the dashboard page, keeps its own', () => {
    const page =
      '<head><link rel="icon" href="static/images/logo.svg"><link href="https://fonts.googleapis.com/css2?family=IBM+Plex+Sans" rel="stylesheet">' +
      '<link rel="preconnect" href="//fonts.gstatic.com"><link href="static/css/main.css" rel="stylesheet"></head>';
    expect(withoutOutsideLinks(page)).toBe('<head><link rel="icon" href="static/images/logo.svg"><link href="static/css/main.css" rel="stylesheet"></head>');
  });
});
