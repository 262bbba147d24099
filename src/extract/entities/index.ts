import type { Dateline, Entity } from '../../article/story.ts';

export interface EntityContext {
  dateline: Dateline | null;
}

/** People, organisations and places named in the body, one entry per real-world thing. */
export function extractEntities(_body: string, _ctx: EntityContext): Entity[] {
  return [];
}
