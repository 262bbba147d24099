import { rawArticleSchema } from '../article/raw.ts';
import { inOrder, itemsOf } from '../formats/items.ts';

/** One story of a raw article: the article itself (`item` null), or one item of the container its content holds. */
export type RawItem = { item: number | null; key: string | null; raw: unknown } | { item: number; key: string; error: string };

/**
 * A raw article whose content holds several stories (a feed, a newsMessage, a ninjs array)
 * becomes one raw article per item, in order, with the article's other fields; an item the
 * split could not take out is an error in its place. Any other raw article, valid or not, is
 * passed on as it is, so `prepare` refuses a bad one once, with its own reason.
 */
export function rawItemsOf(raw: unknown): RawItem[] {
  const valid = rawArticleSchema.safeParse(raw);
  if (!valid.success) return [{ item: null, key: null, raw }];
  const split = itemsOf(valid.data.content, valid.data.format);
  if (!split.container) return [{ item: null, key: null, raw }];
  return inOrder(split).map((entry) =>
    'reason' in entry
      ? { item: entry.index, key: entry.key, error: entry.reason }
      : { item: entry.index, key: entry.key, raw: { ...(raw as object), content: entry.content, format: entry.format } },
  );
}
