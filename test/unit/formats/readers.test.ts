import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UnreadableArticleError } from '../../../src/errors.ts';
import { readFeed } from '../../../src/formats/feed.ts';
import { htmlToText } from '../../../src/formats/html.ts';
import { detectFormat, readArticle } from '../../../src/formats/read.ts';
import { readStory } from '../../../src/pipeline.ts';
import { splitArticleDateline } from '../../../src/normalize/dateline.ts';

const FILES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/formats/files');
const fixture = (name: string) => readFileSync(path.join(FILES, name), 'utf8');

describe('detectFormat', () => {
  it.each([
    ['ninjs1-reuters.json', 'ninjs'],
    ['nitf-ap.xml', 'nitf'],
    ['newsml-xinhua.xml', 'newsml'],
    ['newsml-message-embargo.xml', 'newsml'],
    ['rss-feed.xml', 'rss'],
    ['atom-feed.xml', 'rss'],
  ])('%s is %s', (file, format) => expect(detectFormat(fixture(file))).toBe(format));
  it('takes anything else for plain text', () => expect(detectFormat('date 2021-08-26 Moscow [Russia], August 26 (ANI): x')).toBe('text'));
});

describe('plain text', () => {
  it('reads the seed style with a date lead', () => {
    const p = readArticle('date 2021-08-26 Moscow [Russia], August 26 (ANI): Putin spoke.');
    expect(p).toMatchObject({ format: 'text', dateHint: '2021-08-26', text: 'Moscow [Russia], August 26 (ANI): Putin spoke.' });
  });
  it('takes a headline line and a byline line out of the text', () => {
    const p = readStory('Ferry service resumes\nBy Jane Roe and JOHN DOE\nWELLINGTON, Aug 26 (Reuters) - Boats run again.\n\nMore.');
    expect(p).toMatchObject({ headline: 'Ferry service resumes', byline: 'Jane Roe, John Doe' });
    expect(p.text.startsWith('WELLINGTON, Aug 26')).toBe(true);
  });
  it('takes a headline line when a dateline follows it', () => {
    const p = readStory('UPDATE 2-Ferry service resumes\n\nWELLINGTON, Aug 26 (Reuters) - Boats run again.');
    expect(p).toMatchObject({ headline: 'Ferry service resumes', version: 5, flags: ['UPDATE 2'] });
  });
  it('keeps a first paragraph that is not a headline', () => {
    const p = readArticle('Boats run again from Monday, the operator said.\n\nThe service carries commuters.');
    expect(p.headline).toBeNull();
    expect(p.text.startsWith('Boats run again')).toBe(true);
  });
  it('reads a Reuter sign-off as the credit', () => {
    expect(readArticle('WASHINGTON, March 2 - Rates rose.\n Reuter\n').credit).toBe('Reuters');
  });
});

describe('ninjs', () => {
  it('reads 1.x fields', () => {
    const p = readArticle(fixture('ninjs1-reuters.json'));
    expect(p).toMatchObject({
      format: 'ninjs', sourceId: 'urn:example:ninjs:harbour-ferry-2021', headline: 'Harbour ferry service to resume after repairs',
      byline: 'Maria Lindqvist, Tom Okafor', credit: 'Reuters', language: 'en', publishedAt: '2021-08-26T09:15:00.000Z',
      version: 2, urgency: 3, pubStatus: 'usable', embargoedUntil: '2021-08-26T12:00:00.000Z', datelineText: 'Wellington', slugline: 'PORTS-FERRY',
    });
    expect(p.text.split('\n\n')).toHaveLength(3);
  });
  it('reads 2.x headlines, by, infosources and an HTML body', () => {
    const p = readArticle(fixture('ninjs2-afp.json'), 'ninjs');
    expect(p).toMatchObject({ headline: 'Late frost threatens French vineyards', byline: 'Claire Dubois', credit: 'AFP', language: 'en-GB', publishedAt: '2022-04-08T04:40:00.000Z' });
    expect(p.text).toContain('"One cold night can take a year’s work," said a grower near Saint-Émilion.');
    expect(p.text).not.toContain('track()');
  });
  it('reads a canceled status', () => expect(readArticle(fixture('ninjs-canceled.json')).pubStatus).toBe('canceled'));
});

