import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoryDocument } from '../../src/article/story.ts';
import { BulkIndexer } from '../../src/elastic/bulk-indexer.ts';
import { createEsClient } from '../../src/elastic/client.ts';
import { BatchClusterer } from '../../src/elastic/clusters.ts';
import { dropIndex, ensureIndex } from '../../src/elastic/setup.ts';
import { enrich } from '../../src/pipeline.ts';
import * as forms from '../fixtures/clusters/stories.ts';
import { sandbox, wiredesk, type Sandbox } from './harness.ts';
import { bearer, startTestServer, TOKENS } from './server-harness.ts';

const now = () => new Date('2025-05-07T00:00:00Z');
const docOf = (content: string, source: string) => enrich({ content, source }, { now });
const ids = {
  original: docOf(forms.original, 'o').id,
  partnerResend: docOf(forms.partnerResend, 'p').id,
  update: docOf(forms.update, 'u').id,
  firstVersion: docOf(forms.firstVersion, 'f').id,
  otherStory: docOf(forms.otherStory, 's').id,
};
const clusterById = (docs: StoryDocument[]) => Object.fromEntries(docs.map((d) => [d.id, d.cluster]));

describe('story clusters, end to end (ingest, worker, search)', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = sandbox('clusters', { WIREDESK_CLUSTERS: 'true' });
  });
  afterAll(async () => {
    await box.cleanup();
  });

  const ingest = async (...lines: string[]) => {
    const r = await wiredesk(box, ['ingest', '--json', '-'], `${lines.join('\n')}\n`);
    expect(JSON.parse(r.stdout)).toMatchObject({ enqueued: lines.length });
    const w = await wiredesk(box, ['worker', '--exit-when-drained']);
    expect(w.code, w.stderr).toBe(0);
  };

  it('a story, its partner re-send and its update form one cluster; another story of the subject stays apart', async () => {
    await ingest(forms.line(forms.original, 'reuters'), forms.line(forms.partnerResend, 'aap'), forms.line(forms.update, 'reuters-update'), forms.line(forms.otherStory, 'reuters-madrid'));
    expect(clusterById(await box.indexed())).toEqual({
      [ids.original]: { id: ids.original, role: 'original' },
      [ids.partnerResend]: { id: ids.original, role: 'copy' },
      [ids.update]: { id: ids.original, role: 'copy' },
      [ids.otherStory]: { id: ids.otherStory, role: 'original' },
    });
  });

  it('an earlier-published story arriving later becomes the original, and the members follow it', async () => {
    await ingest(forms.line(forms.firstVersion, 'reuters-first'));
    expect(clusterById(await box.indexed())).toEqual({
      [ids.firstVersion]: { id: ids.firstVersion, role: 'original' },
      [ids.original]: { id: ids.firstVersion, role: 'copy' },
      [ids.partnerResend]: { id: ids.firstVersion, role: 'copy' },
      [ids.update]: { id: ids.firstVersion, role: 'copy' },
      [ids.otherStory]: { id: ids.otherStory, role: 'original' },
    });
  });

  it('search --collapse shows one story per cluster with its copies counted; --cluster lists a cluster', async () => {
    // "container" is in every story; the hit shown is the best of its cluster, the others counted.
    const collapsed = JSON.parse((await wiredesk(box, ['search', 'container', '--collapse', '--json'])).stdout);
    expect(collapsed.total).toBe(2);
    expect(collapsed.next).toBeNull();
    const byCluster = Object.fromEntries(collapsed.hits.map((h: StoryDocument & { copies: number }) => [h.cluster.id, h.copies]));
    expect(byCluster).toEqual({ [ids.firstVersion]: 3, [ids.otherStory]: 0 });

    const members = JSON.parse((await wiredesk(box, ['search', '--cluster', ids.firstVersion, '--sort', 'date', '--json'])).stdout);
    expect(members.hits.map((h: StoryDocument) => [h.id, h.cluster.role])).toEqual([
      [ids.update, 'copy'],
      [ids.partnerResend, 'copy'],
      [ids.original, 'copy'],
      [ids.firstVersion, 'original'],
    ]);

    const text = await wiredesk(box, ['search', 'container', '--collapse']);
    expect(text.stdout).toContain('2 stories (clusters) match "container"');
    expect(text.stdout).toContain(`cluster ${ids.firstVersion} (`);
    expect(text.stdout).toContain('3 copies more');

    const refused = await wiredesk(box, ['search', '--collapse', '--after', 'abc']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--after');
  });

  it('GET /search takes collapse=true and cluster=<id>', async () => {
    const server = await startTestServer(box);
    try {
      const get = async (query: string) => {
        const r = await fetch(`${server.url}/search?${query}`, { headers: bearer(TOKENS.read) });
        expect(r.status).toBe(200);
        return (await r.json()) as { total: number; hits: (StoryDocument & { copies?: number })[] };
      };
      const collapsed = await get('q=container&collapse=true');
      expect(collapsed.total).toBe(2);
      expect(collapsed.hits.find((h) => h.cluster.id === ids.firstVersion)?.copies).toBe(3);
      const members = await get(`cluster=${ids.firstVersion}`);
      expect(members.hits.map((h) => h.id).sort()).toEqual([ids.firstVersion, ids.original, ids.partnerResend, ids.update].sort());
      expect(members.hits.every((h) => h.cluster.id === ids.firstVersion)).toBe(true);
      const bad = await fetch(`${server.url}/search?cluster=nope`, { headers: bearer(TOKENS.read) });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ param: 'cluster' });
    } finally {
      await server.stop();
    }
  });
});

