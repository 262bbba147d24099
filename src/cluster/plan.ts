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

/** A whole cluster joining another: every member labelled `from` is to be labelled `to`. */
export interface Move {
  from: string;
  to: string;
}

/** What a follow-up batch read: its stories, their near-enough candidates, the originals of the clusters they name. */
export interface BatchView {
  /** The batch's stories as searchable now (those gone or without a signature left out). */
  stories: ClusterMember[];
  /** Each batch story's candidates (its one terms query), by story id; a story is compared with its own only. */
  candidates: Map<string, ClusterMember[]>;
  /** The stories whose ids are cluster ids named above, as read (a missing one is simply absent). */
  originals: ClusterMember[];
}

/** The work a batch's read implies: members whose role alone is wrong, and clusters that join another. */
export interface BatchPlan {
  relabels: Relabel[];
  moves: Move[];
  /**
   * The batch stories whose group this plan changes, the only ones the next round reads again:
   * a story whose group was settled as read has nothing of this batch's to verify (a concurrent
   * batch that changes it reads its own writes back).
   */
  recheck: string[];
}

/**
 * Plans a follow-up batch with one union-find: batch stories are joined to their near-enough
 * candidates, and every member read is joined to the cluster it names. Each component's
 * cluster is its earliest member read (`earlierFirst`), so the plan is a function of the view
 * alone. A member labelled with another cluster is not relabelled one by one: its whole
 * cluster moves (`from` → the component's), which for a story that just arrived alone is that
 * story only — a late copy writes only itself; an earlier story arriving late moves the
 * cluster it is now the original of.
 */
export function planBatch(view: BatchView, threshold = SIMILARITY_THRESHOLD): BatchPlan {
  const known = new Map<string, ClusterMember>();
  for (const m of [...view.originals, ...[...view.candidates.values()].flat(), ...view.stories]) known.set(m.id, m);
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    for (let y = x; y !== root; ) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    if (!parent.has(root)) parent.set(root, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const m of known.values()) union(m.id, m.cluster.id);
  for (const s of view.stories) for (const c of nearDuplicatesOf(s, view.candidates.get(s.id) ?? [], threshold)) union(s.id, c.id);

  const first = new Map<string, ClusterMember>();
  for (const m of known.values()) {
    const root = find(m.id);
    const best = first.get(root);
    if (!best || earlierFirst(m, best) < 0) first.set(root, m);
  }
  const relabels: Relabel[] = [];
  const moves = new Map<string, Move>();
  for (const m of [...known.values()].sort(earlierFirst)) {
    const target = first.get(find(m.id))!.id;
    const want = movedLabel(m.id, target);
    if (sameCluster(m.cluster, want)) continue;
    if (m.cluster.id === target) relabels.push({ id: m.id, cluster: want });
    else if (!moves.has(m.cluster.id)) moves.set(m.cluster.id, { from: m.cluster.id, to: target });
  }
  const changed = new Set([...relabels.map((r) => find(r.id)), ...[...moves.keys()].map(find)]);
  const recheck = view.stories.filter((s) => changed.has(find(s.id))).map((s) => s.id).sort();
  return { relabels, moves: [...moves.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)), recheck };
}

/** A member of cluster `move.from` relabelled by the move: the target's original is itself, every other member a copy. */
export function movedLabel(id: string, to: string): StoryCluster {
  return { id: to, role: id === to ? 'original' : 'copy' };
}

export const sameCluster = (a: StoryCluster, b: StoryCluster) => a.id === b.id && a.role === b.role;