describe('NITF', () => {
  it('reads hedline, byline without its title, doc-id, urgency, dates, version and body paragraphs', () => {
    const p = readArticle(fixture('nitf-ap.xml'));
    expect(p).toMatchObject({
      format: 'nitf', sourceId: 'example-nitf-orchard-0042', headline: 'Orchard town counts storm damage', byline: 'Sam Holloway',
      credit: 'The Associated Press', urgency: 2, version: 3, publishedAt: '2021-11-03T14:15:00.000Z', language: 'en-US',
    });
    expect(p.text).toBe(
      'WENATCHEE, Wash. (AP) — Apple growers in the valley began counting broken trees on Wednesday after winds of up to 70 mph swept through overnight.\n\nAbout 4,000 homes were still without power, the utility said.',
    );
  });
  it('keeps a metadata dateline for the pipeline and reads the release date as the embargo', () => {
    const p = readArticle(fixture('nitf-dateline-meta.xml'));
    expect(p).toMatchObject({ datelineText: 'NEW DELHI, Feb 15', embargoedUntil: '2022-02-15T10:00:00.000Z', credit: 'PTI' });
    const { dateline, bodyStart } = splitArticleDateline(p, { referenceDate: p.publishedAt });
    expect(dateline).toMatchObject({ city: 'New Delhi', country: 'IN', date: '2022-02-15', agency: 'PTI' });
    expect(bodyStart).toBe(0);
  });
});

describe('NewsML-G2', () => {
  it('reads itemMeta, contentMeta and an inline XHTML body', () => {
    const p = readArticle(fixture('newsml-xinhua.xml'));
    expect(p).toMatchObject({
      format: 'newsml', sourceId: 'urn:example:newsml:rail-link-19', version: 4, headline: 'New rail link cuts travel time to coastal city',
      byline: 'Li Wei', credit: 'Xinhua', urgency: 3, language: 'en', datelineText: 'BEIJING, Sept. 19', publishedAt: '2022-09-19T03:20:00.000Z',
    });
    expect(p.text).toContain('\n\nThe line has eight stations & runs 180 trains a day.');
    expect(p.text).not.toContain('New rail link\n');
  });
  it('finds the item in a newsMessage, with embargo, withheld status and inline text', () => {
    const p = readArticle(fixture('newsml-message-embargo.xml'));
    expect(p).toMatchObject({ credit: 'dpa', pubStatus: 'withheld', embargoedUntil: '2023-05-10T08:00:00.000Z', language: 'de' });
    expect(p.text.startsWith('Berlin (dpa) - Germany')).toBe(true);
  });
});

describe('RSS and Atom', () => {
  it('reads every RSS item; readArticle gives the first', () => {
    const items = readFeed(fixture('rss-feed.xml'));
    expect(items.map((i) => i.sourceId)).toEqual(['example-rss-0001', 'example-rss-0002']);
    expect(readArticle(fixture('rss-feed.xml'))).toMatchObject({ headline: 'City council approves new bike lanes', byline: 'Ana Souza', publishedAt: '2023-03-14T16:05:00.000Z' });
    expect(items[0]!.text).toBe('PORTLAND, Ore. (AP) — The city council voted 4-1 on Tuesday to add 12 miles of protected bike lanes.\n\nWork starts in June.');
  });
  it('reads an Atom entry with XHTML content', () => {
    const p = readArticle(fixture('atom-feed.xml'));
    expect(p).toMatchObject({ sourceId: 'urn:example:atom:entry-55', byline: 'Ken Ito', publishedAt: '2024-02-01T11:30:00.000Z' });
    expect(p.text).toBe('SAPPORO, Feb. 1 (Kyodo) -- Heavy snow closed a mountain pass on Thursday, stranding about 300 vehicles.\n\nCrews worked through the night.');
  });
});

describe('HTML to text', () => {
  it('makes paragraphs, decodes entities, drops tags and scripts', () => {
    expect(htmlToText('<div><p>One &amp; <b>two</b></p><p>Three&nbsp;&mdash;   four<br>five</p><script>x()</script></div>')).toBe('One & two\n\nThree — four\nfive');
  });
});

