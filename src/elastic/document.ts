import type { StoryDocument } from '../article/story.ts';

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

/** The external version a document is written with (indexer, migration). */
export function externalVersionOf(doc: Pick<StoryDocument, 'version' | 'withdrawnAt'>): number {
  return doc.withdrawnAt ? WITHDRAWN_VERSION_BASE + doc.version : doc.version;
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
  // under version 4 or older, quotes have no ranker candidates.
  return {
    ...doc, slugline: doc.slugline ?? null, category: doc.category ?? null, flags: doc.flags ?? [],
    quotes: doc.quotes.map((q) => ({ ...q, candidates: q.candidates ?? [] })),
  };
}
