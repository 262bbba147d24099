import { describe, expect, it } from 'vitest';
import { headlineMarks, keywordVersion, killAdvisory } from '../../../src/formats/advisory.ts';
import { ANPA_URGENCY } from '../../../src/formats/anpa.ts';
import { splitFramedStream, trailerDay, trailerInstant } from '../../../src/formats/framing.ts';
import { detectFormat, readArticle } from '../../../src/formats/read.ts';
import { rawItemsOf } from '../../../src/ingest/raw-items.ts';
import { enrich, prepare, readStory } from '../../../src/pipeline.ts';

// Made-up copy in the shape the ANPA-1312 and IPTC 7901 specifications describe.
const SYN = '\u0016', SOH = '\u0001', STX = '\u0002', ETX = '\u0003', EOT = '\u0004', DC3 = '\u0013', DC1 = '\u0011', US = '\u001f';

const anpa = (opts: { number?: string; priority?: string; category?: string; keyword: string; heads: string[]; body: string[]; trailer?: string }) =>
  `${SYN}${SYN}${SOH}a${opts.number ?? '0412'}${US}HSW01\r\n${opts.priority ?? 'r'} ${opts.category ?? 'a'}${DC3}${DC1} ${opts.keyword}\r\n${STX}` +
  `^${opts.keyword}<\r\n${opts.heads.map((h) => `^${h}<\r\n`).join('')}${opts.body.map((p) => `\t${p}<\r\n`).join('')}` +
  `${ETX}${opts.trailer ?? 'AP-NY-11-30-26 1423EST'}<\r\n${EOT}`;

const STRIKE = anpa({
  priority: 'u',
  keyword: 'BC-Harbour-Strike,1st Ld-Writethru,0312',
  heads: ['Dock workers walk out, halting container traffic', 'By MARTA KOVAC=', 'Associated Press Writer='],
  body: ['PORTLAND, Maine (AP) _ Dock workers walked out on Monday over a pay dispute, halting\r\ncontainer traffic at the port.', 'The union said talks would resume on Wednesday.'],
});

const IPTC = `${SOH}HSW0233 2 POL 0180\r\nharbour-strike/\r\n${STX}Dock strike halts port\r\n` +
  'ROTTERDAM, Nov. 30 (Harbour Sports Wire) - Dock workers walked out on Monday.\r\n   The union said talks would resume.\r\n' +
  `The following information is not for publication\r\nDesk: call the night editor\r\n${ETX}\r\n301423 NOV 26\r\n${EOT}`;

const now = new Date('2026-11-30T20:00:00Z');

describe('ANPA-1312', () => {
  it('is detected by its SYN/SOH framing and a letter priority', () => expect(detectFormat(STRIKE)).toBe('anpa'));
  it('reads headline, byline, body paragraphs, priority as urgency, category, keyword, version and trailer day', () => {
    const p = readArticle(STRIKE);
    expect(p).toMatchObject({
      format: 'anpa', headline: 'Dock workers walk out, halting container traffic', byline: 'Marta Kovac', urgency: 3, category: 'a',
      slugline: 'BC-Harbour-Strike', storyKey: 'harbour-strike', version: 3, flags: ['LEAD 1'], dateHint: '2026-11-30', credit: 'AP',
      publishedAt: '2026-11-30T19:23:00.000Z',
      text: 'PORTLAND, Maine (AP) _ Dock workers walked out on Monday over a pay dispute, halting container traffic at the port.\n\nThe union said talks would resume on Wednesday.',
    });
  });
  it('carries the slug, category and marks into the story document', () => {
    expect(enrich({ content: STRIKE }, { now: () => now })).toMatchObject({ slugline: 'BC-Harbour-Strike', category: 'a', flags: ['LEAD 1'], urgency: 3, version: 3 });
  });
  it('maps the priority codes to IPTC urgency', () => {
    expect(ANPA_URGENCY).toEqual({ f: 1, b: 2, u: 3, r: 5, d: 6, a: 8, s: 8 });
    expect(readArticle(anpa({ priority: 'f', keyword: 'BC-Quake,0040', heads: ['Quake hits coast'], body: ['A strong quake shook the coast.'] })).urgency).toBe(1);
    expect(readArticle(anpa({ priority: 'x', keyword: 'BC-Quake,0040', heads: ['Quake hits coast'], body: ['A strong quake shook the coast.'] })).urgency).toBeNull();
  });
  it('gives every lead of a slug the same story id on a day, a higher version each, and an add its own id', () => {
    const first = prepare({ content: STRIKE.replace('1st Ld-Writethru,', '') }, now);
    const lead = prepare({ content: STRIKE }, now);
    const add = prepare({ content: STRIKE.replace('1st Ld-Writethru', '1st Add') }, now);
    expect(lead.id).toBe(first.id);
    expect([first.parsed.version, lead.parsed.version]).toEqual([1, 3]);
    expect(add.id).not.toBe(first.id);
    const tomorrow = prepare({ content: STRIKE.replace('11-30-26', '12-01-26') }, now);
    expect(tomorrow.id).not.toBe(first.id);
  });
  it('reads a kill in the keyword section as a kill notice for the slug', () => {
    const kill = prepare({ content: anpa({ priority: 'b', keyword: 'BC-Harbour-Strike,Kill,0060', heads: ['MANDATORY KILL'], body: ['The story is killed: it named the wrong port.'] }) }, now);
    expect(kill.parsed).toMatchObject({ pubStatus: 'canceled', flags: ['MANDATORY KILL'] });
    expect(kill.id).toBe(prepare({ content: STRIKE }, now).id);
  });
  it('refuses a header without service level and message number', () => {
    expect(() => readArticle(`${SOH}hello\r\n${STX}text${ETX}`, 'anpa')).toThrow(/service level and message number/);
  });
});

