import { z } from 'zod';

/**
 * The story document: the one contract shared by `wiredesk extract`, the Elasticsearch
 * mapping and search results. Offsets are UTF-16 indexes into `body`, end exclusive.
 */

export const FORMATS = ['text', 'ninjs', 'nitf', 'newsml', 'rss', 'anpa', 'iptc7901'] as const;
export const formatSchema = z.enum(FORMATS);
export type Format = z.infer<typeof formatSchema>;

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

export const geoPointSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type GeoPoint = z.infer<typeof geoPointSchema>;

export const datelineSchema = z.object({
  raw: z.string(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  country: z.string().length(2).nullable(),
  location: geoPointSchema.nullable(),
  date: isoDate.nullable(),
  agency: z.string().nullable(),
});
export type Dateline = z.infer<typeof datelineSchema>;

export const spanSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});

export const speakerSchema = z.object({
  name: z.string().min(1),
  title: z.string().nullable(),
  type: z.enum(['person', 'organization']),
});
export type Speaker = z.infer<typeof speakerSchema>;

export const quoteSchema = spanSchema.extend({
  text: z.string(),
  speaker: speakerSchema.nullable(),
  verb: z.string().nullable(),
  via: z.string().nullable(),
  partial: z.boolean(),
  confidence: z.number().min(0).max(1),
  /** How the speaker was found: a rule's name, or `editor` when a person corrected it (src/review/). */
  how: z.string(),
  /** The ranker's best candidate speakers (at most 3, calibrated scores, best first; [] when none). */
  candidates: z.array(z.object({ name: z.string(), type: z.enum(['person', 'organization']), score: z.number().min(0).max(1) })),
  /** Who corrected the speaker and when; present only on quotes an editor corrected. */
  correctedBy: z.string().optional(),
  correctedAt: isoDateTime.optional(),
});
export type Quote = z.infer<typeof quoteSchema>;

export const ENTITY_TYPES = ['person', 'organization', 'location'] as const;
export const entityTypeSchema = z.enum(ENTITY_TYPES);
export type EntityType = z.infer<typeof entityTypeSchema>;

export const mentionSchema = spanSchema.extend({ text: z.string() });
export type Mention = z.infer<typeof mentionSchema>;

export const entitySchema = z.object({
  name: z.string().min(1),
  type: entityTypeSchema,
  count: z.number().int().positive(),
  mentions: z.array(mentionSchema),
  /** ISO 3166-1 alpha-2 and coordinates, for locations the gazetteer resolves. */
  country: z.string().length(2).nullable().optional(),
  location: geoPointSchema.nullable().optional(),
  /**
   * People only: true when the story names the person by one word alone (`Biden` in `the Biden
   * administration`, `Mr. Smith`), never in full, so `name` is a surname the reader must place.
   */
  surnameOnly: z.boolean().optional(),
});
export type Entity = z.infer<typeof entitySchema>;

export const PUB_STATUSES = ['usable', 'canceled', 'withheld'] as const;

/**
 * The story's cluster of near-duplicates (syndicated copies, re-sends, updates): `id` is the id
 * of its earliest-published member, the `original`; every other member is a `copy`.
 */
export const storyClusterSchema = z.object({
  id: z.string().min(1),
  role: z.enum(['original', 'copy']),
});
export type StoryCluster = z.infer<typeof storyClusterSchema>;

/** The body's MinHash over word 5-grams (src/cluster/minhash.ts): its signature and LSH band keys. */
export const minHashSchema = z.object({
  signature: z.string(),
  bands: z.array(z.string()),
});

export const storyDocumentSchema = z.object({
  id: z.string().min(1),
  contentHash: z.string().min(1),
  source: z.object({
    format: formatSchema,
    name: z.string().nullable(),
    receivedAt: isoDateTime,
  }),
  agency: z.string().nullable(),
  headline: z.string().nullable(),
  byline: z.string().nullable(),
  /** The feed's keyword or slug (`BC-Harbour-Strike`, ninjs/NewsML `slugline`, NITF `du-key`). */
  slugline: z.string().nullable(),
  /** The wire's category code (ANPA-1312, IPTC 7901: `a`, `s`, `POL`). */
  category: z.string().nullable(),
  /** Version and advisory marks taken off the headline or keyword (`CORRECTED`, `UPDATE 2`, `KILL`). */
  flags: z.array(z.string()),
  language: z.string().min(2),
  publishedAt: isoDateTime.nullable(),
  version: z.number().int().positive(),
  urgency: z.number().int().min(1).max(9).nullable(),
  pubStatus: z.enum(PUB_STATUSES),
  embargoedUntil: isoDateTime.nullable(),
  /**
   * When a kill or withdrawal notice for this story was processed: the story stays in the index,
   * hidden from search unless asked for (`pubStatus` is then `canceled`).
   */
  withdrawnAt: isoDateTime.nullable(),
  /** The feed gave no inline body (NewsML-G2 remote content, an RSS item with only a title and link). */
  bodyless: z.boolean(),
  dateline: datelineSchema.nullable(),
  body: z.string(),
  quotes: z.array(quoteSchema),
  entities: z.array(entitySchema),
  wordCount: z.number().int().nonnegative(),
  /**
   * `partial` when extraction ran past the story's time budget: headline, dateline, body and
   * metadata are there, quotes and entities are not; `extractionNote` says why.
   */
  extraction: z.enum(['full', 'partial']),
  extractionNote: z.string().nullable(),
  ingestedAt: isoDateTime,
  pipelineVersion: z.string(),
  /** The enrichment's revision (`src/version.ts`): what `reprocess --older-than` compares. */
  pipelineRevision: z.number().int().nonnegative(),
  /** Set to the story itself by the pipeline; the indexer's cluster step joins it to its near-duplicates. */
  cluster: storyClusterSchema,
  /** Null when the body is too short for one shingle (or extraction did not run): never clustered. */
  minhash: minHashSchema.nullable(),
});
export type StoryDocument = z.infer<typeof storyDocumentSchema>;
