import { describe, expect, it } from 'vitest';
import { searchParamsSchema, quoteSearchBody } from '../../../src/elastic/query.ts';
import { titleQuery, uniqueQuoteParamsSchema, uniqueQuotesBody } from '../../../src/elastic/quotation-query.ts';
import { parseUniqueQuoteParams } from '../../../src/elastic/quotation-search.ts';
import { InvalidSearchError } from '../../../src/errors.ts';

describe('unique quote requests', () => {
  it('rank by stories carrying the quotation, then first seen; --sort date by first seen', () => {
    const byCount = uniqueQuotesBody(uniqueQuoteParamsSchema.parse({}), 0);
    expect((byCount.aggs!.quotations!.terms as { order: unknown }).order).toEqual([{ stories: 'desc' }, { first: 'asc' }, { _key: 'asc' }]);
    const byDate = uniqueQuotesBody(uniqueQuoteParamsSchema.parse({ sort: 'date', size: 5 }), 20);
    expect(byDate.aggs!.quotations!.terms).toMatchObject({ size: 25, order: [{ first: 'asc' }, { _key: 'asc' }] });
  });

  it('refuse story-only filters and name them', () => {
    expect(() => parseUniqueQuoteParams({ city: 'Paris' })).toThrow(InvalidSearchError);
    expect(() => parseUniqueQuoteParams({ sort: 'relevance' })).toThrow(/sort: must be occurrences or date/);
  });
});

describe('--speaker-title', () => {
  it('matches the title as a phrase and leaves out former holders unless asked', () => {
    const q = titleQuery('quotes.speaker.title', 'Secretary of State') as { bool: { must: unknown[]; must_not: { match: Record<string, string> }[] } };
    expect(q.bool.must).toEqual([{ match_phrase: { 'quotes.speaker.title': 'Secretary of State' } }]);
    expect(q.bool.must_not.map((m) => m.match['quotes.speaker.title'])).toContain('former');
    const former = titleQuery('quotes.speaker.title', 'former Secretary of State') as { bool: { must_not: { match: Record<string, string> }[] } };
    expect(former.bool.must_not.map((m) => m.match['quotes.speaker.title'])).not.toContain('former');
  });

  it('filters quotes inside the nested quote query of a quote search', () => {
    const body = quoteSearchBody(searchParamsSchema.parse({ speakerTitle: 'Prime Minister' }), { english: false, perStory: 5 });
    expect(JSON.stringify(body.query)).toContain('"match_phrase":{"quotes.speaker.title":"Prime Minister"}');
  });
});
