import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UnreadableArticleError } from '../../../src/errors.ts';
import { splitFeed } from '../../../src/feeds/split.ts';
import { feedPieces, markupAsCdata } from '../../../src/formats/feed-pieces.ts';
import { readFeed } from '../../../src/formats/feed.ts';
import { readArticle } from '../../../src/formats/read.ts';
import { repairXml } from '../../../src/formats/xml.ts';

const FILES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/formats/files');
const fixture = (name: string) => readFileSync(path.join(FILES, name), 'utf8');

const item = (n: number, description: string) =>
  `<item><title>Story ${n}</title><guid>g-${n}</guid><pubDate>Tue, 01 Dec 2026 0${n}:00:00 GMT</pubDate><description>${description}</description></item>`;
const rss = (...items: string[]) => `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Wire</title><language>en</language>\n${items.join('\n')}\n</channel></rss>`;

describe('feeds that are not quite XML', () => {
  it('mends HTML entities and a stray & so nothing is rejected', () => {
    const split = splitFeed(fixture('rss-html-entities.xml'));
    expect(split.items.map((i) => i.key)).toEqual(['exw-biz-2026-1130-0412', 'https://wire.example.com/business/2026/second']);
    expect(split.rejected).toEqual([]);
    expect(readArticle(split.items[0]!.content, 'rss').headline).toBe('Café chain Brew & Co. to open 200 stores');
  });
  it('reads an item whose description holds markup that breaks the XML', () => {
    const split = splitFeed(fixture('rss-broken-description-markup.xml'));
    expect(split.items).toHaveLength(2);
    expect(split.rejected).toEqual([]);
    const first = readArticle(split.items[0]!.content, 'rss');
    expect(first.text).toBe('CAIRO, July 12 (Reuters) - A bridge over the Nile reopened on Sunday after eight months of repairs.\n\nTraffic police said queues eased within an hour.');
  });
  it('reports an item that cannot be read by its index and reason, and keeps the others', () => {
    const broken = '<item><title>Story 2</title><guid>g-2</guid><description>x</description>';
    const split = splitFeed(rss(item(1, 'PARIS (AFP) - One.'), broken, item(3, 'PARIS (AFP) - Three.')));
    expect(split.items.map((i) => i.key)).toEqual(['g-1', 'g-3']);
    expect(split.items.map((i) => i.index)).toEqual([0, 2]);
    expect(split.rejected).toEqual([{ index: 1, key: expect.stringMatching(/^sha1:/), reason: expect.stringMatching(/^item 2 \(line 4\): malformed XML: Expected closing tag 'item' instead of closing tag 'channel'/) }]);
    expect(readFeed(rss(item(1, 'PARIS (AFP) - One.'), broken, item(3, 'PARIS (AFP) - Three.'))).map((p) => p.headline)).toEqual(['Story 1', 'Story 3']);
  });
  it('still refuses a feed none of whose items can be read', () => {
    expect(() => splitFeed('<rss><channel><item><title>x</channel></rss>')).toThrow(UnreadableArticleError);
    expect(() => splitFeed('<rss><channel><title>x</channel>')).toThrow(/malformed XML at line 1/);
  });
  it('reads RSS 1.0 with content:encoded, Atom html and xhtml content, and title-and-link items', () => {
    expect(readArticle(fixture('rss1-rdf-content-encoded.xml'))).toMatchObject({ byline: 'Yuki Tanaka', publishedAt: '2026-10-05T09:30:00.000Z', language: 'en' });
    expect(readArticle(fixture('atom-html-content.xml'))).toMatchObject({ headline: 'Reef survey finds record coral cover', byline: 'Josh Keller' });
    expect(readArticle(fixture('atom-xhtml-content.xml')).text).toMatch(/^THE HAGUE, Dec 1 \(Reuters\) - A Dutch court/);
    expect(readArticle(fixture('rss-title-link-only.xml'))).toMatchObject({ text: '', headline: 'Parliament approves budget in late-night vote', publishedAt: '2026-12-01T00:40:00.000Z' });
    expect(splitFeed(fixture('rss1-rdf-content-encoded.xml'))).toMatchObject({ kind: 'rdf', rejected: [] });
  });
  it('gives the name from an RSS author e-mail', () => expect(readArticle(fixture('rss-broken-description-markup.xml')).byline).toBe('Omar Farouk'));
});

describe('the mending rules', () => {
  it('escapes stray & and <, closes void elements, leaves entities and good markup alone', () => {
    expect(repairXml('<a>AT&T &amp; &nbsp; &#233; &#x20AC; a < b<br>c<img src="x"></a>')).toBe('<a>AT&amp;T &amp; &nbsp; &#233; &#x20AC; a &lt; b<br/>c<img src="x"/></a>');
    // RSS's <link> and <source> are closed elements there: left alone.
    expect(repairXml('<item><link>https://x</link><source url="u">S</source>R&D<br></item>')).toBe('<item><link>https://x</link><source url="u">S</source>R&amp;D<br/></item>');
  });
  it('cuts a feed into one-item documents by its text, with the line each starts on', () => {
    const pieces = feedPieces(rss(item(1, 'a'), item(2, 'b')))!;
    expect(pieces.map((p) => [p.index, p.line])).toEqual([[0, 3], [1, 4]]);
    expect(pieces[1]!.xml).toMatch(/^<\?xml version="1.0"\?>\n<rss version="2.0"><channel><title>Wire<\/title><language>en<\/language>\n<item><title>Story 2<\/title>.*<\/item>\n<\/channel><\/rss>$/s);
    expect(feedPieces('<rss><channel/></rss>')).toBeNull();
  });
  it('makes markup inside descriptions CDATA, once', () => {
    expect(markupAsCdata('<item><description><p>a<br></description><content:encoded><![CDATA[<p>b</p>]]></content:encoded></item>')).toBe(
      '<item><description><![CDATA[<p>a<br>]]></description><content:encoded><![CDATA[<p>b</p>]]></content:encoded></item>',
    );
  });
  it('cuts a large broken feed in linear time', () => {
    const many = rss(...Array.from({ length: 5000 }, (_, i) => (i % 2 ? item(1, '<p>broken<p>markup') : item(2, 'fine'))));
    const t = performance.now();
    const split = splitFeed(many);
    expect(split.items).toHaveLength(5000);
    expect(performance.now() - t).toBeLessThan(5000);
  });
});
