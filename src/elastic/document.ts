import type { StoryDocument } from '../article/story.ts';
import { REVISIONS_PER_VERSION } from '../version.ts';

/** Flat keyword arrays derived from a story for cheap aggregations (facets). */
export interface StoryFacets {
  people: string[];
  organizations: string[];
  locations: string[];
  speakers: string[];
}

/** What is stored in Elasticsearch: the story document plus its derived facets. */
export type IndexedStory = StoryDocument & { facets: StoryFacets };

const unique = (xs: string[]) => [...new Set(xs)];

/**
 * Versions at or above this are kills: a withdrawn story's document is written with this plus its
 * own version, so no version of the story itself, arriving before or after, can replace it.
 */
export const WITHDRAWN_VERSION_BASE = 2 ** 40;

/**
 * The external version a document is written with (indexer, migration): the story's version,
 * then the enrichment revision that made it (story version × 1000 + revision), so a later
 * story version always wins, and for one story version a re-enrichment replaces an older
 * revision's document but never a newer one's. A withdrawn story adds the withdrawn base.
 */
export function externalVersionOf(doc: Pick<StoryDocument, 'version' | 'withdrawnAt'> & Partial<Pick<StoryDocument, 'pipelineRevision'>>): number {
  const derived = doc.version * REVISIONS_PER_VERSION + (doc.pipelineRevision ?? 0);
  return doc.withdrawnAt ? WITHDRAWN_VERSION_BASE + derived : derived;
}

export function facetsOf(doc: StoryDocument): StoryFacets {
  const named = (type: string) => unique(doc.entities.filter((e) => e.type === type).map((e) => e.name));
  return {
    people: named('person'),
    organizations: named('organization'),
    locations: named('location'),
    speakers: unique(doc.quotes.flatMap((q) => (q.speaker ? [q.speaker.name] : []))),
  };
}

export function toIndexDocument(doc: StoryDocument): IndexedStory {
  return { ...doc, facets: facetsOf(doc) };
}

/** The story document back from a stored source: derived fields dropped. */
export function fromIndexDocument(source: IndexedStory | StoryDocument): StoryDocument {
  const { facets: _facets, ...doc } = source as IndexedStory;
  // Documents indexed under template version 3 or older have no slugline, category or flags;
  // those from before version 5 no pipeline revision (they read as revision 0, older than any),
  // no cluster (each its own original), no MinHash, and no person carries `surnameOnly` (a
  // one-word name is one), and quotes have no ranker candidates.
  const entities = doc.entities.map((e) => (e.type === 'person' && e.surnameOnly === undefined ? { ...e, surnameOnly: !/\s/.test(e.name) } : e));
  return {
    ...doc,
    slugline: doc.slugline ?? null,
    category: doc.category ?? null,
    flags: doc.flags ?? [],
    pipelineRevision: doc.pipelineRevision ?? 0,
    cluster: doc.cluster ?? { id: doc.id, role: 'original' },
    minhash: doc.minhash ?? null,
    entities,
    quotes: doc.quotes.map((q) => ({ ...q, candidates: q.candidates ?? [] })),
  };
}
