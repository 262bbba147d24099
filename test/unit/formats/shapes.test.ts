import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeContent } from '../../../src/formats/charset.ts';
import { isoDateTime, pubStatusOf } from '../../../src/formats/meta.ts';
import { readArticle } from '../../../src/formats/read.ts';
import { prepare } from '../../../src/pipeline.ts';

const FILES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/formats/files');
const fixture = (name: string) => readFileSync(path.join(FILES, name), 'utf8');
const NOW = new Date('2026-12-01T00:00:00Z');

describe('ninjs in its shapes', () => {
  it('reads 3.0 camel-case keys as 2.x lower-case ones', () => {
    const p = readArticle(fixture('ninjs3-camel-case.json'));
    expect(p).toMatchObject({ credit: 'Kyodo News', publishedAt: '2026-09-03T14:05:00.000Z', pubStatus: 'usable', urgency: 1, version: 2, datelineText: 'Kagoshima' });
    expect(p.text.startsWith('KAGOSHIMA, Japan (Kyodo) -- A powerful typhoon')).toBe(true);
  });
  it('takes the main headline and body by role, skipping teasers and short headlines', () => {
    const p = readArticle(fixture('ninjs2-text-and-html-bodies.json'));
    expect(p.headline).toBe('Dock workers walk out at three northern ports');
    expect(p.text).toMatch(/^LIVERPOOL, England, April 12 \(Reuters\) - Dock workers/);
    expect(p.text).toContain('\n\n"We did not want this,"');
  });
  it('finds the item in a distributor envelope, a data or item wrapper and a list', () => {
    expect(readArticle(fixture('ninjs-api-envelope.json'))).toMatchObject({
      sourceId: 'https://api.example.com/content/f3a09c4e7b2d',
      headline: 'State lawmakers pass school funding overhaul',
      byline: 'Margaret Osei',
    });
    expect(readArticle(fixture('ninjs-data-wrapper-firstcreated.json'))).toMatchObject({ publishedAt: '2026-11-07T12:45:00.000Z', urgency: 4 });
    expect(readArticle(fixture('ninjs-item-wrapper-versioncreated.json'))).toMatchObject({ publishedAt: '2026-06-22T07:30:00.000Z', datelineText: 'Dresden' });
    expect(readArticle(fixture('ninjs-array-of-items.json')).sourceId).toBe('urn:example:ninjs:batch:0001');
  });
  it('prefers an envelope’s item over the envelope’s own uri', () => {
    const p = readArticle(JSON.stringify({ uri: 'https://api.example/req/1', data: { item: { uri: 'urn:x:1', headline: 'Inner', body_text: 'Text.' } } }));
    expect(p).toMatchObject({ sourceId: 'urn:x:1', headline: 'Inner' });
  });
  it('takes the first of several items sent as JSON lines, and an item under _source', () => {
    const line = (n: number) => JSON.stringify({ guid: `g${n}`, headline: `Item ${n}`, body_text: 'Text.' });
    expect(readArticle(`${line(1)}\n${line(2)}\n`).sourceId).toBe('g1');
    expect(readArticle(JSON.stringify({ _id: 'x', _source: { guid: 'g3', headline: 'Item 3' } })).sourceId).toBe('g3');
  });
  it('reads a NITF body', () => expect(readArticle(fixture('ninjs2-body-nitf.json')).text).toMatch(/^JOHANNESBURG, Jan 20 \(Reuters\) - South Africa's/));
  it('keeps a renditions-only item as a bodyless story with its metadata', () => {
    const prepared = prepare({ content: fixture('ninjs-renditions-only.json') }, NOW);
    expect(prepared).toMatchObject({ bodyless: true, body: '' });
    expect(prepared.parsed).toMatchObject({ headline: 'Live results: regional assembly elections', urgency: 2, publishedAt: '2026-05-07T23:58:00.000Z' });
  });
});

describe('kill notices in every format reach the kill path', () => {
  it.each([
    ['ninjs3-canceled.json', 'https://example.org/ninjs3/2026/minister-resigns'],
    ['nitf-kill-ed-msg.xml', 'EXW-2026-1130-factory-fire'],
    ['nitf-canceled-no-body.xml', 'urn:example:nitf:bank-merger-77'],
    ['newsml-canceled-uri-status.xml', 'urn:newsml:example.org:2026:airline-strike'],
  ])('%s is canceled, with the story’s own id', (file, sourceId) => {
    const prepared = prepare({ content: fixture(file) }, NOW);
    expect(prepared.parsed).toMatchObject({ pubStatus: 'canceled', sourceId });
  });
  it('reads the status from any QCode prefix or scheme URI', () => {
    expect(pubStatusOf('stat:canceled')).toBe('canceled');
    expect(pubStatusOf('pubstat:canceled')).toBe('canceled');
    expect(pubStatusOf('http://cv.iptc.org/newscodes/pubstatusg2/canceled')).toBe('canceled');
    expect(pubStatusOf('Withheld')).toBe('withheld');
    expect(pubStatusOf('stat:usable')).toBe('usable');
  });
  it('does not take an ordinary editorial message for a kill', () => {
    const nitf = fixture('nitf-kill-ed-msg.xml').replace('msg-type="kill" info="MANDATORY KILL. Wrong death toll."', 'msg-type="advisory" info="Corrects spelling of name"');
    expect(readArticle(nitf).pubStatus).toBe('usable');
  });
});

describe('NewsML-G2 and NITF variants', () => {
  it('keeps remote content only as a bodyless story with its metadata', () => {
    const prepared = prepare({ content: fixture('newsml-remote-content-only.xml') }, NOW);
    expect(prepared).toMatchObject({ bodyless: true, agency: 'AFP' });
    expect(prepared.parsed).toMatchObject({ headline: 'Strong quake shakes Nepal, buildings damaged in capital', urgency: 2, datelineText: 'Kathmandu' });
  });
  it('takes the text item of a newsMessage whose first item is a picture', () => {
    expect(readArticle(fixture('newsml-message-picture-then-text.xml'))).toMatchObject({ sourceId: 'urn:newsml:example.net:20260430:tea-prices', headline: 'Tea prices climb after dry spell' });
  });
  it('takes the headline from the XHTML body’s title when contentMeta has none', () => {
    const xml = fixture('newsml-xinhua.xml').replace(/<headline>.*<\/headline>/, '');
    expect(readArticle(xml).headline).toBe('New rail link');
  });
  it('takes the headline from itemMeta/title and a basic-format date', () => {
    expect(readArticle(fixture('newsml-title-inline-text.xml'))).toMatchObject({ headline: 'Chip exports hit record in August', publishedAt: '2026-08-22T05:10:00.000Z', urgency: 3 });
  });
  it('reads NewsML 1.x with embedded NITF', () => {
    const p = readArticle(fixture('newsml1-embedded-nitf.xml'));
    expect(p).toMatchObject({ format: 'newsml', headline: 'Etna eruption closes Catania airport', byline: 'Marco Bellini', urgency: 3, credit: 'ANSA', publishedAt: '2026-01-14T05:10:00.000Z' });
    expect(p.text.startsWith('(ANSA) - CATANIA, JAN 14 - Catania airport')).toBe(true);
  });
  it('mends a stray ampersand and an unclosed <br> in NITF', () => {
    const p = readArticle(fixture('nitf-stray-ampersand.xml'));
    expect(p.headline).toBe('Phone carriers R&D pact wins approval');
    expect(p.text).toContain('joint R&D venture that will share');
    expect(p.text).toContain('in after-hours trading & analysts');
  });
  it('reads a windows-1252 file by its declaration: £, curly quotes, é and €', () => {
    const text = readArticle(decodeContent(readFileSync(path.join(FILES, 'nitf-windows-1252.xml')))).text;
    expect(text).toContain('raise £1.2 billion');
    expect(text).toContain('“fair and overdue”');
    expect(text).toContain('café co-operatives');
    expect(text).toContain('€200 million');
    expect(text).not.toContain('\ufffd');
  });
});

describe('dates in their spec forms', () => {
  it.each([
    ['20261130T101500+0000', '2026-11-30T10:15:00.000Z'],
    ['20261130T1015-0500', '2026-11-30T15:15:00.000Z'],
    ['Mon, 30 Nov 2026 10:15:00 EST', '2026-11-30T15:15:00.000Z'],
    ['Mon, 30 Nov 2026 10:15:00 CEST', '2026-11-30T08:15:00.000Z'],
    ['Mon, 30 Nov 2026 10:15:00 IST', '2026-11-30T04:45:00.000Z'],
    ['Mon, 30 Nov 2026 10:15:00 +05:30', '2026-11-30T04:45:00.000Z'],
    ['Mon, 30 Nov 2026 10:15:00', '2026-11-30T10:15:00.000Z'],
    ['30 Nov 2026 10:15 GMT', '2026-11-30T10:15:00.000Z'],
    ['2026-11-30 10:15:00', '2026-11-30T10:15:00.000Z'],
    ['2026-11-30T10:15:00 +0000', '2026-11-30T10:15:00.000Z'],
    ['2026-11-30T10:15:00+05', '2026-11-30T05:15:00.000Z'],
    ['1796033700', '2026-11-30T10:15:00.000Z'],
  ])('%s', (value, iso) => expect(isoDateTime(value)).toBe(iso));
});
