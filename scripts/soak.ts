/**
 * `npm run soak`: a long fault run on the real services, not part of CI. 10,000 stories through
 * `serve --worker` plus one `wiredesk worker`, with Elasticsearch cut three times (30–60 s each)
 * by a TCP proxy in front of the shared cluster, while `/healthz` is polled every 200 ms.
 * Prints a table and a JSON line: sent, indexed, failed, duplicates, max /healthz latency,
 * duration. Exits 1 when a story was lost, failed or indexed twice.
 *
 *   npm run soak -- --stories 10000 --outages 3 --min-outage-s 30 --max-outage-s 60
 */
import { randomBytes } from 'node:crypto';
import { option } from './args.ts';
import { pollHealth } from '../test/faults/support/health.ts';
import { sleep } from '../test/faults/support/outage.ts';
import { TcpProxy } from '../test/faults/support/proxy.ts';
import { FaultSandbox, SHARED_ES, withTimeout } from '../test/faults/support/sandbox.ts';
import { storyIds, wireStories, writeJsonl } from '../test/faults/support/stories.ts';

const STORIES = Number(option('stories', '10000'));
const OUTAGES = Number(option('outages', '3'));
const MIN_S = Number(option('min-outage-s', '30'));
const MAX_S = Number(option('max-outage-s', '60'));
const TIMEOUT_MS = Number(option('timeout-s', '1800')) * 1000;

const say = (s: string) => process.stderr.write(`soak: ${s}\n`);

const es = new URL(SHARED_ES);
const proxy = new TcpProxy({ host: es.hostname, port: Number(es.port || 9200) });
await proxy.start();
const box = await FaultSandbox.create('soak', {
  WIREDESK_ES_URL: proxy.url,
  WIREDESK_API_TOKEN: randomBytes(24).toString('hex'),
});
let cleaned = false;
const cleanup = async () => {
  if (cleaned) return;
  cleaned = true;
  await box.cleanup().catch((err: unknown) => say(`cleanup: ${(err as Error).message}`));
  await proxy.close();
};
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    say(`${sig}: cleaning up`);
    void cleanup().then(() => process.exit(130));
  });
}

let exitCode = 1;
try {
  const started = Date.now();
  const stories = wireStories(STORIES, `soak-${randomBytes(3).toString('hex')}`);
  const ids = storyIds(stories);
  await writeJsonl(box.file('stories.jsonl'), stories);
  await box.watchEvents();
  const serve = box.procs.wiredesk('serve', ['serve', '--worker', '--port', '0'], box.env);
  const url = (await serve.waitFor(/listening on (http:\/\/\S+)/, 120_000)).replace('listening on ', '');
  await box.startWorker('worker');
  const health = pollHealth(`${url}/healthz`);
  say(`serving on ${url}; ingesting ${STORIES} stories`);
  const ingest = await box.ingest(box.file('stories.jsonl'));
  say(`ingested: ${JSON.stringify({ enqueued: ingest.enqueued, duplicates: ingest.duplicates, rejected: ingest.rejected.length })}`);

  // Outages spread over the run: at 20 %, 50 %, 80 % … of the stories completed.
  const marks = Array.from({ length: OUTAGES }, (_, i) => Math.round((STORIES * (i + 1)) / (OUTAGES + 1)));
  const outages: { atCompleted: number; seconds: number; failedDuring: number; completedAfter: number | null }[] = [];
  let current: Promise<void> | null = null;
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const counts = await box.waitUntilSettled(STORIES, Math.max(1000, deadline - Date.now()), (c) => {
      if (current || outages.length >= marks.length || c.completed < marks[outages.length]!) return;
      const seconds = Math.round(MIN_S + Math.random() * (MAX_S - MIN_S));
      const record = { atCompleted: c.completed, seconds, failedDuring: 0, completedAfter: null as number | null };
      outages.push(record);
      const failedBefore = box.failed.length;
      say(`outage ${outages.length}: cutting Elasticsearch for ${seconds} s at ${c.completed} completed`);
      current = (async () => {
        await proxy.cut();
        await sleep(seconds * 1000);
        record.failedDuring = box.failed.length - failedBefore;
        record.completedAfter = (await withTimeout(box.counts(), 5000).catch(() => null))?.completed ?? null;
        await proxy.restore();
        say(`outage ${outages.length}: Elasticsearch back (${record.failedDuring} failed during it)`);
        current = null;
      })();
    });
    if (current) await current;
    const settled = counts.waiting + counts.prioritized + counts.active + counts.delayed === 0 && counts.completed + counts.failed >= STORIES;
    if ((settled && outages.length >= marks.length) || Date.now() > deadline) break;
    if (settled) {
      say(`the queue drained before outage ${outages.length + 1} (at ${counts.completed} completed); no more outages possible`);
      break;
    }
  }
  const seen = await health.stop();
  const { ids: found, count, partial } = await box.indexed();
  const status = await box.status();
  const missing = [...ids].filter((id) => !found.has(id)).length;
  const result = {
    sent: ids.size,
    indexed: found.size,
    missing,
    failed: status.counts.failed,
    // Documents beyond one per story (the `_id` is the story id, so this must stay 0) and ingest's duplicate reports.
    duplicates: count - found.size + [...found].filter((id) => !ids.has(id)).length,
    ingestDuplicates: ingest.duplicates,
    completed: status.counts.completed,
    stuckActive: status.counts.active,
    stalled: box.stalled.length,
    partial,
    outages,
    healthz: { polls: seen.polls, misses: seen.misses, maxMs: seen.maxMs },
    durationS: Math.round((Date.now() - started) / 1000),
  };
  const rows: [string, string | number][] = [
    ['stories sent', result.sent],
    ['indexed', result.indexed],
    ['missing', result.missing],
    ['failed', result.failed],
    ['duplicates', result.duplicates],
    ['completed (status)', result.completed],
    ['stuck active', result.stuckActive],
    ['stalled (recovered)', result.stalled],
    ['extraction partial', result.partial],
    ['outages', outages.map((o) => `${o.seconds}s@${o.atCompleted}${o.failedDuring ? ` (${o.failedDuring} failed)` : ''}`).join(', ')],
    ['/healthz max ms', result.healthz.maxMs],
    ['/healthz misses', `${result.healthz.misses} of ${result.healthz.polls}`],
    ['duration s', result.durationS],
  ];
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(22)} ${String(v)}`).join('\n')}\n`);
  process.stdout.write(`${JSON.stringify({ soak: result })}\n`);
  const ok = result.missing === 0 && result.failed === 0 && result.duplicates === 0 && result.completed === result.sent && result.stuckActive === 0 && result.healthz.misses === 0;
  exitCode = ok ? 0 : 1;
} catch (err) {
  say(`error: ${(err as Error).stack ?? String(err)}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
