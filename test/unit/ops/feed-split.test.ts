import { describe, expect, it } from 'vitest';
import { splitFeed } from '../../../src/feeds/split.ts';
import { readArticle } from '../../../src/formats/read.ts';
import { UnreadableArticleError } from '../../../src/errors.ts';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Example Wire</title>
    <language>en</language>
    <description>The channel's own description</description>
    <item>
      <guid isPermaLink="false">ex-1</guid>
      <title>Council passes budget</title>
      <dc:creator>Jane Doe</dc:creator>
      <content:encoded><![CDATA[<p>LONDON, Aug 26 (Reuters) - The council passed the budget on Thursday &amp; went home.</p>]]></content:encoded>
    </item>
    <item>
      <link>https://example.com/2</link>
      <title>Markets calm</title>
      <description>PARIS, Aug 26 (AFP) - Markets were calm on Thursday as traders waited for data &amp; news.</description>
    </item>
    <item>
      <title>No id at all</title>
      <description>ROME, Aug 26 (ANSA) - A third story without a guid or a link arrived on Thursday.</description>
    </item>
  </channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Atom Wire</title>
  <author><name>Atom Wire</name></author>
  <entry>
    <id>urn:uuid:1</id>
    <title>First entry</title>
    <updated>2021-08-26T10:00:00Z</updated>
    <content type="text">BERLIN, Aug 26 (dpa) - The first entry arrived on Thursday morning with news.</content>
  </entry>
  <entry>
    <id>urn:uuid:2</id>
    <title>Second entry</title>
    <updated>2021-08-26T11:00:00Z</updated>
    <summary>MADRID, Aug 26 (EFE) - The second entry arrived on Thursday afternoon with more news.</summary>
  </entry>
</feed>`;

describe('splitting a feed into one-item feeds', () => {
  it('keeps the channel metadata and exactly one item each, keyed by guid, link or a hash', () => {
    const split = splitFeed(RSS);
    expect(split).toMatchObject({ kind: 'rss', title: 'Example Wire' });
    expect(split.items.map((i) => i.key)).toEqual(['ex-1', 'https://example.com/2', expect.stringMatching(/^sha1:[0-9a-f]{40}$/)]);
    for (const item of split.items) {
      expect(item.content.match(/<item>/g)).toHaveLength(1);
      expect(item.content).toContain('<title>Example Wire</title>');
      expect(item.content).toContain('xmlns:content="http://purl.org/rss/1.0/modules/content/"');
    }
    const first = readArticle(split.items[0]!.content, 'rss');
    expect(first).toMatchObject({ format: 'rss', headline: 'Council passes budget', sourceId: 'ex-1', language: 'en' });
    expect(first.text).toContain('The council passed the budget on Thursday & went home.');
    const second = readArticle(split.items[1]!.content, 'rss');
    expect(second.headline).toBe('Markets calm');
    expect(second.text).toContain('data & news');
    expect(second.text).not.toContain("channel's own description");
  });

  it('splits Atom feeds by entry, keeping the feed title, author and language', () => {
    const split = splitFeed(ATOM);
    expect(split).toMatchObject({ kind: 'atom', title: 'Atom Wire' });
    expect(split.items.map((i) => i.key)).toEqual(['urn:uuid:1', 'urn:uuid:2']);
    const second = readArticle(split.items[1]!.content, 'rss');
    expect(second).toMatchObject({ headline: 'Second entry', sourceId: 'urn:uuid:2' });
    expect(second.text).toContain('MADRID, Aug 26 (EFE)');
  });

  it('refuses malformed XML and other documents with a reason', () => {
    expect(() => splitFeed('<rss><channel><item></channel></rss>')).toThrow(UnreadableArticleError);
    expect(() => splitFeed('<nitf><body/></nitf>')).toThrow(/root element is <nitf>/);
    expect(splitFeed('<rss version="2.0"><channel><title>Empty</title></channel></rss>').items).toEqual([]);
  });
});