describe('IPTC 7901', () => {
  it('is detected by a digit priority after the source and number', () => expect(detectFormat(IPTC)).toBe('iptc7901'));
  it('reads the headline after STX, the keyword line, priority, category and stops at the note not for publication', () => {
    const p = readStory(IPTC);
    expect(p).toMatchObject({
      format: 'iptc7901', headline: 'Dock strike halts port', urgency: 2, category: 'POL', slugline: 'harbour-strike', storyKey: 'harbour-strike', dateHint: '2026-11-30',
      text: 'ROTTERDAM, Nov. 30 (Harbour Sports Wire) - Dock workers walked out on Monday.\n\nThe union said talks would resume.',
    });
  });
  it('keeps an unknown bracketed credit verbatim as the agency', () => {
    expect(prepare({ content: IPTC }, now).dateline).toMatchObject({ city: 'Rotterdam', agency: 'Harbour Sports Wire', date: '2026-11-30' });
  });
});

describe('a stream of several messages', () => {
  const stream = `${STRIKE}\r\n${SOH}a0413${US}HSW01\r\nr s BC-Regatta,0020\r\n\r\n${IPTC}`;
  it('is split at every SOH, a message without text reported by its index', () => {
    const parts = splitFramedStream(stream);
    expect(parts.map((p) => ('error' in p ? `error ${p.index}` : `ok ${p.index}`))).toEqual(['ok 1', 'error 2', 'ok 3']);
  });
  it('is refused as one raw article, saying how many messages it holds', () => {
    expect(() => readArticle(stream)).toThrow(/holds 3 ANPA-1312 messages/);
  });
  it('becomes a story a message at every door (extract, ingest, POST /articles), each named by its index', () => {
    const items = rawItemsOf({ content: stream });
    expect(items.map((i) => [i.item, 'error' in i])).toEqual([[0, false], [1, true], [2, false]]);
    expect(items.filter((i) => 'raw' in i).map((i) => readArticle((i as { raw: { content: string } }).raw.content).headline)).toHaveLength(2);
  });
  it('reads trailer dates in both styles', () => {
    expect([trailerDay('AP-NY-11-30-26 1423EST'), trailerDay('301423 NOV 26'), trailerDay('nothing')]).toEqual(['2026-11-30', '2026-11-30', null]);
    // An instant only where the zone is written.
    expect([trailerInstant('AP-NY-11-30-26 1423EST'), trailerInstant('301423Z NOV 26'), trailerInstant('301423 NOV 26')]).toEqual(['2026-11-30T19:23:00.000Z', '2026-11-30T14:23:00.000Z', null]);
  });
});

