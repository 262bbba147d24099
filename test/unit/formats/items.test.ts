import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { itemsOf } from '../../../src/formats/items.ts';
import { readStory } from '../../../src/pipeline.ts';
import { rawItemsOf } from '../../../src/ingest/raw-items.ts';

const FEED = readFileSync(new URL('../../fixtures/items/wire-30.xml', import.meta.url), 'utf8');

/** Each item read as the doors read it: the story's headline, or the reason it was refused. */
const readEach = (content: string) =>
  itemsOf(content).items.map((item) => {
    try {
      return { index: item.index, headline: readStory(item.content, item.format).headline };
    } catch (err) {
      return { index: item.index, error: (err as Error).message };
    }
  });

const NEWS_MESSAGE = `<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/" xmlns:xh="http://www.w3.org/1999/xhtml">
  <header><sent>2023-03-14T09:00:00Z</sent></header>
  <itemSet>
    <newsItem guid="urn:example:harbour-dredging" version="1" standard="NewsML-G2">
      <itemMeta><itemClass qcode="ninat:text"/><provider literal="dpa"/><versionCreated>2023-03-14T08:40:00Z</versionCreated></itemMeta>
      <contentMeta><headline>Hamburg harbour dredging to start in April</headline></contentMeta>
      <contentSet><inlineXML contenttype="application/xhtml+xml"><xh:html><xh:body><xh:p>Hamburg (dpa) - Dredging of the Elbe channel will start in April, the port authority said on Tuesday &amp; named the contractor.</xh:p></xh:body></xh:html></inlineXML></contentSet>
    </newsItem>
    <newsItem guid="urn:example:harbour-photo" version="1" standard="NewsML-G2">
      <itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
      <contentMeta><headline>A dredger at the Elbe quay</headline></contentMeta>
    </newsItem>
    <newsItem guid="urn:example:empty" version="1" standard="NewsML-G2">
      <itemMeta><itemClass qcode="ninat:text"/></itemMeta>
      <contentMeta/>
    </newsItem>
    <newsItem guid="urn:example:ferry-fares" version="2" standard="NewsML-G2">
      <itemMeta><itemClass qcode="ninat:text"/><provider literal="dpa"/></itemMeta>
      <contentMeta><headline>Ferry fares to rise on North Sea routes</headline></contentMeta>
      <contentSet><inlineData contenttype="text/plain"><![CDATA[Kiel (dpa) - Ferry operators on North Sea routes will raise fares by 4 percent from May, an industry group said on Tuesday.]]></inlineData></contentSet>
    </newsItem>
  </itemSet>
</newsMessage>`;

const ninjs = (n: number, city: string) => ({
  uri: `urn:example:ninjs:${n}`,
  headline: `Council in ${city} agrees budget`,
  body_text: `${city.toUpperCase()}, March 14 (Reuters) - The city council in ${city} agreed its budget on Tuesday after a two-day debate.`,
});

