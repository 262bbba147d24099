import type { StoryCluster } from '../article/story.ts';
import { decodeSignature, similarityOf } from './minhash.ts';

/**
 * Which cluster each story belongs to, as a pure function of what the index shows. A cluster is
 * a connected group of stories linked by near-duplicate pairs; its id is the id of its
 * earliest-published member (publishedAt, then id; stories without a date sort last), which is
 * its `original`, every other member a `copy`. Whoever indexes a story recomputes this for the
 * story's group, so the answer depends only on the members, never on who came first.
 */

/** Estimated Jaccard similarity (word 5-gram shingles) at or above which two stories are one story. */
export const SIMILARITY_THRESHOLD = 0.25;

/** What the assigner reads of a story in the index. */
export interface ClusterMember {
  id: string;
  publishedAt: string | null;
  cluster: StoryCluster;
  signature: string | null;
}

/** Earlier first: publishedAt (undated last), then id. */
export function earlierFirst(a: Pick<ClusterMember, 'id' | 'publishedAt'>, b: Pick<ClusterMember, 'id' | 'publishedAt'>): number {
  if (a.publishedAt !== b.publishedAt) {
    if (a.publishedAt === null) return 1;
    if (b.publishedAt === null) return -1;
    const d = Date.parse(a.publishedAt) - Date.parse(b.publishedAt);
    if (d !== 0) return d;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The candidates (stories sharing a band key) near enough to `story` to be the same story. */
export function nearDuplicatesOf(story: ClusterMember, candidates: ClusterMember[], threshold = SIMILARITY_THRESHOLD): ClusterMember[] {
  if (!story.signature) return [];
  const sig = decodeSignature(story.signature);
  return candidates.filter((c) => c.id !== story.id && c.signature !== null && similarityOf(sig, decodeSignature(c.signature)) >= threshold);
}

/** A member whose stored cluster is not the one it should have, and the one it should have. */
export interface Relabel {
  id: string;
  cluster: StoryCluster;
}

/** The cluster of a group of members: the earliest one's id; `original` for it, `copy` for the rest. */
export function relabelsOf(group: ClusterMember[]): Relabel[] {
  if (!group.length) return [];
  const first = group.reduce((a, b) => (earlierFirst(a, b) <= 0 ? a : b));
  const out: Relabel[] = [];
  for (const m of group) {
    const want: StoryCluster = { id: first.id, role: m.id === first.id ? 'original' : 'copy' };
    if (m.cluster.id !== want.id || m.cluster.role !== want.role) out.push({ id: m.id, cluster: want });
  }
  return out;
}
