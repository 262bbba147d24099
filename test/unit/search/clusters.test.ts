import { describe, expect, it } from 'vitest';
import { searchParamsSchema, storySearchBody } from '../../../src/elastic/query.ts';

const params = (input: Record<string, unknown>) => searchParamsSchema.parse(input);
const ID = 'wd-0123456789abcdef0123456789abcdef';

describe('searching by story cluster', () => {
  it('collapses on the cluster id, counting the members that match and the clusters', () => {
    const body = storySearchBody(params({ q: 'strike', collapse: 'true' }), { english: false });
    expect(body.collapse).toEqual({ field: 'cluster.id', inner_hits: { name: 'copies', size: 0 } });
    expect(body.aggs).toEqual({ clusters: { cardinality: { field: 'cluster.id' } } });
  });

  it('does not collapse unless asked', () => {
    const body = storySearchBody(params({ q: 'strike' }), { english: false });
    expect(body.collapse).toBeUndefined();
    expect(body.aggs).toBeUndefined();
  });

  it('filters one cluster by its id', () => {
    const body = storySearchBody(params({ cluster: ID }), { english: false });
    expect((body.query as { bool: { filter: unknown[] } }).bool.filter).toContainEqual({ term: { 'cluster.id': ID } });
  });

  it('refuses a cluster id that is not a story id, and paging a collapsed search', () => {
    expect(searchParamsSchema.safeParse({ cluster: 'nope' }).error?.issues[0]?.path).toEqual(['cluster']);
    expect(searchParamsSchema.safeParse({ collapse: true, after: 'abc' }).error?.issues[0]?.path).toEqual(['after']);
  });
});
