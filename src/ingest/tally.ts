import { enqueueArticle } from '../queue/producer.ts';
import type { StoryQueue } from '../queue/queue.ts';
import type { SourceItem } from './sources.ts';

/** What a batch of articles came to: the summary `ingest` prints and drop folders record. */
export interface IngestTally {
  enqueued: number;
  duplicates: number;
  /** `item`: the index of a feed's (or multi-item file's) item. */
  rejected: { where: string; reason: string; item?: number }[];
}

export const emptyTally = (): IngestTally => ({ enqueued: 0, duplicates: 0, rejected: [] });

/** Enqueues one article read from a source (or records why it could not be read) in the tally. */
export async function enqueueItem(queue: StoryQueue, item: SourceItem, tally: IngestTally): Promise<void> {
  const at = item.item === undefined ? {} : { item: item.item };
  if ('error' in item) {
    tally.rejected.push({ where: item.where, reason: item.error, ...at });
    return;
  }
  const outcome = await enqueueArticle(queue, item.raw);
  if (outcome.status === 'enqueued') tally.enqueued += 1;
  else if (outcome.status === 'duplicate') tally.duplicates += 1;
  else tally.rejected.push({ where: item.where, reason: outcome.reason, ...at });
}
