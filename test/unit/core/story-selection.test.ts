import { describe, expect, it } from 'vitest';
import { selectionQuery } from '../../../src/elastic/story-selection.ts';
import { InvalidSearchError } from '../../../src/errors.ts';

describe('the stories reprocess selects', () => {
  const filters = (q: ReturnType<typeof selectionQuery>) => JSON.stringify(q.bool.filter);

  it('leaves withdrawn stories out and takes revisions below the bound, or none recorded', () => {
    const q = selectionQuery({ olderThan: 3 }, false);
    expect(filters(q)).toContain('"must_not":[{"term":{"pubStatus":"canceled"}}]');
    expect(filters(q)).toContain('{"range":{"pipelineRevision":{"lt":3}}}');
    expect(filters(q)).toContain('{"exists":{"field":"pipelineRevision"}}');
    expect(q.bool.must).toBeUndefined();
  });

  it('takes any revision when no bound is given, and words and days as search does', () => {
    const q = selectionQuery({ query: 'tugboat', from: '2024-03-01', to: '2024-03-31' }, false);
    expect(filters(q)).not.toContain('pipelineRevision');
    expect(filters(q)).toContain('"publishedAt":{"gte":"2024-03-01"');
    expect(JSON.stringify(q.bool.must)).toContain('"query":"tugboat"');
  });

  it('names a bad day', () => {
    expect(() => selectionQuery({ from: 'March 1' }, false)).toThrow(InvalidSearchError);
    expect(() => selectionQuery({ from: 'March 1' }, false)).toThrow(/^from: must be a date/);
  });
});