describe('bad input', () => {
  const unreadable = (content: string, format: Parameters<typeof readArticle>[1] = 'auto') => {
    try {
      readArticle(content, format);
    } catch (err) {
      expect(err).toBeInstanceOf(UnreadableArticleError);
      return (err as Error).message;
    }
    throw new Error('no error');
  };
  it('names the line and column of broken XML', () => {
    expect(unreadable('<nitf>\n<body></nitf>')).toMatch(/line 2, column \d+/);
    expect(unreadable('<nitf><body>')).toMatch(/never closed: <nitf>, <body>/);
  });
  it('refuses XML of another kind, HTML pages, broken JSON and JSON that is not ninjs', () => {
    expect(unreadable('<catalog><book/></catalog>')).toMatch(/root element <catalog>/);
    expect(unreadable('<!DOCTYPE html><html><body>x</body></html>')).toMatch(/HTML page/);
    expect(unreadable('{"uri": ')).toMatch(/ninjs: malformed JSON/);
    expect(unreadable('{"x": 1}')).toMatch(/not a ninjs item/);
  });
  it('refuses an explicit format that does not fit', () => {
    expect(unreadable(fixture('rss-feed.xml'), 'nitf')).toMatch(/root element is <rss>/);
    expect(unreadable('plain words', 'ninjs')).toMatch(/malformed JSON/);
  });
  it('refuses empty and binary content, and items with neither a body nor a headline', () => {
    expect(unreadable('   ')).toMatch(/empty/);
    expect(unreadable('ab\u0000cd')).toMatch(/NUL/);
    expect(unreadable('{"uri": "x", "version": "1"}')).toMatch(/no body .* and no headline/);
    // A headline alone is a bodyless story, and a kill notice needs no body.
    expect(readArticle('{"uri": "x", "headline": "h"}')).toMatchObject({ text: '', headline: 'h' });
    expect(readArticle('{"uri": "x", "pubstatus": "canceled"}')).toMatchObject({ text: '', pubStatus: 'canceled' });
    expect(unreadable('<nitf><head/><body><body.head/></body></nitf>')).toMatch(/body.content/);
  });
  it('reads a 1 MB story in well under a second', () => {
    const big = `date 2021-08-26 WASHINGTON (AP) — ${'Lawmakers met again. '.repeat(50_000)}`;
    readArticle('Warm-up headline\nPARIS (AFP) - The gazetteer loads once.');
    const t = performance.now();
    expect(readArticle(big).text.length).toBeGreaterThan(1_000_000);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('language', () => {
  it('keeps the feed’s tag and detects it from the text otherwise', () => {
    expect(readArticle(fixture('ninjs2-afp.json')).language).toBe('en-GB');
    expect(readArticle('MADRID, 26 ago (EFE).- El Gobierno aprobó este martes un nuevo plan de ayudas para los agricultores afectados por la sequía del verano.').language).toBe('es');
    expect(readArticle('WASHINGTON (AP) — Senators agreed on Tuesday to a plan that would fund road and bridge repairs across the country.').language).toBe('en');
  });
  it('says und when the text is too short to tell', () => expect(readArticle('PARIS (AFP) - Oui.').language).toBe('und'));
  it('says und for a table of figures, in any language', () => {
    const table = 'TOLEDO, Ohio, March 3 - Shr 41 cts vs 38 cts Net 4,120,000 vs 3,870,500 Revs 61.2 mln vs 57.9 mln Nine mths Shr 1.22 dlrs vs 1.09 dlrs Net 12.3 mln vs 10.9 mln';
    const tabla = 'MADRID, 3 mar - Beneficio neto 412,5 mln euros frente a 387,1 mln; ventas 6.120 mln frente a 5.790 mln; margen 14,2 pct frente a 13,8 pct';
    expect(readArticle(table).language).toBe('und');
    expect(readArticle(tabla).language).toBe('und');
  });
});

describe('a story given as an HTML fragment', () => {
  it('is read as plain text once its markup is read: paragraphs kept, entities decoded', () => {
    const html = '<p>LONDON, Dec 3 (Reuters) - Britain&rsquo;s economy grew in the third quarter.</p>\n<div><p>&ldquo;A welcome sign,&rdquo; said minister Ann Reed.</p></div>';
    expect(detectFormat(html)).toBe('text');
    expect(readArticle(html).text).toBe('LONDON, Dec 3 (Reuters) - Britain’s economy grew in the third quarter.\n\n“A welcome sign,” said minister Ann Reed.');
  });

  it('is told from a whole page, which is still refused', () => {
    expect(() => readArticle('<html><body><nav>Home</nav><p>Text</p></body></html>')).toThrow(/HTML page/);
  });
});