describe('plain-text advisories and version marks', () => {
  it('takes version marks off a headline, on one scale where a correction outranks what it corrects', () => {
    expect(headlineMarks('CORRECTED-Dock strike ends')).toEqual({ headline: 'Dock strike ends', version: 2, flags: ['CORRECTED'] });
    expect(headlineMarks('UPDATE 1-Dock strike ends')).toMatchObject({ version: 3, flags: ['UPDATE 1'] });
    expect(headlineMarks('REFILE-UPDATE 1-Dock strike ends')).toMatchObject({ version: 4, flags: ['REFILE', 'UPDATE 1'] });
    expect(headlineMarks('UPDATE 2: Dock strike ends')).toMatchObject({ version: 5, headline: 'Dock strike ends' });
    expect(headlineMarks('Update on the dock strike')).toBeNull();
    expect(keywordVersion('2nd Ld-Writethru')).toMatchObject({ version: 5 });
    expect(keywordVersion('Correction')).toMatchObject({ version: 2, flags: ['CORRECTED'] });
  });
  it('strips the mark from a plain-text headline and keeps it as a flag', () => {
    const p = readStory('CORRECTED-Dock strike halts port\n\nROTTERDAM, Nov 30 (Reuters) - Dock workers walked out.');
    expect(p).toMatchObject({ headline: 'Dock strike halts port', version: 2, flags: ['CORRECTED'] });
  });
  it('gives a plain-text refile with the same body the original’s id at a higher version; a corrected body is another story', () => {
    const body = '\n\nROTTERDAM, Nov 30 (Reuters) - Dock workers walked out on Monday.';
    const original = prepare({ content: `Dock strike halts port${body}` }, now);
    const refile = prepare({ content: `REFILE-Dock strike halts port${body}` }, now);
    expect([refile.id, refile.parsed.version, original.parsed.version ?? 1]).toEqual([original.id, 2, 1]);
    expect(prepare({ content: `CORRECTED-Dock strike halts port${body.replace('Monday', 'Sunday')}` }, now).id).not.toBe(original.id);
  });
  it('reads KILL, WITHDRAWN, ELIMINATE and MANDATORY KILL in capitals, not a headline that uses the word', () => {
    expect(killAdvisory('MANDATORY KILL\nThe story is killed.')?.kind).toBe('MANDATORY KILL');
    expect(killAdvisory('WITHDRAWN-Dock strike halts port\nThe story is withdrawn.')?.kind).toBe('WITHDRAWN');
    expect(killAdvisory('ELIMINATE\nEliminate the story.')?.kind).toBe('ELIMINATE');
    expect(killAdvisory('KILL KILL KILL\nThe story is killed.')?.kind).toBe('KILL');
    expect(killAdvisory('Kill switch saves driver\nA driver was saved.')).toBeNull();
    expect(killAdvisory('ELIMINATE POVERTY BY 2040, UN URGES\nThe United Nations said.')).toBeNull();
  });
  it('gives a kill naming a feed id the id of the story with that id (the kill path of ninjs and NewsML)', () => {
    const story = prepare({ content: JSON.stringify({ uri: 'urn:example:ninjs:pier-9', headline: 'Pier closes', body_text: 'DOVER, May 2 (Reuters) - The pier closed.' }) }, now);
    const kill = prepare({ content: 'KILL\n\nThe story with story ID urn:example:ninjs:pier-9 is withdrawn. It named the wrong pier.' }, now);
    expect(kill.parsed.pubStatus).toBe('canceled');
    expect(kill.id).toBe(story.id);
  });
  it('gives a kill naming a slug the id of that slug’s story on the same day', () => {
    const kill = prepare({ content: 'MANDATORY KILL\n\nEditors: the story slugged BC-Harbour-Strike, moved at 1423 EST, is killed. It named the wrong port.' }, now);
    expect(kill.id).toBe(prepare({ content: STRIKE }, now).id);
  });
  it('gives plain copy with an ANPA keyword line the story key, so its lead matches the framed story', () => {
    const p = prepare({ content: 'BC-Harbour-Strike,2nd Ld-Writethru,0350\nDock strike spreads to second port\n\nPORTLAND, Maine (AP) — Dock workers at a second port joined the strike.' }, now);
    expect(p.parsed).toMatchObject({ slugline: 'BC-Harbour-Strike', version: 5, headline: 'Dock strike spreads to second port' });
    expect(p.id).toBe(prepare({ content: STRIKE }, now).id);
  });
  it('keeps a kill naming a story by headline only as a notice of its own (its id cannot be derived)', () => {
    const kill = prepare({ content: 'WITHDRAWN-Dock strike halts port\n\nThe story headlined "Dock strike halts port" is withdrawn.' }, now);
    expect(kill.parsed).toMatchObject({ pubStatus: 'canceled', sourceId: null, storyKey: null });
  });
});
