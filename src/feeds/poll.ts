import type { Config } from '../config.ts';
import { ServiceUnavailableError, UnreadableArticleError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { enqueuePrepared } from '../queue/producer.ts';
import type { RedisConnection } from '../queue/connection.ts';
import type { StoryQueue } from '../queue/queue.ts';
import { decodeContent } from '../formats/charset.ts';
import { PIPELINE_VERSION } from '../version.ts';
import { readFeed, type FeedEntryReading } from './read-feed.ts';

export type FeedConfig = Config['feeds'][number];

export interface PollResult {
  feed: string;
  status: number;
  items: number;
  /** Items not seen before. */
  fresh: number;
  enqueued: number;
  duplicates: number;
  /** Items refused, each once: `index` its place in the feed at that poll, from 0. */
  rejected: { index: number; key: string; reason: string }[];
}

/** How long an item's key is remembered: longer than any feed keeps an item. */
const SEEN_DAYS = 30;
const MAX_FEED_BYTES = 20 * 1024 * 1024;

const keys = (prefix: string, feed: string) => ({ http: `${prefix}:feeds:${feed}:http`, seen: `${prefix}:feeds:${feed}:seen` });

export interface PollDeps {
  redis: RedisConnection;
  queue: StoryQueue;
  prefix: string;
  logger: Logger;
  timeoutMs?: number;
  /** Splits and prepares the feed's items (`readFeed`); `startFeeds` runs it on a thread. Default: here. */
  read?: (xml: string, source: string, now: Date) => Promise<FeedEntryReading[]>;
}

/**
 * Polls one feed: a conditional GET (If-None-Match / If-Modified-Since from the last answer),
 * then each item not seen before is enqueued as a raw article with format `rss`. Items are
 * remembered by guid/id/link in a Redis sorted set once enqueued, found duplicate or refused,
 * so each is enqueued once and an odd item is reported (logged, and in the result with its
 * index and reason) once while the others go on; the story id (job id) dedups again behind that.
 */
export async function pollFeed(feed: FeedConfig, deps: PollDeps): Promise<PollResult> {
  const k = keys(deps.prefix, feed.name);
  const cached = await deps.redis.hgetall(k.http);
  const headers: Record<string, string> = { 'user-agent': `wiredesk/${PIPELINE_VERSION}`, accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5' };
  if (cached.etag) headers['if-none-match'] = cached.etag;
  if (cached.lastModified) headers['if-modified-since'] = cached.lastModified;
  let response: Response;
  try {
    response = await fetch(feed.url, { headers, signal: AbortSignal.timeout(deps.timeoutMs ?? 30_000), redirect: 'follow' });
  } catch (err) {
    throw new ServiceUnavailableError(`feed ${feed.name}: ${feed.url} did not answer (${(err as Error).cause ? String((err as { cause: Error }).cause.message ?? (err as Error).cause) : (err as Error).message})`);
  }
  const result: PollResult = { feed: feed.name, status: response.status, items: 0, fresh: 0, enqueued: 0, duplicates: 0, rejected: [] };
  if (response.status === 304) {
    await response.body?.cancel();
    return result;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ServiceUnavailableError(`feed ${feed.name}: ${feed.url} answered ${response.status} ${response.statusText}`);
  }
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_FEED_BYTES) {
    await response.body?.cancel();
    throw new UnreadableArticleError(`feed ${feed.name}: ${length} bytes, over the ${MAX_FEED_BYTES} byte limit`);
  }
  const xml = await boundedText(response, MAX_FEED_BYTES, feed.name);
  const entries = deps.read ? await deps.read(xml, feed.name, new Date()) : readFeed(xml, feed.name, new Date());
  result.items = entries.length;

  // An item is remembered by its key whatever became of it, so an odd one is reported once, not at every poll.
  const seen = entries.length ? await deps.redis.zmscore(k.seen, ...entries.map((e) => e.key)) : [];
  const now = Date.now();
  const remember: (string | number)[] = [];
  const refuse = (index: number, key: string, reason: string) => {
    result.rejected.push({ index, key, reason });
    deps.logger.warn({ feed: feed.name, item: index, key, reason }, 'feed item refused');
  };
  for (const [i, entry] of entries.entries()) {
    if (seen[i] !== null) continue;
    result.fresh += 1;
    const { key } = entry;
    remember.push(now, key);
    if ('refused' in entry) {
      refuse(entry.index, key, entry.refused);
      continue;
    }
    const outcome = await enqueuePrepared(deps.queue, entry.prepared);
    if (outcome.status === 'enqueued') result.enqueued += 1;
    else result.duplicates += 1;
  }
  const pipeline = deps.redis.multi();
  if (remember.length) pipeline.zadd(k.seen, ...remember);
  pipeline.zremrangebyscore(k.seen, '-inf', now - SEEN_DAYS * 86_400_000);
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  pipeline.del(k.http);
  if (etag || lastModified) pipeline.hset(k.http, { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) });
  await pipeline.exec();
  return result;
}

/**
 * The body as text, read chunk by chunk and abandoned past `limit` bytes (a chunked or lying
 * response), decoded by BOM, Content-Type charset, XML declaration (`decodeContent`).
 */
async function boundedText(response: Response, limit: number, name: string): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (bytes > limit) {
      await response.body.cancel().catch(() => undefined);
      throw new UnreadableArticleError(`feed ${name}: over the ${limit} byte limit`);
    }
    chunks.push(chunk);
  }
  return decodeContent(Buffer.concat(chunks), response.headers.get('content-type'));
}
