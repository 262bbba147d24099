import { feedItemsOf, inOrder } from '../formats/items.ts';
import { enqueueableOf, prepare, type Enqueueable } from '../pipeline.ts';

/** One item of a polled feed, read: ready to enqueue, or refused with the reason. */
export type FeedEntryReading = { index: number; key: string } & ({ prepared: Enqueueable } | { refused: string });

/**
 * A polled feed's items, in order, each split out and prepared (validated, read, normalised) as
 * a raw article of format `rss` from `source`: the CPU part of a poll, a pure function of the
 * XML so that it runs on a thread. Malformed XML, or a root that is no feed, throws an
 * `UnreadableArticleError` (the poll fails); an odd item is refused on its own.
 */
export function readFeed(xml: string, source: string, now: Date): FeedEntryReading[] {
  return inOrder(feedItemsOf(xml)).map((entry) => {
    const { index, key } = entry;
    if ('reason' in entry) return { index, key, refused: entry.reason };
    try {
      return { index, key, prepared: enqueueableOf(prepare({ content: entry.content, format: 'rss', source }, now)) };
    } catch (err) {
      return { index, key, refused: (err as Error).message };
    }
  });
}
