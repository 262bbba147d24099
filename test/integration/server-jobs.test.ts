import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsClient } from '../../src/elastic/client.ts';
import { createRedis } from '../../src/queue/connection.ts';
import { STORY_JOB } from '../../src/queue/options.ts';
import { createStoryQueue, type StoryQueue } from '../../src/queue/queue.ts';
import { Metrics } from '../../src/metrics/prometheus.ts';
import type { RunningServer } from '../../src/server/serve.ts';
import { sandbox, SEED, type Sandbox } from './harness.ts';
import { bearer, startTestServer, TOKENS, until } from './server-harness.ts';

describe('jobs, queues, health, metrics and docs on real Redis and Elasticsearch (serve --worker)', () => {
  let box: Sandbox;
  let server: RunningServer;
  let connection: ReturnType<typeof createRedis>;
  let queue: StoryQueue;
  let seedId: string;
  const get = (path: string, token = TOKENS.read) => fetch(`${server.url}${path}`, { headers: bearer(token) });
  const post = (path: string, token = TOKENS.admin) => fetch(`${server.url}${path}`, { method: 'POST', headers: bearer(token) });
  const job = async (id: string) => (await get(`/jobs/${id}`)).json() as any;

  beforeAll(async () => {
    box = sandbox('srv-jobs');
    server = await startTestServer(box, { worker: true });
    connection = createRedis(box.config, 'producer');
    queue = createStoryQueue(box.config, connection);
  });
  afterAll(async () => {
    await server?.stop();
    await queue?.close();
    await connection?.quit();
    await box.cleanup();
  });

  it('GET /healthz and /readyz answer without a token; readyz checks Redis and Elasticsearch', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json() as any).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json() as any).toMatchObject({ status: 'ready', checks: { redis: { ok: true, detail: 'PONG' }, elasticsearch: { ok: true, detail: expect.stringMatching(/is (green|yellow)$/) } } });
  });

  it('follows a story from POST /articles to indexed: stage, attempts, document id, timings, log', async () => {
    const r = await fetch(`${server.url}/articles`, { method: 'POST', body: readFileSync(SEED, 'utf8'), headers: { ...bearer(TOKENS.api), 'content-type': 'text/plain' } });
    expect(r.status).toBe(202);
    seedId = (await r.json() as any).jobs[0].id;
    const view = await until(() => job(seedId), (v) => v.state === 'completed');
    expect(view).toMatchObject({
      id: seedId,
      stage: 'indexed',
      attempts: 1,
      failure: null,
      documentId: seedId,
      index: box.config.index,
      outcome: 'created',
      timings: { prepareMs: expect.any(Number), extractMs: expect.any(Number), indexMs: expect.any(Number), totalMs: expect.any(Number), waitedMs: expect.any(Number) },
    });
    // One log line per story that goes through (one Redis round trip), naming every stage.
    expect(view.logs).toHaveLength(1);
    expect(view.logs[0]).toMatch(new RegExp(`^attempt 1: indexed into ${box.config.index} as ${seedId} \\(created\\) \\(read as text, \\d+ characters of body; normalised: dateline .+, story id ${seedId}; extracted \\d+ quotes, \\d+ entities\\)$`));
    const es = createEsClient(box.config);
    expect((await es.get({ index: box.config.index, id: seedId })).found).toBe(true);
    await es.close();
  });

  it('shows a failed job with its reason class and the stage it reached; 404 for an unknown id', async () => {
    // Jobs the door would refuse, put on the queue by an old client: one unreadable, one without a body.
    await queue.add(STORY_JOB, { content: 'binary\u0000garbage', receivedAt: new Date().toISOString() }, { jobId: 'wd-bad-binary' });
    await queue.add(STORY_JOB, { content: 'MOSCOW, Aug 26 (ANI):', receivedAt: new Date().toISOString() }, { jobId: 'wd-bad-nobody' });
    const binary = await until(() => job('wd-bad-binary'), (v) => v.state === 'failed');
    expect(binary).toMatchObject({ stage: null, attempts: 1, failure: { class: 'unreadable_article', reason: expect.stringMatching(/^unreadable_article: .*binary file/) }, documentId: null });
    expect(binary.logs.at(-1)).toMatch(/failed after stage \(none\): unreadable_article/);
    const nobody = await until(() => job('wd-bad-nobody'), (v) => v.state === 'failed');
    expect(nobody).toMatchObject({ stage: 'read', failure: { class: 'unreadable_article', reason: expect.stringContaining('no body') } });
    const missing = await get('/jobs/wd-nope');
    expect(missing.status).toBe(404);
    expect((await missing.json() as any).error).toBe('not_found');
    // BullMQ's own bookkeeping under the queue prefix is never read as a job.
    for (const internal of ['meta', 'events', 'id']) expect((await get(`/jobs/${internal}`)).status).toBe(404);
  });

  it('retries a failed job (admin scope only), refuses a completed one with 409, and retries every failed job', async () => {
    expect((await post('/jobs/wd-bad-binary/retry', TOKENS.api)).status).toBe(403);
    expect((await post('/jobs/wd-bad-binary/retry', 'nope-nope-nope-nope-nope')).status).toBe(401);
    const retried = await post('/jobs/wd-bad-binary/retry');
    expect(retried.status).toBe(202);
    expect(await retried.json() as any).toEqual({ status: 'retried', id: 'wd-bad-binary' });
    // It fails again (the input is still binary), with its attempts counted afresh.
    const again = await until(() => job('wd-bad-binary'), (v) => v.state === 'failed' && v.logs.length >= 2);
    expect(again.attempts).toBe(1);
    const done = await post(`/jobs/${seedId}/retry`);
    expect(done.status).toBe(409);
    expect((await done.json() as any).message).toMatch(/completed, not failed/);
    expect((await post('/jobs/wd-nope/retry')).status).toBe(404);

    const all = await post('/jobs/retry-failed');
    expect(all.status).toBe(202);
    expect(await all.json() as any).toEqual({ retried: 2 });
    await until(() => get('/queues').then((r) => r.json() as any), (q) => q.counts.failed === 2);
  });

  it('GET /queues: counts by state and completed/failed per minute', async () => {
    expect((await fetch(`${server.url}/queues`)).status).toBe(401);
    const q = await (await get('/queues')).json() as any;
    expect(q.counts).toMatchObject({ completed: 1, failed: 2, waiting: 0, active: 0 });
    expect(q.perMinute.completed.last15m).toBeGreaterThan(0);
    expect(q.minutes.completed).toHaveLength(15);
    expect(q.minutes.completed.reduce((a: number, b: number) => a + b, 0)).toBe(1);
    expect(q.minutes.failed.reduce((a: number, b: number) => a + b, 0)).toBe(5);
    // The follow-up queue's backlog (clusters, quotation occurrences of indexed stories).
    expect(q.after).toMatchObject({ pending: expect.any(Number), counts: { failed: 0 } });
  });

  it('GET /metrics: jobs by state, outcomes, failures by class, stage histograms, bulk size and latency', async () => {
    const r = await fetch(`${server.url}/metrics`);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await r.text();
    expect(text).toMatch(/^wiredesk_jobs\{state="completed"\} 1$/m);
    expect(text).toMatch(/^wiredesk_jobs\{state="failed"\} 2$/m);
    expect(text).toMatch(/^wiredesk_follow_ups\{state="failed"\} 0$/m);
    expect(text).toMatch(/^wiredesk_jobs_completed_total\{outcome="created"\} 1$/m);
    expect(text).toMatch(/^wiredesk_job_failures_total\{reason_class="unreadable_article"\} 5$/m);
    for (const stage of ['prepare', 'extract', 'index', 'total']) expect(text).toMatch(new RegExp(`^wiredesk_stage_duration_seconds_count\\{stage="${stage}"\\} 1$`, 'm'));
    expect(text).toMatch(/^wiredesk_bulk_documents_count [1-9]/m);
    expect(text).toMatch(/^wiredesk_bulk_duration_seconds_sum [0-9.e-]+$/m);
    expect(text).toMatch(/^wiredesk_http_articles_total\{status="enqueued"\} 1$/m);
    expect(text).toContain('# TYPE wiredesk_elasticsearch_errors_total counter');
    // The enrichment pool (it may size itself): threads running now, and the most it may run.
    expect(text).toMatch(/^wiredesk_enrich_threads\{kind="running"\} [1-9]\d*$/m);
    expect(text).toMatch(/^wiredesk_enrich_threads\{kind="max"\} [1-9]\d*$/m);
    // Process metrics carry one prefix, not two (wiredesk_process_process_… before).
    expect(text).toMatch(/^wiredesk_process_cpu_user_seconds_total [0-9.e-]+$/m);
    expect(text).toMatch(/^wiredesk_nodejs_eventloop_lag_seconds /m);
    expect(text).not.toMatch(/process_process|nodejs_nodejs/);
  });

  it('counts Elasticsearch errors by type: failed requests and failed bulk items', async () => {
    const metrics = new Metrics({ defaults: false });
    const es = createEsClient(box.config);
    metrics.watchElasticsearch(es);
    await es.indices.get({ index: 'wd-no-such-index' }).catch(() => undefined);
    await es.bulk({ operations: [{ index: { _index: box.config.index, _id: 'x1' } }, { wordCount: 'many' }], require_alias: true });
    await es.close();
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^wiredesk_elasticsearch_errors_total\{type="index_not_found_exception"\} 1$/m);
    expect(text).toMatch(/^wiredesk_elasticsearch_errors_total\{type="(document_parsing_exception|mapper_parsing_exception)"\} 1$/m);
  });

  it('serves the search routes behind the read scope', async () => {
    expect((await fetch(`${server.url}/search?q=Taliban`)).status).toBe(401);
    const found = await until(() => get('/search?q=Taliban').then(async (r) => ({ status: r.status, text: await r.text() })), (r) => r.status === 200 && r.text.includes(seedId));
    expect(found.status).toBe(200);
    const story = await get(`/stories/${seedId}`);
    expect(story.status).toBe(200);
    expect(await story.text()).toContain('Vladimir Putin');
    expect((await fetch(`${server.url}/quotes?speaker=Putin`)).status).toBe(401);
  });

  it('describes every route in OpenAPI at /docs', async () => {
    const spec = await (await fetch(`${server.url}/docs/json`)).json() as any;
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths).sort()).toEqual(expect.arrayContaining(['/articles', '/healthz', '/jobs/retry-failed', '/jobs/{id}', '/jobs/{id}/retry', '/metrics', '/queues', '/readyz', '/search', '/quotes', '/stories/{id}']));
    expect(spec.paths['/articles'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(spec.security).toEqual([{ bearerAuth: [] }]);
    expect(spec.paths['/healthz'].get.security).toEqual([]);
    expect(Object.keys(spec.paths['/articles'].post.requestBody.content)).toEqual(expect.arrayContaining(['application/json', 'text/plain', 'application/xml']));
    const ui = await fetch(`${server.url}/docs`, { redirect: 'follow' });
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
  });

  it('never changes state on GET: the retry routes answer 404 to GET', async () => {
    expect((await get('/jobs/retry-failed')).status).toBe(404);
    expect((await get(`/jobs/wd-bad-binary/retry`)).status).toBe(404);
    expect((await get('/queues').then((r) => r.json() as any)).counts.failed).toBe(2);
  });
});
