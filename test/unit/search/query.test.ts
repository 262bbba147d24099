import { describe, expect, it } from 'vitest';
import { filtersOf, histogramInterval, quoteSearchBody, searchParamsSchema, storySearchBody } from '../../../src/elastic/query.ts';
import { parseSearchParams } from '../../../src/elastic/search.ts';
import { InvalidSearchError } from '../../../src/errors.ts';

const params = (input: Record<string, unknown>) => searchParamsSchema.parse(input);

describe('search parameters', () => {
  it('default to ten hits by relevance, no facets', () => {
    expect(params({})).toEqual({ sort: 'relevance', size: 10, facets: false, collapse: false, includeWithdrawn: false });
  });

  it('take query-string text as HTTP sends it', () => {
    expect(params({ size: '25', facets: 'true', country: 'ru' })).toMatchObject({ size: 25, facets: true, country: 'RU' });
  });

  it('name the parameter and the problem', () => {
    const problem = (input: Record<string, unknown>) => {
      try {
        parseSearchParams(input);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidSearchError);
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(problem({ size: 'ten' })).toBe('size: must be a number');
    expect(problem({ from: '26/08/2021' })).toBe('from: must be a date such as 2021-08-26');
    expect(problem({ sort: 'random' })).toBe('sort: must be relevance or date');
    expect(problem({ country: 'Russia' })).toBe('country: must be an ISO 3166-1 alpha-2 code such as RU');
    expect(problem({ from: '2024-02-01', to: '2024-01-01' })).toBe('from: must not be after to');
    expect(problem({ speaker: '  ' })).toBe('speaker: must not be empty');
    expect(problem({ colour: 'red' })).toBe('colour: unknown parameter colour');
  });
});

describe('the query a search sends', () => {
  it('uses simple_query_string for users’ words, never query_string', () => {
    const body = JSON.stringify(storySearchBody(params({ q: 'Taliban OR (' }), { english: false }));
    expect(body).toContain('simple_query_string');
    expect(body).not.toContain('"query_string"');
  });

  it('adds english subfields only where the cluster has the analyzer', () => {
    expect(JSON.stringify(storySearchBody(params({ q: 'talks' }), { english: true }))).toContain('body.english');
    expect(JSON.stringify(storySearchBody(params({ q: 'talks' }), { english: false }))).not.toContain('english');
  });

  it('turns each filter into a filter clause, agencies by their canonical name', () => {
    const filters = filtersOf(params({ speaker: 'Putin', person: 'Ashraf Ghani', city: 'MOSCOW', country: 'ru', agency: 'Itar-Tass', lang: 'en', from: '2021-08-01', to: '2021-08-31' }));
    // Seven asked for, and the one leaving withdrawn stories out.
    expect(filters).toHaveLength(8);
    expect(JSON.stringify(filters)).toContain('"agency.lower":"tass"');
    expect(JSON.stringify(filters)).toContain('"dateline.city.lower":"moscow"');
    expect(JSON.stringify(filters)).toContain('"dateline.country":"RU"');
    expect(JSON.stringify(filters)).toContain('"lte":"2021-08-31||+1d/d"');
  });

  it('leaves withdrawn stories out unless asked for them', () => {
    const withdrawnOut = JSON.stringify({ bool: { must_not: [{ term: { pubStatus: 'canceled' } }] } });
    expect(filtersOf(params({})).map((f) => JSON.stringify(f))).toEqual([withdrawnOut]);
    expect(filtersOf(params({ includeWithdrawn: 'true' }))).toEqual([]);
  });

  it('sorts by date with the id as tie-breaker, so cursors never skip a story', () => {
    expect(storySearchBody(params({ sort: 'date' }), { english: false }).sort).toEqual([{ publishedAt: { order: 'desc', missing: '_last' } }, { id: { order: 'asc' } }]);
  });

  it('matches the speaker per quote in quote searches', () => {
    const body = quoteSearchBody(params({ speaker: 'Putin', q: 'Afghanistan', country: 'RU' }), { english: false, perStory: 5 });
    const text = JSON.stringify(body.query);
    expect(text).toContain('inner_hits');
    expect(text).toContain('quotes.speaker.name.lower');
    expect(text).toContain('"dateline.country":"RU"');
  });

  it('chooses a histogram interval that fits the range', () => {
    expect(histogramInterval('2024-01-01', '2024-01-02')).toBe('hour');
    expect(histogramInterval('2024-01-01', '2024-02-15')).toBe('day');
    expect(histogramInterval('2020-01-01', '2024-01-01')).toBe('month');
    expect(histogramInterval()).toBe('month');
  });
});
