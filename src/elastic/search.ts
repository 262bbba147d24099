import type { Client, estypes } from '@elastic/elasticsearch';
import type { StoryDocument } from '../article/story.ts';

export interface SearchParams {
  /** Words in simple_query_string syntax (`+`, `|`, `-`, quotes); empty matches everything. */
  query?: string;
  size?: number;
  from?: number;
}

export interface StoryHit {
  story: StoryDocument;
  score: number | null;
  highlight: Record<string, string[]>;
}

export interface SearchResult {
  total: number;
  hits: StoryHit[];
}

const TEXT_FIELDS = ['headline^3', 'body', 'dateline.city.text^2'];

/**
 * Full-text search over the alias. Users' words go through `simple_query_string`, which never
 * fails on syntax, never through `query_string`.
 */
export async function searchStories(client: Client, alias: string, params: SearchParams): Promise<SearchResult> {
  const words = params.query?.trim();
  const query: estypes.QueryDslQueryContainer = words
    ? { simple_query_string: { query: words, fields: TEXT_FIELDS, default_operator: 'and' } }
    : { match_all: {} };
  const response = await client.search<StoryDocument>({
    index: alias,
    query,
    size: params.size ?? 10,
    from: params.from ?? 0,
    track_total_hits: true,
    sort: words ? ['_score', { publishedAt: { order: 'desc', missing: '_last' } }] : [{ publishedAt: { order: 'desc', missing: '_last' } }],
    highlight: {
      fields: { body: { fragment_size: 180, number_of_fragments: 1 }, headline: { number_of_fragments: 0 } },
      pre_tags: ['<em>'],
      post_tags: ['</em>'],
    },
  });
  const total = response.hits.total;
  return {
    total: typeof total === 'number' ? total : (total?.value ?? 0),
    hits: response.hits.hits.map((h) => ({ story: h._source!, score: h._score ?? null, highlight: (h.highlight ?? {}) as Record<string, string[]> })),
  };
}