describe('story clusters under concurrency', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = sandbox('clusters-race');
  });
  afterAll(async () => {
    await box.cleanup();
  });

  /**
   * A worker as far as clusters go: its own bulk indexer, refresh barrier and batch clusterer;
   * the stories it stores at one moment settle as one follow-up batch, as the coalescer does.
   */
  function worker(es: ReturnType<typeof createEsClient>) {
    const indexer = new BulkIndexer({ client: es, alias: box.config.index, maxDocs: 250, maxBytes: 5_000_000, flushMs: 20, requests: 2 });
    const clusters = new BatchClusterer({ client: es, alias: box.config.index, indexer });
    return {
      indexer,
      async store(docs: StoryDocument[]) {
        await Promise.all(docs.map((doc) => indexer.index(doc)));
        return clusters.settle(docs.map((d) => ({ id: d.id, bands: d.minhash?.bands ?? [] })));
      },
    };
  }

  it('copies indexed at the same moment by two workers end in one cluster, whichever order they land in', async () => {
    const es = createEsClient(box.config);
    await ensureIndex(es, box.config.index);
    const workers = [worker(es), worker(es)];
    try {
      // Five rounds, each with its own story ids (another uri) and the forms dealt out differently.
      for (let round = 0; round < 5; round++) {
        const copies = [forms.original, forms.partnerResend, forms.update, forms.firstVersion].map((f) => JSON.parse(f) as Record<string, unknown>).map((f) => docOf(JSON.stringify({ ...f, uri: `${String(f.uri)}-round-${round}` }), `race-${round}`));
        const order = round % 2 ? [...copies].reverse() : copies;
        // The first rounds settle each story as a batch of its own (four batches at once), the
        // later ones each worker's two as one batch.
        const outcomes =
          round < 3
            ? await Promise.all(order.map((doc, i) => workers[(i + round) % 2]!.store([doc])))
            : await Promise.all(workers.map((w, k) => w.store(order.filter((_, i) => (i + round) % 2 === k))));
        const first = copies[3]!.id; // the first version, published 08:50
        expect(outcomes.every((o) => o.leftovers.length === 0)).toBe(true);
        await es.indices.refresh({ index: box.config.index });
        const r = await es.search<StoryDocument>({ index: box.config.index, query: { terms: { id: copies.map((c) => c.id) } }, size: 10 });
        const stored = r.hits.hits.map((h) => h._source!);
        expect(stored).toHaveLength(4);
        expect(stored.map((d) => [d.id, d.cluster])).toEqual(
          expect.arrayContaining(copies.map((c) => [c.id, { id: first, role: c.id === first ? 'original' : 'copy' }])),
        );
        // The next round's copies carry the same text: they start from an empty index.
        await dropIndex(es, box.config.index);
        await ensureIndex(es, box.config.index);
      }
    } finally {
      await Promise.all(workers.map((w) => w.indexer.close()));
      await es.close();
    }
  });

  it('bounds the work: a late copy writes only itself; an earlier story moving a big cluster leaves the rest to a relabel job', async () => {
    const es = createEsClient(box.config);
    await ensureIndex(es, box.config.index);
    const indexer = new BulkIndexer({ client: es, alias: box.config.index, maxDocs: 250, maxBytes: 5_000_000, flushMs: 20, requests: 2 });
    const asBatch = (docs: StoryDocument[]) => docs.map((d) => ({ id: d.id, bands: d.minhash?.bands ?? [] }));
    const copyOf = (form: string, tag: string) => {
      const f = JSON.parse(form) as Record<string, unknown>;
      return docOf(JSON.stringify({ ...f, uri: `${String(f.uri)}-${tag}` }), tag);
    };
    try {
      const copies = Array.from({ length: 12 }, (_, i) => copyOf(forms.original, `bound-${i}`));
      await Promise.all(copies.map((d) => indexer.index(d)));
      const settled = await new BatchClusterer({ client: es, alias: box.config.index, indexer }).settle(asBatch(copies));
      expect(settled.leftovers).toEqual([]);
      const original = [...copies].sort((a, b) => (a.id < b.id ? -1 : 1))[0]!.id;

      const late = copyOf(forms.partnerResend, 'bound-late');
      await indexer.index(late);
      const joined = await new BatchClusterer({ client: es, alias: box.config.index, indexer }).settle(asBatch([late]));
      expect(joined).toMatchObject({ relabelled: 1, leftovers: [] });

      // 4 relabels a round, 2 rounds: 8 of the cluster's 13 members move, the other 5 are a leftover.
      const earlier = copyOf(forms.firstVersion, 'bound-first');
      await indexer.index(earlier);
      const small = new BatchClusterer({ client: es, alias: box.config.index, indexer, perRound: 4, rounds: 2 });
      const moved = await small.settle(asBatch([earlier]));
      expect(moved.relabelled).toBe(8);
      expect(moved.leftovers).toEqual([{ from: original, to: earlier.id }]);
      expect(await small.relabel(moved.leftovers[0]!)).toBe(5);

      await es.indices.refresh({ index: box.config.index });
      const ids = [...copies, late, earlier].map((d) => d.id);
      const r = await es.search<StoryDocument>({ index: box.config.index, query: { terms: { id: ids } }, size: 20 });
      expect(Object.fromEntries(r.hits.hits.map((h) => [h._id, h._source!.cluster]))).toEqual(Object.fromEntries(ids.map((id) => [id, { id: earlier.id, role: id === earlier.id ? 'original' : 'copy' }])));
    } finally {
      await indexer.close();
      await es.close();
    }
  });

  it('reads at most `candidates` per story: where more share a band key, the ones sharing the most still join the cluster', async () => {
    // An index of its own: these copies would otherwise join the other tests' clusters.
    const alias = `${box.config.index}-crowd`;
    const es = createEsClient(box.config);
    await ensureIndex(es, alias);
    const indexer = new BulkIndexer({ client: es, alias, maxDocs: 250, maxBytes: 5_000_000, flushMs: 20, requests: 2 });
    try {
      const copies = Array.from({ length: 7 }, (_, i) => {
        const f = JSON.parse(forms.update) as Record<string, unknown>;
        return docOf(JSON.stringify({ ...f, uri: `${String(f.uri)}-crowd-${i}` }), `crowd-${i}`);
      });
      await Promise.all(copies.map((d) => indexer.index(d)));
      const settled = await new BatchClusterer({ client: es, alias, indexer, candidates: 3 }).settle(copies.map((d) => ({ id: d.id, bands: d.minhash?.bands ?? [] })));
      expect(settled.leftovers).toEqual([]);
      await es.indices.refresh({ index: alias });
      const ids = copies.map((d) => d.id);
      const r = await es.search<StoryDocument>({ index: alias, query: { terms: { id: ids } }, size: 10 });
      expect(new Set(r.hits.hits.map((h) => h._source!.cluster!.id)).size).toBe(1);
    } finally {
      await indexer.close();
      await dropIndex(es, alias);
      await es.close();
    }
  });
});
