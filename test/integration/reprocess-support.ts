import type { Client } from '@elastic/elasticsearch';
import type { StoryDocument } from '../../src/article/story.ts';
import { BulkIndexer } from '../../src/elastic/bulk-indexer.ts';
import { fromIndexDocument, type IndexedStory } from '../../src/elastic/document.ts';
import { rawCompanion } from '../../src/elastic/raw-store.ts';
import { enrich } from '../../src/pipeline.ts';
import type { StoryJobData } from '../../src/queue/queue.ts';

const PORTS = ['Portland', 'Halifax', 'Hamburg', 'Rotterdam', 'Valparaiso', 'Durban', 'Fremantle', 'Gdansk'];

/** A short harbour story in wire style, different for every `n` (so its story id is too); every tenth mentions a tugboat. */
export function harbourStory(n: number, paragraphs = 2): StoryJobData {
  const port = PORTS[n % PORTS.length]!;
  const extra = Array.from({ length: paragraphs }, (_, i) => `Berth ${n}-${i} handled ${(n * 37 + i * 11) % 900} containers last week, the port's figures showed, and crews said the cranes had run without a stop since the spring.`).join('\n\n');
  return {
    content: `${port.toUpperCase()}, March 12 (Wire) - Dock workers at berth ${n} in ${port} returned to work on Tuesday after a two-day stoppage over night-shift rosters, the port authority said.\n\n"We expect the queue of ships to clear by the weekend," harbour master Ellen Park told reporters${n % 10 === 0 ? ' from the deck of a tugboat' : ''}.\n\n${extra}`,
    format: 'text',
    receivedAt: '2024-03-12T09:00:00Z',
    source: `harbour-${n}`,
  };
}

/** The document the pipeline makes of a raw article, stamped as an older pipeline's (revision 0). */
export function stampedOld(raw: StoryJobData): StoryDocument {
  return { ...enrich(raw, { now: () => new Date('2024-03-12T09:00:05Z') }), pipelineVersion: '0.0.1', pipelineRevision: 0 };
}

/** Indexes documents with their raw articles in the same `_bulk` requests, as a worker does. */
export async function indexWithRaw(client: Client, alias: string, items: { doc: StoryDocument; raw: StoryJobData }[]): Promise<void> {
  const writer = new BulkIndexer({ client, alias, maxDocs: 250, maxBytes: 20_000_000, flushMs: 10 });
  const outcomes = await Promise.all(items.map(async ({ doc, raw }) => writer.index(doc, [await rawCompanion(alias, doc, raw)])));
  await writer.close();
  if (outcomes.some((o) => o !== 'created' && o !== 'updated')) throw new Error(`not every story was indexed: ${outcomes.join(', ')}`);
}

/** Every story document under the alias (withdrawn ones too), after a refresh. */
export async function allStories(client: Client, alias: string): Promise<StoryDocument[]> {
  await client.indices.refresh({ index: alias });
  const r = await client.search<IndexedStory>({ index: alias, size: 5000, query: { match_all: {} } });
  return r.hits.hits.map((h) => fromIndexDocument(h._source!));
}
