import type { Client, estypes } from '@elastic/elasticsearch';
import type { StoryDocument } from '../article/story.ts';
import { earlierFirst, nearDuplicatesOf, relabelsOf, SIMILARITY_THRESHOLD, type ClusterMember, type Relabel } from '../cluster/plan.ts';
import type { Logger } from '../logger.ts';
import type { BulkIndexer } from './bulk-indexer.ts';
import { fromIndexDocument, type IndexedStory } from './document.ts';
import { RefreshBarrier } from './refresh-barrier.ts';

export interface ClusterAssignerOptions {
  client: Client;
  alias: string;
  /** Re-labelled members are written through the same indexer (external versioning, batched). */
  indexer: Pick<BulkIndexer, 'index'>;
  logger?: Logger;
  threshold?: number;
  /** Read, re-label, read again: at most this many rounds (each after a refresh). */
  rounds?: number;
  /** How many candidates and members one story's group may bring in. */
  maxGroup?: number;
  barrier?: RefreshBarrier;
}

export interface ClusterOutcome {
  cluster: StoryDocument['cluster'];
  /** Members written with a new cluster (the story itself included). */
  relabelled: number;
  /** Rounds until the group read back as settled. */
  rounds: number;
}

const MEMBER_FIELDS = ['id', 'publishedAt', 'cluster', 'minhash.signature'];

interface MemberSource {
  id: string;
  publishedAt: string | null;
  cluster?: StoryDocument['cluster'];
  minhash?: { signature?: string } | null;
}

const memberOf = (s: MemberSource): ClusterMember => ({
  id: s.id,
  publishedAt: s.publishedAt ?? null,
  cluster: s.cluster ?? { id: s.id, role: 'original' },
  signature: s.minhash?.signature ?? null,
});

/**
 * Joins a just-indexed story to its cluster, in the index, without scripts or locks.
 *
 * After the story's document is acknowledged, it waits until that write is searchable (a shared
 * refresh), reads the story's group — the stories sharing one of its LSH band keys (one terms
 * query) that are near enough, plus every member of their clusters — and computes the group's
 * cluster as a function of its members alone (the earliest-published is the original). Any
 * member whose stored cluster differs is written again whole, with its own external version,
 * and the group is read again after a refresh, until a read shows nothing to change. Two
 * copies indexed at once both write before they read, so at least the later reader sees both;
 * a relabel computed from an older view and landing late is seen and undone by its writer's
 * next read (ARCHITECTURE.md, Story clusters).
 */
export class ClusterAssigner {
  private readonly barrier: RefreshBarrier;
  private readonly threshold: number;
  private readonly rounds: number;
  private readonly maxGroup: number;

  constructor(private readonly opts: ClusterAssignerOptions) {
    this.barrier = opts.barrier ?? new RefreshBarrier(opts.client, opts.alias);
    this.threshold = opts.threshold ?? SIMILARITY_THRESHOLD;
    this.rounds = opts.rounds ?? 5;
    this.maxGroup = opts.maxGroup ?? 500;
  }

  /** Settles the cluster of a story whose document Elasticsearch has just acknowledged. */
  async settle(doc: StoryDocument): Promise<ClusterOutcome> {
    if (!doc.minhash?.bands.length || doc.withdrawnAt) return { cluster: doc.cluster, relabelled: 0, rounds: 0 };
    let relabelled = 0;
    for (let round = 1; ; round++) {
      await this.barrier.visible();
      const { self, group } = await this.groupOf(doc);
      // Gone, or replaced by a version without a MinHash: nothing of ours to settle.
      if (!self) return { cluster: doc.cluster, relabelled, rounds: round };
      const changes = relabelsOf(group);
      const mine = changes.find((c) => c.id === doc.id)?.cluster ?? self.cluster;
      if (!changes.length) return { cluster: mine, relabelled, rounds: round };
      if (round > this.rounds) {
        this.opts.logger?.warn({ storyId: doc.id, changes: changes.length, rounds: this.rounds }, 'story cluster still changing after its last round; later stories of the group settle it');
        return { cluster: mine, relabelled, rounds: round - 1 };
      }
      relabelled += await this.write(changes);
    }
  }

  /** The story as searchable now and its group: near duplicates and their clusters' members, closed over cluster ids. */
  private async groupOf(doc: StoryDocument): Promise<{ self: ClusterMember | null; group: ClusterMember[] }> {
    const candidates = (await this.search({ terms: { 'minhash.bands': doc.minhash!.bands } })).map(memberOf);
    const self = candidates.find((c) => c.id === doc.id) ?? null;
    if (!self) return { self, group: [] };
    const near = nearDuplicatesOf(self, candidates, this.threshold);
    if (!near.length && self.cluster.id === self.id) {
      // Alone, and nobody can have joined a cluster of ours without being near us: settled.
      return { self, group: [self] };
    }
    const group = new Map<string, ClusterMember>([[self.id, self], ...near.map((m) => [m.id, m] as const)]);
    const asked = new Set<string>();
    for (let hop = 0; hop < 4 && group.size < this.maxGroup; hop++) {
      const ids = [...new Set([...group.values()].flatMap((m) => [m.cluster.id, m.id]))].filter((id) => !asked.has(id));
      if (!ids.length) break;
      ids.forEach((id) => asked.add(id));
      for (const m of (await this.search({ bool: { should: [{ terms: { 'cluster.id': ids } }, { ids: { values: ids } }], minimum_should_match: 1 } })).map(memberOf)) group.set(m.id, m);
    }
    return { self, group: [...group.values()].sort(earlierFirst) };
  }

  private async search(query: estypes.QueryDslQueryContainer): Promise<MemberSource[]> {
    const r = await this.opts.client.search<MemberSource>({ index: this.opts.alias, query, size: this.maxGroup, _source: MEMBER_FIELDS, sort: [{ id: 'asc' }] });
    return r.hits.hits.map((h) => h._source!).filter(Boolean);
  }

  /** Writes each relabelled member whole, as indexed this moment (a real-time get), with its own version. */
  private async write(changes: Relabel[]): Promise<number> {
    const r = await this.opts.client.mget<IndexedStory>({ index: this.opts.alias, ids: changes.map((c) => c.id) });
    const byId = new Map(changes.map((c) => [c.id, c.cluster]));
    const writes: Promise<unknown>[] = [];
    for (const d of r.docs) {
      if (!('found' in d) || !d.found || !d._source) continue;
      const story = fromIndexDocument(d._source);
      const cluster = byId.get(story.id)!;
      writes.push(this.opts.indexer.index({ ...story, cluster }));
    }
    await Promise.all(writes);
    return writes.length;
  }
}
