import type { Client, estypes } from '@elastic/elasticsearch';
import type { StoryDocument } from '../article/story.ts';
import { movedLabel, planBatch, sameCluster, SIMILARITY_THRESHOLD, type ClusterMember, type Move, type Relabel } from '../cluster/plan.ts';
import { ServiceUnavailableError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { BulkIndexer } from './bulk-indexer.ts';
import { fromIndexDocument, type IndexedStory } from './document.ts';
import { RefreshBarrier } from './refresh-barrier.ts';

export interface BatchClustererOptions {
  client: Client;
  alias: string;
  /** Relabelled members are written whole through this indexer (external versioning, batched). */
  indexer: Pick<BulkIndexer, 'index'>;
  logger?: Logger;
  threshold?: number;
  /** Candidates one story's LSH query brings in (the most bands shared first). */
  candidates?: number;
  /** Members relabelled per round, and rounds per batch; what is left goes to relabel jobs. */
  perRound?: number;
  rounds?: number;
  barrier?: RefreshBarrier;
}

/** A story of a follow-up batch as far as clusters go. */
export interface BatchStory {
  id: string;
  bands: string[];
}

export interface BatchOutcome {
  /** Members written with a new cluster. */
  relabelled: number;
  /** Reads made (the last one showed nothing to change, unless there are leftovers). */
  rounds: number;
  /** Cluster moves still unfinished after the last round: for relabel jobs. */
  leftovers: Move[];
}

const MEMBER_FIELDS = ['id', 'publishedAt', 'cluster', 'minhash.signature', 'withdrawnAt'];

interface MemberSource {
  id: string;
  publishedAt: string | null;
  cluster?: StoryDocument['cluster'];
  minhash?: { signature?: string } | null;
  withdrawnAt?: string | null;
}

const memberOf = (s: MemberSource): ClusterMember => ({
  id: s.id,
  publishedAt: s.publishedAt ?? null,
  cluster: s.cluster ?? { id: s.id, role: 'original' },
  signature: s.minhash?.signature ?? null,
});

/**
 * Settles the clusters of a batch of just-indexed stories, in the index, without scripts or
 * locks (ARCHITECTURE.md, Story clusters). Per round: one shared refresh, one `_msearch` of the
 * stories' candidates (at most `candidates` each), real-time `mget`s of the stories and of the
 * originals their clusters name, the pure `planBatch`, then the round's relabels (at most
 * `perRound`) written whole in one go; rounds repeat until a read shows nothing to change.
 */
export class BatchClusterer {
  private readonly barrier: RefreshBarrier;
  private readonly threshold: number;
  private readonly candidates: number;
  private readonly perRound: number;
  private readonly rounds: number;

  constructor(private readonly opts: BatchClustererOptions) {
    this.barrier = opts.barrier ?? new RefreshBarrier(opts.client, opts.alias);
    this.threshold = opts.threshold ?? SIMILARITY_THRESHOLD;
    this.candidates = opts.candidates ?? 50;
    this.perRound = opts.perRound ?? 500;
    this.rounds = opts.rounds ?? 6;
  }

  /** Settles a batch whose documents Elasticsearch has acknowledged. */
  async settle(batch: BatchStory[]): Promise<BatchOutcome> {
    let stories = [...new Map(batch.filter((s) => s.bands.length).map((s) => [s.id, s])).values()];
    let relabelled = 0;
    if (!stories.length) return { relabelled, rounds: 0, leftovers: [] };
    for (let round = 1; ; round++) {
      const t0 = performance.now();
      await this.barrier.visible();
      const t1 = performance.now();
      const plan = planBatch(await this.read(stories), this.threshold);
      const recheck = new Set(plan.recheck);
      this.opts.logger?.trace({ round, stories: stories.length, refreshMs: Math.round(t1 - t0), readMs: Math.round(performance.now() - t1), moves: plan.moves.length }, 'cluster round read');
      if (!plan.relabels.length && !plan.moves.length) return { relabelled, rounds: round, leftovers: [] };
      if (round > this.rounds) {
        // Role fixes inside a cluster are a move onto itself for the relabel job.
        const leftovers = [...plan.moves, ...plan.relabels.map((r) => ({ from: r.cluster.id, to: r.cluster.id }))];
        this.opts.logger?.info({ stories: stories.length, leftovers: leftovers.length, relabelled }, 'clusters still changing after the last round: relabel jobs finish them');
        return { relabelled, rounds: round, leftovers: [...new Map(leftovers.map((m) => [`${m.from}\u0000${m.to}`, m])).values()] };
      }
      relabelled += await this.apply(plan.relabels, plan.moves);
      stories = stories.filter((s) => recheck.has(s.id));
      if (!stories.length) return { relabelled, rounds: round, leftovers: [] };
    }
  }

  /**
   * Moves every member labelled `from` to the cluster `to` now belongs to (followed through
   * moves made since), a page of `perRound` at a time, until a read finds none left.
   */
  async relabel(move: Move, maxPages = 1000): Promise<number> {
    let written = 0;
    for (let page = 0; page < maxPages; page++) {
      await this.barrier.visible();
      const to = await this.currentCluster(move.to);
      const members = (await this.search({ term: { 'cluster.id': move.from } }, this.perRound)).map(memberOf);
      const changes = members.filter((m) => !sameCluster(m.cluster, movedLabel(m.id, to)));
      if (!changes.length) return written;
      written += await this.write(changes.map((m) => ({ id: m.id, cluster: movedLabel(m.id, to) })));
    }
    this.opts.logger?.warn({ ...move, written }, 'relabel still finding members after its last page');
    return written;
  }

  /** The cluster a story id stands for now: its own, or the one it was moved into (a few hops). */
  private async currentCluster(id: string): Promise<string> {
    let current = id;
    for (let hop = 0; hop < 5; hop++) {
      const [doc] = await this.get([current]);
      const next = doc?.cluster?.id;
      if (!next || next === current) break;
      current = next;
    }
    return current;
  }

  /** The batch's view: its stories (real time), their candidates, and the originals of every cluster named. */
  private async read(stories: BatchStory[]) {
    const [found, candidateLists] = await Promise.all([
      this.get(stories.map((s) => s.id)),
      this.candidatesOf(stories),
    ]);
    const selves = found.filter((s) => s.minhash?.signature && !s.withdrawnAt).map(memberOf);
    const candidates = new Map(stories.map((s, i) => [s.id, candidateLists[i]!.map(memberOf)]));
    const known = new Map<string, ClusterMember>([...[...candidates.values()].flat(), ...selves].map((m) => [m.id, m]));
    const originals: ClusterMember[] = [];
    const asked = new Set<string>();
    for (let hop = 0; hop < 3; hop++) {
      const ids = [...new Set([...known.values(), ...originals].map((m) => m.cluster.id))].filter((id) => !known.has(id) && !asked.has(id));
      if (!ids.length) break;
      ids.forEach((id) => asked.add(id));
      for (const o of (await this.get(ids)).map(memberOf)) {
        originals.push(o);
        known.set(o.id, o);
      }
    }
    return { stories: selves, candidates, originals };
  }

  /**
   * Each story's candidates: every story sharing one of its band keys (a constant-score terms
   * query), or, where more than `candidates` do, the `candidates` sharing the most (a scored
   * query over the 42 keys, asked only for those stories). The sets are the ones the scored query
   * alone would give; scoring 42 clauses for every story was most of Elasticsearch's work in a
   * drain (query time 2-3x the terms query's), and most stories share keys with a few at most.
   */
  private async candidatesOf(stories: BatchStory[]): Promise<MemberSource[][]> {
    const lists = await this.msearch(stories.map((s) => ({ query: { terms: { 'minhash.bands': s.bands } }, size: this.candidates + 1 })));
    const crowded = stories.flatMap((s, i) => (lists[i]!.length > this.candidates ? [i] : []));
    if (crowded.length) {
      const ranked = await this.msearch(
        crowded.map((i) => ({ query: { bool: { should: stories[i]!.bands.map((b) => ({ term: { 'minhash.bands': b } })), minimum_should_match: 1 } }, size: this.candidates })),
      );
      crowded.forEach((i, k) => (lists[i] = ranked[k]!));
    }
    return lists;
  }

  /** Writes a round's relabels and as many members of the moving clusters as the round allows. */
  private async apply(relabels: Relabel[], moves: Move[]): Promise<number> {
    const writes = new Map<string, Relabel>();
    for (const r of relabels.slice(0, this.perRound)) writes.set(r.id, r);
    if (moves.length && writes.size < this.perRound) {
      const lists = await this.msearch(moves.map((m) => ({ query: { term: { 'cluster.id': m.from } }, size: this.perRound })));
      moves.forEach((move, i) => {
        for (const m of lists[i]!.map(memberOf)) {
          if (writes.size >= this.perRound) return;
          const want = movedLabel(m.id, move.to);
          if (!sameCluster(m.cluster, want)) writes.set(m.id, { id: m.id, cluster: want });
        }
      });
    }
    return this.write([...writes.values()]);
  }

  private async get(ids: string[]): Promise<MemberSource[]> {
    if (!ids.length) return [];
    const r = await this.opts.client.mget<MemberSource>({ index: this.opts.alias, ids, _source: MEMBER_FIELDS });
    return r.docs.flatMap((d) => ('found' in d && d.found && d._source ? [d._source] : []));
  }

  private async search(query: estypes.QueryDslQueryContainer, size: number): Promise<MemberSource[]> {
    return (await this.msearch([{ query, size }]))[0]!;
  }

  private async msearch(bodies: { query: estypes.QueryDslQueryContainer; size: number }[]): Promise<MemberSource[][]> {
    if (!bodies.length) return [];
    const r = await this.opts.client.msearch<MemberSource>({
      searches: bodies.flatMap((b) => [{ index: this.opts.alias }, { ...b, _source: MEMBER_FIELDS, sort: ['_score', { id: 'asc' }], track_total_hits: false }]),
    });
    return r.responses.map((item) => {
      if ('error' in item) throw new ServiceUnavailableError(`a cluster read failed (${item.error.type}: ${item.error.reason ?? ''})`);
      return item.hits.hits.flatMap((h) => (h._source ? [h._source] : []));
    });
  }

  /** Writes each relabelled member whole, as indexed this moment (a real-time get), with its own version. */
  private async write(changes: Relabel[]): Promise<number> {
    if (!changes.length) return 0;
    const r = await this.opts.client.mget<IndexedStory>({ index: this.opts.alias, ids: changes.map((c) => c.id) });
    const byId = new Map(changes.map((c) => [c.id, c.cluster]));
    const writes: Promise<unknown>[] = [];
    for (const d of r.docs) {
      if (!('found' in d) || !d.found || !d._source) continue;
      const story = fromIndexDocument(d._source);
      writes.push(this.opts.indexer.index({ ...story, cluster: byId.get(story.id)! }));
    }
    await Promise.all(writes);
    return writes.length;
  }
}
