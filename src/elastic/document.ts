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
  return doc;
}
