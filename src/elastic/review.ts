import type { Client, estypes } from '@elastic/elasticsearch';
import type { Quote, StoryDocument } from '../article/story.ts';
import { CorrectionError } from '../errors.ts';
import { applyCorrections, correctionFor, quoteHashOf, reviewItemsOf, type Correction, type ReviewItem } from '../review/corrections.ts';
import type { CorrectionStore } from './corrections.ts';
import { externalVersionOf, fromIndexDocument, toIndexDocument, type IndexedStory } from './document.ts';
import { storyNow } from './search.ts';
import { esStatusOf } from './errors.ts';

export interface ReviewList {
  /** Quotes below the threshold, across all live stories. */
  total: number;
  items: ReviewItem[];
}

/** The largest page `review list` and `/review` show. */
export const MAX_REVIEW_LIMIT = 100;

/**
 * Quotes waiting for an editor: those whose confidence is below `below`, in live stories, newest
 * stories first, in story order within a story. Corrected quotes have confidence 1 and drop out.
 */
export async function reviewList(client: Client, alias: string, opts: { below: number; limit: number }): Promise<ReviewList> {
  const limit = Math.max(0, Math.min(MAX_REVIEW_LIMIT, Math.floor(opts.limit)));
  const doubtful: estypes.QueryDslQueryContainer = { range: { 'quotes.confidence': { lt: opts.below } } };
  const r = await client.search<IndexedStory>({
    index: alias,
    size: limit,
    query: { bool: { filter: [{ nested: { path: 'quotes', query: doubtful } }], must_not: [{ term: { pubStatus: 'canceled' } }] } },
    sort: [{ publishedAt: { order: 'desc', missing: '_last' } }, { id: 'asc' }],
    aggs: { quotes: { nested: { path: 'quotes' }, aggs: { doubtful: { filter: doubtful } } } },
    track_total_hits: true,
  });
  const items: ReviewItem[] = [];
  for (const h of r.hits.hits) items.push(...reviewItemsOf(fromIndexDocument(h._source!), opts.below, limit - items.length));
  const total = (r.aggregations?.quotes as unknown as { doubtful?: { doc_count: number } } | undefined)?.doubtful?.doc_count ?? items.length;
  return { total, items };
}

export interface CorrectionOutcome {
  correction: Correction;
  /** The quote's position in the story now (where `quoteId` found it, if it had moved). */
  quoteIndex: number;
  /** The quote as the index holds it now. */
  quote: Quote;
  /** `indexed`, or `stale` when a newer copy of the story kept arriving (it carries the correction through the hook). */
  outcome: 'indexed' | 'stale';
}

const ATTEMPTS = 3;

/**
 * Sets (or clears) the speaker of one quote of a story: stores the correction, then writes the
 * story as indexed this moment with its corrections applied, under the same external version
 * (`external_gte`: it replaces exactly the copy it was read from, and loses to a newer version
 * that arrived meanwhile, which is then read and corrected again).
 */
export async function correctQuote(
  client: Client,
  alias: string,
  store: CorrectionStore,
  input: { storyId: string; quoteIndex: number; speaker: string | null; by: string; at?: Date; quoteId?: string },
): Promise<CorrectionOutcome> {
  const doc = await storyNow(client, alias, input.storyId);
  if (!doc) throw new CorrectionError(`no story ${input.storyId} in ${alias}`, 404);
  // The quote the editor saw (`quoteId` from the list or the page) wins over a position that a
  // re-enrichment since may have moved.
  const seen = input.quoteId?.startsWith(`${doc.id}:`) ? input.quoteId.slice(doc.id.length + 1) : null;
  if (seen && quoteHashOf(doc.quotes[input.quoteIndex]?.text ?? '') !== seen) {
    const moved = doc.quotes.findIndex((q) => quoteHashOf(q.text) === seen);
    if (moved < 0) throw new CorrectionError(`the quote ${input.quoteId} is no longer in story ${input.storyId} (it was enriched again since); list the quotes again`, 400);
    input = { ...input, quoteIndex: moved };
  }
  const quote = doc.quotes[input.quoteIndex];
  if (!Number.isInteger(input.quoteIndex) || !quote) {
    throw new CorrectionError(`story ${input.storyId} has no quote ${input.quoteIndex} (it has ${doc.quotes.length}: 0 to ${doc.quotes.length - 1}); see \`wiredesk review list\``, 400);
  }
  if (input.speaker !== null && !input.speaker.trim()) throw new CorrectionError('the speaker is empty: give a name, or no speaker', 400);
  const hash = quoteHashOf(quote.text);
  const stored = await store.forStory(doc.id);
  const correction = correctionFor(doc, input.quoteIndex, { speaker: input.speaker, by: input.by, at: input.at ?? new Date() }, stored.find((c) => c.quoteHash === hash));
  await store.put(correction);
  const all = [...stored.filter((c) => c.key !== correction.key), correction];

  let current: StoryDocument | null = doc;
  for (let attempt = 1; current; attempt++) {
    const corrected = applyCorrections(current, all);
    try {
      await client.index({
        index: alias,
        id: corrected.id,
        document: toIndexDocument(corrected),
        version: externalVersionOf(corrected),
        version_type: 'external_gte',
        require_alias: true,
        refresh: 'wait_for',
      });
      return { correction, quoteIndex: input.quoteIndex, quote: corrected.quotes.find((q) => quoteHashOf(q.text) === hash) ?? corrected.quotes[input.quoteIndex]!, outcome: 'indexed' };
    } catch (err) {
      if (esStatusOf(err) !== 409) throw err;
      if (attempt >= ATTEMPTS) break;
    }
    current = await storyNow(client, alias, input.storyId);
  }
  return { correction, quoteIndex: input.quoteIndex, quote: applyCorrections(doc, all).quotes[input.quoteIndex]!, outcome: 'stale' };
}
