import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLost, outcomeOf } from './support/expectations.ts';
import { runWithFault } from './support/outage.ts';
import { TcpProxy } from './support/proxy.ts';
import { FaultSandbox, SHARED_ES } from './support/sandbox.ts';
import { storyIds, wireStories, writeJsonl } from './support/stories.ts';

// The worker takes hundreds of jobs at once and completes them a bulk request (up to 500) at a
// time, so the fault begins at the first completion and the run is long enough that
// well over one batch is still to be indexed when it does.
const STORIES = 1600;
const OUTAGE_MS = 60_000;
const es = new URL(SHARED_ES);

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => (s.destroy(), resolve(false)));
    s.on('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });

/**
 * Elasticsearch taken away from the worker for 60 s mid-run, through a TCP proxy in front of the
 * shared cluster: `stopped` (connections dropped, new ones refused) and `frozen` (connections
 * kept, nothing answered, like SIGSTOP). Either way no story may fail for good.
 */
describe.each([
  { kind: 'stopped', begin: (p: TcpProxy) => p.cut(), end: (p: TcpProxy) => p.restore() },
  { kind: 'frozen', begin: (p: TcpProxy) => p.freeze(), end: (p: TcpProxy) => p.thaw() },
])('Elasticsearch $kind for 60 s mid-run', ({ kind, begin, end }) => {
  let box: FaultSandbox;
  let proxy: TcpProxy;
  beforeAll(async () => {
    proxy = new TcpProxy({ host: es.hostname, port: Number(es.port || 9200) });
    await proxy.start();
    box = await FaultSandbox.create(`es-${kind}`, { WIREDESK_ES_URL: proxy.url });
  });
  afterAll(async () => {
    await box?.cleanup();
    await proxy?.close();
  });

  it('fails no story: every one is indexed once the cluster is back', async () => {
    const stories = wireStories(STORIES, `es-${kind}`);
    const ids = storyIds(stories);
    await writeJsonl(box.file('stories.jsonl'), stories);
    await box.watchEvents();
    await box.startWorker('worker');
    const started = Date.now();
    expect((await box.ingest(box.file('stories.jsonl'))).enqueued).toBe(STORIES);
    let refusedDuringCut: boolean | null = null;
    const { counts, fault } = await runWithFault(box, {
      expected: STORIES,
      startAfter: 1,
      durationMs: OUTAGE_MS,
      timeoutMs: OUTAGE_MS + 180_000,
      begin: async () => {
        await begin(proxy);
        if (kind === 'stopped') refusedDuringCut = await refused(proxy.port);
      },
      end: () => end(proxy),
    });
    const o = await outcomeOf(box, ids);
    console.log(`[faults] elasticsearch ${kind}: ${JSON.stringify({ ...o, fault, seconds: Math.round((Date.now() - started) / 1000), counts })}`);
    // The fault happened mid-run, and (for a stop) the port really refused connections.
    expect(fault.completedAtStart).not.toBeNull();
    expect(fault.completedAtEnd ?? STORIES, 'stories were still pending when the cluster came back').toBeLessThan(STORIES);
    if (kind === 'stopped') expect(refusedDuringCut).toBe(true);
    expect(fault.failedDuring, 'jobs failed for good during the outage').toBe(0);
    expectNothingLost(o);
  });
});
