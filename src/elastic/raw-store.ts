import { promisify } from 'node:util';
import { gunzip, gunzipSync, gzip, gzipSync } from 'node:zlib';
import type { Client, estypes } from '@elastic/elasticsearch';
import { z } from 'zod';
import { FORMATS, type StoryDocument } from '../article/story.ts';
import type { StoryJobData } from '../queue/queue.ts';
import type { CompanionOperation } from './bulk-indexer.ts';
import { externalVersionOf } from './document.ts';
import { createIndexIfMissing } from './errors.ts';

/**
 * The raw store: every story's raw article as received (content, format, source,
 * receivedAt), kept where a worker can read it back to enrich the story again. One record per
 * story in `<alias>-raw`, an index that keeps `_source` only (its mapping indexes nothing:
 * it is read by id, never searched), the content gzipped and base64-encoded.
 *
 * A record is written in the same `_bulk` request as its story document, as a companion
 * operation of the bulk indexer, with the same external version: the story's job completes
 * only when both items succeeded, so a story indexed always has its raw, and a repeat or an
 * older version of the story is refused by both alike.
 */

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Up to this size a story is compressed on the calling thread (a fraction of a millisecond for
 * a typical story, about one at the bound); larger ones on libuv's thread pool. Each async call
 * sets up its own zlib stream: 3,000 small stories at once took 6 s that way against 0.7 s
 * one after another (bench/raw-store.ts), so the async path is kept for what would hold the
 * event loop.
 */
const SYNC_BYTES = 64 * 1024;
const compress = async (bytes: Buffer) => (bytes.length <= SYNC_BYTES ? gzipSync(bytes) : gzipAsync(bytes));
const decompress = async (bytes: Buffer) => (bytes.length <= SYNC_BYTES / 4 ? gunzipSync(bytes) : gunzipAsync(bytes));

/** The alias raw records are written and read through (bulk writes require an alias). */
export const rawAliasOf = (alias: string) => `${alias}-raw`;
/** The concrete index behind it; its mapping never changes with the story template. */
export const rawIndexOf = (alias: string) => `${alias}-raw-v1`;

/**
 * A kill notice's raw record goes beside the story's, under its own id: the story's raw stays
 * what the story was enriched from (a kill arriving before the story must not take its place,
 * nor a story arriving after its kill).
 */
export const rawIdOf = (doc: Pick<StoryDocument, 'id' | 'withdrawnAt'>) => (doc.withdrawnAt ? `${doc.id}-kill` : doc.id);

const rawRecordSchema = z.object({
  storyId: z.string(),
  encoding: z.literal('gzip+base64'),
  content: z.string(),
  format: z.enum(['auto', ...FORMATS]),
  source: z.string().nullable(),
  receivedAt: z.string(),
  storyVersion: z.number().int(),
  storedAt: z.string(),
});
/** What `<alias>-raw` holds for one story. */
export type RawRecord = z.infer<typeof rawRecordSchema>;

/** The raw index: one shard, nothing indexed (`enabled: false` at the root keeps `_source` only). */
const RAW_INDEX_BODY = {
  settings: { number_of_shards: 1, auto_expand_replicas: '0-1' },
  mappings: { enabled: false },
} satisfies Omit<estypes.IndicesCreateRequest, 'index'>;

/** Creates the raw index and its alias where missing (idempotent; `setup` and every worker start). */
export async function ensureRawIndex(client: Client, alias: string): Promise<void> {
  const name = rawAliasOf(alias);
  if (await client.indices.existsAlias({ name })) return;
  await createIndexIfMissing(client, { index: rawIndexOf(alias), ...RAW_INDEX_BODY, aliases: { [name]: { is_write_index: true } } });
}

/** The record for a raw article. */
export async function rawRecordOf(doc: Pick<StoryDocument, 'id' | 'version'>, raw: StoryJobData, now = new Date()): Promise<RawRecord> {
  const content = (await compress(Buffer.from(raw.content, 'utf8'))).toString('base64');
  return {
    storyId: doc.id,
    encoding: 'gzip+base64',
    content,
    format: raw.format ?? 'auto',
    source: raw.source ?? null,
    receivedAt: raw.receivedAt,
    storyVersion: doc.version,
    storedAt: now.toISOString(),
  };
}

/** The bulk operation that stores a story's raw article beside its document, versioned alike. */
export async function rawCompanion(alias: string, doc: StoryDocument, raw: StoryJobData): Promise<CompanionOperation> {
  return {
    action: { index: { _index: rawAliasOf(alias), _id: rawIdOf(doc), version: externalVersionOf(doc), version_type: 'external_gte' } },
    document: await rawRecordOf(doc, raw),
  };
}

/** A stored record back as the raw article it was made from (what a story job carries). */
export async function rawArticleOf(record: RawRecord): Promise<StoryJobData> {
  const content = (await decompress(Buffer.from(record.content, 'base64'))).toString('utf8');
  return { content, format: record.format, receivedAt: record.receivedAt, ...(record.source !== null ? { source: record.source } : {}) };
}

/** A story's raw article as kept (read in real time), or null when none is. */
export async function readRawArticle(client: Client, alias: string, storyId: string): Promise<StoryJobData | null> {
  const response = await client.get<RawRecord>({ index: rawAliasOf(alias), id: storyId }, { ignore: [404] });
  if (!response.found || !response._source) return null;
  return rawArticleOf(rawRecordSchema.parse(response._source));
}

/** Raw articles of many stories in one round trip: a map from story id to article (missing ids absent). */
export async function readRawArticles(client: Client, alias: string, storyIds: string[]): Promise<Map<string, StoryJobData>> {
  const out = new Map<string, StoryJobData>();
  if (!storyIds.length) return out;
  const response = await client.mget<RawRecord>({ index: rawAliasOf(alias), ids: storyIds });
  for (const d of response.docs) {
    if ('found' in d && d.found && d._source) out.set(d._id, await rawArticleOf(rawRecordSchema.parse(d._source)));
  }
  return out;
}

/** Deletes the raw index (tests, benchmarks; `dropIndex`). */
export async function dropRawIndex(client: Client, alias: string): Promise<void> {
  await client.indices.delete({ index: rawIndexOf(alias) }, { ignore: [404] });
}
