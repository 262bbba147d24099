import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsClient } from '../../src/elastic/client.ts';
import { readRawArticle } from '../../src/elastic/raw-store.ts';
import { ensureIndex } from '../../src/elastic/setup.ts';
import { PIPELINE_REVISION, PIPELINE_VERSION } from '../../src/version.ts';
import { sandbox, wiredesk, type Sandbox } from './harness.ts';
import { allStories, harbourStory, indexWithRaw, stampedOld } from './reprocess-support.ts';

describe('wiredesk reprocess: 200 stories enriched by an older pipeline', () => {
  let box: Sandbox;
  let es: ReturnType<typeof createEsClient>;
  const STORIES = 200;
  const raws = Array.from({ length: STORIES }, (_, n) => harbourStory(n));

  beforeAll(async () => {
    box = sandbox('reprocess');
    es = createEsClient(box.config);
    await ensureIndex(es, box.config.index);
    await indexWithRaw(es, box.config.index, raws.map((raw) => ({ doc: stampedOld(raw), raw })));
    await es.indices.refresh({ index: box.config.index });
  });
  afterAll(async () => {
    await es.close();
    await box.cleanup();
  });

  it('counts them on a dry run, narrows by words, queues them all, and a worker brings every one to the current pipeline', async () => {
    const dry = await wiredesk(box, ['reprocess', '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toBe(`200 stories would be re-enriched (enriched by a revision below ${PIPELINE_REVISION}; current revision ${PIPELINE_REVISION})\n`);
    expect(JSON.parse((await wiredesk(box, ['reprocess', '--dry-run', '--json', '--query', 'tugboat'])).stdout)).toEqual({ dryRun: true, count: 20, revision: PIPELINE_REVISION });
    // Nothing was queued by the dry runs.
    expect(JSON.parse((await wiredesk(box, ['status', '--json'])).stdout).reenrich.pending).toBe(0);

    const queued = await wiredesk(box, ['reprocess']);
    expect(queued.stdout).toMatch(/^queued 200 stories for re-enrichment/);
    const status = await wiredesk(box, ['status']);
    expect(status.stdout).toMatch(/re-enrichment backlog\s+200\s+\(waiting 200, active 0, delayed 0, failed 0\)/);
    expect(JSON.parse((await wiredesk(box, ['status', '--json'])).stdout).reenrich).toMatchObject({ pending: 200, counts: { waiting: 200 } });

    const worker = await wiredesk(box, ['worker', '--exit-when-drained']);
    expect(worker.stdout).toContain('worker stopped: 0 completed, 0 failed; 200 re-enriched, 0 re-enrichments failed');
    expect(worker.code).toBe(0);

    const docs = await allStories(es, box.config.index);
    expect(docs).toHaveLength(STORIES);
    expect(new Set(docs.map((d) => d.source.name))).toEqual(new Set(raws.map((r) => r.source)));
    expect(docs.filter((d) => d.pipelineRevision !== PIPELINE_REVISION || d.pipelineVersion !== PIPELINE_VERSION)).toEqual([]);
    // The same story, enriched again: same id, version, text and speaker.
    const again = docs.find((d) => d.source.name === 'harbour-7')!;
    expect(again).toMatchObject({ id: stampedOld(raws[7]!).id, version: 1, body: stampedOld(raws[7]!).body });
    expect(again.quotes.map((q) => q.speaker?.name)).toEqual(['Ellen Park']);

    // The re-enriched stories' follow-ups (clusters, quotation occurrences) are done too: the worker waited for them.
    const after = JSON.parse((await wiredesk(box, ['status', '--json'])).stdout);
    expect(after).toMatchObject({ reenrich: { pending: 0 }, after: { pending: 0, counts: { failed: 0 } } });
    expect((await wiredesk(box, ['status'])).stdout).toMatch(/follow-ups pending\s+0\s+\(waiting 0, active 0, delayed 0, failed 0\)/);
    expect((await wiredesk(box, ['reprocess', '--dry-run'])).stdout).toMatch(/^0 stories would be re-enriched/);
    expect((await wiredesk(box, ['reprocess', '--dry-run', '--all'])).stdout).toMatch(/^200 stories would be re-enriched \(whatever their revision/);
    // The raw articles are untouched by re-enrichment.
    expect(await readRawArticle(es, box.config.index, again.id)).toEqual(raws[7]);
  }, 180_000);

  it("keeps an editor's correction when the story is re-enriched", async () => {
    const id = stampedOld(raws[10]!).id; // a tugboat story
    const set = await wiredesk(box, ['review', 'set', id, '0', '--speaker', 'Ines Moreau', '--by', 'desk:test']);
    expect(set.code).toBe(0);
    expect((await wiredesk(box, ['reprocess', '--all', '--query', 'tugboat'])).stdout).toMatch(/^queued 20 stories for re-enrichment/);
    const worker = await wiredesk(box, ['worker', '--exit-when-drained']);
    expect(worker.stdout).toContain('20 re-enriched, 0 re-enrichments failed');
    const doc = (await allStories(es, box.config.index)).find((d) => d.id === id)!;
    expect(doc.quotes[0]).toMatchObject({ speaker: { name: 'Ines Moreau' }, how: 'editor', correctedBy: 'desk:test' });
    // The others re-enriched beside it keep the pipeline's speaker.
    expect((await allStories(es, box.config.index)).filter((d) => d.quotes.some((q) => q.how === 'editor')).map((d) => d.id)).toEqual([id]);
  }, 180_000);
});
