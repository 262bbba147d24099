import type { Client, estypes } from '@elastic/elasticsearch';
import { filtersOf, fullTextQuery } from './query.ts';
import { parseSearchParams } from './search.ts';
import { hasEnglishAnalyzer } from './template.ts';

/**
 * Which indexed stories `wiredesk reprocess` (and anything else that walks the archive) takes:
 * the search filters users know (words, publication days), withdrawn stories left out (their
 * document stays as withdrawn for good), and an upper bound on the enrichment revision.
 */
export interface StorySelection {
  /** Words, as `search` takes them (simple_query_string). */
  query?: string;
  /** Publication days, inclusive (`2021-08-26`). */
  from?: string;
  to?: string;
  /** Only stories enriched by a revision below this one; undefined: any revision. */
  olderThan?: number;
}

/** The query for a selection (pure). Documents with no revision read as revision 0. */
export function selectionQuery(selection: StorySelection, english: boolean): { bool: estypes.QueryDslBoolQuery } {
  const params = parseSearchParams({
    ...(selection.query ? { q: selection.query } : {}),
    ...(selection.from ? { from: selection.from } : {}),
    ...(selection.to ? { to: selection.to } : {}),
  });
  const filter = filtersOf(params);
  if (selection.olderThan !== undefined) {
    filter.push({ bool: { should: [{ range: { pipelineRevision: { lt: selection.olderThan } } }, { bool: { must_not: [{ exists: { field: 'pipelineRevision' } }] } }], minimum_should_match: 1 } });
  }
  return { bool: { filter, ...(params.q ? { must: [fullTextQuery(params.q, english)] } : {}) } };
}

/** How many stories a selection holds (exact). */
export async function countSelection(client: Client, alias: string, selection: StorySelection): Promise<number> {
  const { count } = await client.count({ index: alias, query: selectionQuery(selection, await hasEnglishAnalyzer(client)) });
  return count;
}

/**
 * The ids of a selection's stories, a page at a time: a point in time over the alias and
 * `search_after` on `_shard_doc`, ids only (no `_source`), so memory stays one page whatever
 * the archive's size, and stories indexed meanwhile neither repeat nor shift the pages.
 */
export async function* selectionPages(client: Client, alias: string, selection: StorySelection, pageSize = 1000): AsyncGenerator<string[]> {
  const query = selectionQuery(selection, await hasEnglishAnalyzer(client));
  const pit = await client.openPointInTime({ index: alias, keep_alive: '2m' });
  let pitId = pit.id;
  try {
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await client.search({
        pit: { id: pitId, keep_alive: '2m' },
        size: pageSize,
        query,
        _source: false,
        sort: ['_shard_doc'],
        track_total_hits: false,
        ...(after ? { search_after: after } : {}),
      });
      if (page.pit_id) pitId = page.pit_id;
      const hits = page.hits.hits;
      if (!hits.length) return;
      yield hits.map((h) => h._id!);
      after = hits[hits.length - 1]!.sort;
    }
  } finally {
    await client.closePointInTime({ id: pitId }).catch(() => undefined);
  }
}