describe('itemsOf: one content string, its stories', () => {
  it('splits a feed of 30 items: 29 read, item 17 (no title, no text) refused with its reason', () => {
    const split = itemsOf(FEED);
    expect(split.container).toBe('feed');
    expect(split.items.map((i) => i.index)).toEqual([...Array(30).keys()]);
    expect(split.items[17]).toMatchObject({ key: 'meridian-2023-0018', format: 'rss' });
    const read = readEach(FEED);
    expect(read.filter((r) => 'headline' in r)).toHaveLength(29);
    expect(read.filter((r) => 'error' in r)).toEqual([{ index: 17, error: expect.stringContaining('neither <description> nor <content:encoded>, nor a <title>') }]);
    expect(read[0]).toEqual({ index: 0, headline: 'Portugal tightens rules on short-term rentals' });
    expect(read[29]).toEqual({ index: 29, headline: 'Argentina soy harvest forecast cut again' });
  });

  it('a feed whose item 5 breaks the XML: the other 29 split out, item 5 rejected by index with a stable key', () => {
    const items = [...FEED.matchAll(/<item>[\s\S]*?<\/item>/g)].map((m) => m[0]);
    const broken = FEED.replace(items[4]!, items[4]!.replace('</title>', ''));
    const split = itemsOf(broken);
    expect(split.items).toHaveLength(29);
    expect(split.items.map((i) => i.index)).not.toContain(4);
    expect(split.rejected).toEqual([{ index: 4, key: expect.stringMatching(/^sha1:/), reason: expect.stringMatching(/^item 5 /) }]);
    expect(itemsOf(broken).rejected[0]!.key).toBe(split.rejected[0]!.key);
  });

  it('splits a NewsML-G2 newsMessage into its text newsItems, keeping namespaces and entities; pictures are left out', () => {
    const split = itemsOf(NEWS_MESSAGE);
    expect(split.container).toBe('newsMessage');
    expect(split.items.map((i) => [i.index, i.key])).toEqual([
      [0, 'urn:example:harbour-dredging'],
      [2, 'urn:example:empty'],
      [3, 'urn:example:ferry-fares'],
    ]);
    expect(split.items[0]!.content).toContain('xmlns:xh="http://www.w3.org/1999/xhtml"');
    const read = readEach(NEWS_MESSAGE);
    expect(read[0]).toEqual({ index: 0, headline: 'Hamburg harbour dredging to start in April' });
    expect(read[1]).toEqual({ index: 2, error: expect.stringContaining('no inline body') });
    expect(read[2]).toEqual({ index: 3, headline: 'Ferry fares to rise on North Sea routes' });
    expect(readStory(split.items[0]!.content, 'newsml').text).toContain('the port authority said on Tuesday & named the contractor');
  });

  it('splits a ninjs array and an envelope ({"data": {"items": [{"item": …}]}})', () => {
    const array = JSON.stringify([ninjs(1, 'Leeds'), 42, ninjs(3, 'Cork')]);
    expect(itemsOf(array).items.map((i) => [i.index, i.key])).toEqual([
      [0, 'urn:example:ninjs:1'],
      [1, expect.stringMatching(/^sha1:/)],
      [2, 'urn:example:ninjs:3'],
    ]);
    expect(readEach(array).map((r) => ('error' in r ? r.error : r.headline))).toEqual(['Council in Leeds agrees budget', 'ninjs: the JSON is not an object', 'Council in Cork agrees budget']);
    const envelope = JSON.stringify({ data: { items: [{ item: ninjs(4, 'Bergen') }, { item: ninjs(5, 'Graz') }] } });
    expect(readEach(envelope).map((r) => ('headline' in r ? r.headline : r.error))).toEqual(['Council in Bergen agrees budget', 'Council in Graz agrees budget']);
    expect(itemsOf(JSON.stringify({ items: [ninjs(6, 'Turku')] })).container).toBe('ninjs');
  });

  it('passes one story, or a container broken as a whole, on unchanged for the reader to judge', () => {
    for (const content of [
      'LONDON, March 14 (Reuters) - One plain story.',
      JSON.stringify(ninjs(7, 'Derby')),
      '<rss version="2.0"><channel><item><title>Unclosed</channel></rss>',
      '<rss version="2.0"><channel><title>No items</title></channel></rss>',
      '{"not": "json',
      '[]',
      '<html><body>a page</body></html>',
    ]) {
      const split = itemsOf(content);
      expect(split.container, content).toBeNull();
      expect(split.items).toEqual([{ index: 0, key: expect.any(String), content, format: 'auto' }]);
    }
  });

  it('rawItemsOf: a raw article holding a feed becomes one raw article per item with its other fields; anything else passes as it is', () => {
    const items = rawItemsOf({ content: FEED, source: 'meridian', receivedAt: '2023-03-14T12:00:00Z' });
    expect(items).toHaveLength(30);
    expect(items[5]).toMatchObject({ item: 5, key: 'meridian-2023-0006', raw: { source: 'meridian', receivedAt: '2023-03-14T12:00:00Z', format: 'rss' } });
    const bad = { content: FEED, sorce: 'typo' };
    expect(rawItemsOf(bad)).toEqual([{ item: null, key: null, raw: bad }]);
    const one = { content: 'PARIS, March 14 (AFP) - One story.' };
    expect(rawItemsOf(one)).toEqual([{ item: null, key: null, raw: one }]);
  });
});
