import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { storyDocumentSchema } from '../../../src/article/story.ts';
import { InvalidArticleError, UnreadableArticleError } from '../../../src/errors.ts';
import { DOCUMENT_LIMITS, enrich, isKillNotice, noticeStory, prepare, withdrawnStory } from '../../../src/pipeline.ts';
import { externalVersionOf } from '../../../src/elastic/document.ts';

const SEED = readFileSync(new URL('../../../samples/000_482e6b3d5c193770.txt', import.meta.url), 'utf8');
const now = () => new Date('2026-01-02T03:04:05.000Z');

describe('enrich() on the seed story', () => {
  const doc = enrich({ content: SEED, source: 'seed.txt' }, { now });

  it('is a valid story document', () => {
    expect(storyDocumentSchema.parse(doc)).toEqual(doc);
  });

  it('normalises the ANI dateline', () => {
    expect(doc.dateline).toMatchObject({ raw: 'Moscow [Russia], August 26 (ANI):', city: 'Moscow', region: 'Russia', country: 'RU', date: '2021-08-26', agency: 'ANI' });
    expect(doc.agency).toBe('ANI');
  });

  it('starts the body right after the dateline', () => {
    expect(doc.body.startsWith('Russian President Vladimir Putin on Tuesday said')).toBe(true);
    expect(doc.body.endsWith('back in the 1990s. (ANI)')).toBe(true);
  });

  it('records where and when it came from', () => {
    expect(doc.source).toEqual({ format: 'text', name: 'seed.txt', receivedAt: '2026-01-02T03:04:05.000Z' });
    expect(doc.ingestedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(doc.wordCount).toBeGreaterThan(250);
  });

  it('gives the same story the same id, whenever and from wherever it arrives', () => {
    const later = enrich({ content: `${SEED}\n\n`, source: 'other.txt', receivedAt: '2027-05-05T00:00:00Z' });
    expect(later.id).toBe(doc.id);
    expect(later.contentHash).toBe(doc.contentHash);
    expect(doc.id).toMatch(/^wd-[0-9a-f]{32}$/);
  });

  it('knows the id at the door, before extraction', () => {
    expect(prepare({ content: SEED }).id).toBe(doc.id);
  });
});

describe('enrich() on bad input', () => {
  it('names the field that is wrong', () => {
    expect(() => enrich({ content: '' })).toThrow(new InvalidArticleError('content: is empty'));
    expect(() => enrich({ content: 'x', receivedAt: 'yesterday' })).toThrow(/^receivedAt: receivedAt must be an ISO date-time/);
    expect(() => enrich({ content: 'x', format: 'telex' as never })).toThrow(/^format: /);
    expect(() => enrich({} as never)).toThrow(/^content: content must be a string/);
  });

  it('refuses binary content as unreadable', () => {
    expect(() => enrich({ content: 'PK\u0003\u0004\u0000\u0000' })).toThrow(UnreadableArticleError);
  });

  it('refuses a dateline followed only by invisible characters: no body', () => {
    expect(() => enrich({ content: 'LONDON, Aug 26 (Reuters) - \u200b\u200d ' })).toThrow(/dateline but no body/);
  });

  it('keeps a story with no dateline, body untouched', () => {
    const doc = enrich({ content: 'Markets were calm on Thursday.' });
    expect(doc.dateline).toBeNull();
    expect(doc.body).toBe('Markets were calm on Thursday.');
  });
});

describe('kill notices and bodyless items', () => {
  const kill = JSON.stringify({ uri: 'urn:example:k-1', version: '2', pubstatus: 'canceled', headline: 'KILL: Pier story' });
  const story = JSON.stringify({ uri: 'urn:example:k-1', version: '1', pubstatus: 'usable', headline: 'Pier closes', body_text: 'DOVER, May 2 (Reuters) - The pier closed on Friday.' });

  it('reads a kill notice with no body as a notice for the story with the same id', () => {
    const notice = prepare({ content: kill });
    expect(isKillNotice(notice)).toBe(true);
    expect(notice.id).toBe(prepare({ content: story }).id);
    expect(notice).toMatchObject({ body: '', bodyless: true });
  });

  it('withdraws the story as indexed, keeping its text; or stands in for it when it has not come yet', () => {
    const now = new Date('2024-05-02T12:00:00Z');
    const notice = noticeStory(prepare({ content: kill }), now);
    const indexed = enrich({ content: story });
    expect(withdrawnStory(notice, indexed, now)).toMatchObject({ id: indexed.id, body: indexed.body, headline: 'Pier closes', pubStatus: 'canceled', withdrawnAt: now.toISOString(), version: 2 });
    expect(withdrawnStory(notice, null, now)).toMatchObject({ headline: 'KILL: Pier story', pubStatus: 'canceled', withdrawnAt: now.toISOString() });
    // Written with a version no copy of the story itself can reach.
    expect(externalVersionOf(withdrawnStory(notice, null, now))).toBeGreaterThan(2 ** 40);
    expect(externalVersionOf(indexed)).toBe(1000 + indexed.pipelineRevision);
  });

  it('keeps a feed item with a headline and no inline body, flagged bodyless; refuses one with neither', () => {
    const rss = (item: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>${item}</channel></rss>`;
    const doc = enrich({ content: rss('<item><title>Port reopens after storm</title><link>https://example.com/a</link></item>') });
    expect(doc).toMatchObject({ headline: 'Port reopens after storm', body: '', bodyless: true, quotes: [], entities: [] });
    expect(() => enrich({ content: rss('<item><link>https://example.com/b</link></item>') })).toThrow(/nor a <title>/);
  });
});

describe('a story too rich for one document', () => {
  it('keeps the first quotes up to the limit and says so, rather than be refused by Elasticsearch', () => {
    const quotes = Array.from({ length: DOCUMENT_LIMITS.quotes + 300 }, (_, i) => `"Point number ${i} stands," she said.`).join(' ');
    const doc = enrich({ content: `PARIS, March 3 (AFP) - Minister Anne Roux spoke. ${quotes}` });
    expect(doc.quotes).toHaveLength(DOCUMENT_LIMITS.quotes);
    expect(doc.quotes[0]!.text).toContain('Point number 0');
    expect(doc).toMatchObject({ extraction: 'partial', extractionNote: `too much for one document: kept the first ${DOCUMENT_LIMITS.quotes} of ${DOCUMENT_LIMITS.quotes + 300} quotes` });
  });
});

describe("an agency's sign-off line", () => {
  const story = 'OSLO, March 2 - Ferry operator Nordsjo Lines said on Monday it would add two routes.\n'
    + '    "Demand has never been higher," chief executive Ingrid Vold said.\n Reuter\n';
  const doc = enrich({ content: story }, { now });

  it('is the credit, stays in the body, and is no entity', () => {
    expect(doc.agency).toBe('Reuters');
    expect(doc.body.trimEnd().endsWith('Reuter')).toBe(true);
    expect(doc.entities.map((e) => e.name)).not.toContain('Reuter');
    expect(doc.quotes[0]!.speaker?.name).toBe('Ingrid Vold');
  });
});
