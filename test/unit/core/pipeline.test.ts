import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { storyDocumentSchema } from '../../../src/article/story.ts';
import { InvalidArticleError, UnreadableArticleError } from '../../../src/errors.ts';
import { enrich, prepare } from '../../../src/pipeline.ts';

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
