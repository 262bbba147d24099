// Where one worker's drain goes: a timeline (worker started, a quarter, half and all story jobs
// done, follow-ups drained, exit), the CPU seconds of each of the worker's threads, of Redis and of
// Elasticsearch over the drain, the worker's resident memory, and Elasticsearch's own work per
// index (indexing, refreshes, queries, fetches, real-time gets, merges). Threads are labelled by
// their id's offset from the process id: +0 is the main thread, the next few (started with the
// process) V8's helpers, the last ones the enrichment threads. Real services; the bundle is built
// first when `src/` is newer.
// npm run bench:drain [-- --limit 1000] [-- --env WIREDESK_CLUSTERS=false] [-- --node-args --single-threaded-gc]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { createEsClient } from '../src/elastic/client.ts';
import { dropIndex } from '../src/elastic/setup.ts';
import { afterPending, createAfterQueue } from '../src/queue/after.ts';
import { createRedis } from '../src/queue/connection.ts';
import { createStoryQueue } from '../src/queue/queue.ts';
import { option } from '../scripts/args.ts';
import { ensureBundle } from './bundle.ts';
import { benchCorpus, enqueueAll, removeQueueKeys, report } from './corpus.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/wiredesk.js', import.meta.url));
// Where `scripts/services up` keeps Elasticsearch's pid (its WIREDESK_SERVICES_DIR); without it, no CPU figure for Elasticsearch.
const ES_PID_FILE = path.join(process.env.WIREDESK_SERVICES_DIR ?? path.join(process.env.TMPDIR ?? '/tmp', 'wiredesk-services'), 'elasticsearch', 'es.pid');
const limit = Number(option('limit', '1000'));
const nodeArgs = option('node-args', '').split(' ').filter(Boolean);
const extraEnv = Object.fromEntries(option('env', '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));

ensureBundle((line) => process.stderr.write(`bench: ${line}\n`));
const tag = randomBytes(3).toString('hex');
const { name, articles } = benchCorpus(limit);
const stories = articles.map((a, i) => ({ ...a, content: `${a.content}\n\nbench-${tag}-${i}` }));
const env = { ...process.env, ...extraEnv, WIREDESK_INDEX: `wd-bench-drain-${tag}`, WIREDESK_QUEUE_PREFIX: `wdbench-drain-${tag}`, WIREDESK_LOG_FORMAT: 'json', WIREDESK_LOG_LEVEL: 'info' };
const config = loadConfig(env);
const connection = createRedis(config, 'producer');
const queue = createStoryQueue(config, connection);
const after = createAfterQueue(config, connection);
await enqueueAll(queue, stories);

/** CPU ticks (user + system, 1/100 s) of a process or thread from its `stat` line. */
const ticksOf = (stat: string) => { const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); return Number(f[11]) + Number(f[12]); };
/** A process's CPU ticks so far; 0 for one not known here. */
const pidTicks = (pid: string | null) => (pid ? ticksOf(readFileSync(`/proc/${pid}/stat`, 'utf8')) : 0);
const esPid = existsSync(ES_PID_FILE) ? readFileSync(ES_PID_FILE, 'utf8').trim() : null;
// Redis shares the cores too; its pid from INFO, where it runs on this machine.
const redisPidText = /process_id:(\d+)/.exec(await connection.info('server'))?.[1];
const redisPid = redisPidText && existsSync(`/proc/${redisPidText}/stat`) ? redisPidText : null;

const es0 = pidTicks(esPid);
let es1 = es0;
const redis0 = pidTicks(redisPid);
let redis1 = redis0;
const t0 = performance.now();
const marks: { event: string; ms: number }[] = [];
const mark = (event: string) => marks.push({ event, ms: Math.round(performance.now() - t0) });
const child = spawn(process.execPath, [...nodeArgs, BIN, 'worker', '--exit-when-drained', '--no-feeds'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
let buf = '';
child.stderr.on('data', (d: Buffer) => {
  buf += d.toString();
  for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
    const line = buf.slice(0, nl);
    buf = buf.slice(nl + 1);
    try {
      const msg = (JSON.parse(line) as { msg?: string }).msg ?? '';
      if (msg === 'worker started' || msg === 'worker stopped') mark(msg);
      // The enrichment pool's own sizing, when it sizes itself: when it took on or let go a thread.
      if (msg === 'enrichment pool takes on a thread' || msg === 'enrichment pool lets a thread go') mark(msg);
    } catch { /* not a log line */ }
  }
});
// Each thread's CPU, read until the process goes (the last reading stands).
const threads = new Map<string, { name: string; ticks: number }>();
// The worker's resident memory every 100 ms, for its peak and its level at each mark.
const rssTrace: { ms: number; mb: number }[] = [];
const sampler = setInterval(() => {
  es1 = pidTicks(esPid);
  redis1 = pidTicks(redisPid);
  if (!child.pid) return;
  try {
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    rssTrace.push({ ms: Math.round(performance.now() - t0), mb: Math.round(rss) });
    for (const tid of readdirSync(`/proc/${child.pid}/task`)) {
      const stat = readFileSync(`/proc/${child.pid}/task/${tid}/stat`, 'utf8');
      threads.set(tid, { name: `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}+${Number(tid) - child.pid}`, ticks: ticksOf(stat) });
    }
  } catch { /* the process is exiting */ }
}, 100);
const steps = [[0.25, 'a quarter of the story jobs done'], [0.5, 'half done'], [1, 'all story jobs done']] as const;
let next = 0;
let followUpsMarked = false;
const poller = setInterval(async () => {
  const c = await queue.getJobCounts('completed', 'failed');
  const done = (c.completed ?? 0) + (c.failed ?? 0);
  while (next < steps.length && done >= steps[next]![0] * stories.length) mark(steps[next++]![1]);
  if (next === steps.length && !followUpsMarked && (await afterPending(after)) === 0) { followUpsMarked = true; mark('follow-ups drained'); }
}, 50);
const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
mark('process exit');
clearInterval(sampler);
clearInterval(poller);
if (code !== 0) throw new Error(`the worker exited with ${code}`);

// Elasticsearch's work by index: the story index, its raw articles and its quotation occurrences.
const es = createEsClient(config);
const perIndex = await es.indices.stats({ index: `${config.index}*`, metric: ['indexing', 'refresh', 'search', 'get', 'merge'] });
await dropIndex(es, config.index).catch(() => undefined);
await es.close();
await queue.obliterate({ force: true });
await after.obliterate({ force: true }).catch(() => undefined);
await queue.close();
await after.close();
await removeQueueKeys(connection, config.queuePrefix);
await connection.quit();

const started = marks.find((m) => m.event === 'worker started')?.ms ?? 0;
const exited = marks.find((m) => m.event === 'process exit')!.ms;
const cpu = [...threads.values()].sort((a, b) => b.ticks - a.ticks).map((t) => ({ name: t.name, s: t.ticks / 100 }));
const rows: Record<string, string | number>[] = marks.map((m) => ({ part: m.event, value: m.ms, unit: 'ms' }));
rows.push({ part: 'worker threads, CPU each (busiest first)', value: cpu.filter((c) => c.s > 0).map((c) => `${c.name} ${c.s.toFixed(1)}`).join(' / '), unit: 's' });
const rssAt = (ms: number) => rssTrace.filter((r) => r.ms <= ms).at(-1)?.mb ?? 0;
const storyMarks = marks.filter((m) => /done$/.test(m.event));
rows.push({ part: 'worker RSS: peak / at each quarter-mark above', value: `${Math.max(0, ...rssTrace.map((r) => r.mb))} / ${storyMarks.map((m) => rssAt(m.ms)).join(' / ')}`, unit: 'MB' });
rows.push({ part: 'Redis CPU', value: redisPid ? ((redis1 - redis0) / 100).toFixed(1) : 'unknown (not on this machine)', unit: 's' });
rows.push({ part: 'Elasticsearch CPU', value: esPid ? ((es1 - es0) / 100).toFixed(1) : 'unknown (no pid file from scripts/services)', unit: 's' });
for (const [index, stats] of Object.entries(perIndex.indices ?? {}).sort()) {
  const t = stats.total!;
  const short = index.slice(config.index.length + 1);
  rows.push({ part: `${short}: index / refresh / query / fetch / get / merge`, value: `${t.indexing?.index_total}·${t.indexing?.index_time_in_millis} / ${t.refresh?.total}·${t.refresh?.total_time_in_millis} / ${t.search?.query_total}·${t.search?.query_time_in_millis} / ${t.search?.fetch_total}·${t.search?.fetch_time_in_millis} / ${t.get?.total}·${t.get?.time_in_millis} / ${t.merges?.total}·${t.merges?.total_time_in_millis}`, unit: 'n·ms' });
}
report('drain', rows, {
  corpus: name,
  stories: stories.length,
  env: extraEnv,
  node_args: nodeArgs,
  per_s: Math.round((stories.length / (exited - started)) * 1000),
  worker_cpu_s: Math.round(cpu.reduce((a, b) => a + b.s, 0) * 10) / 10,
  es_cpu_s: esPid ? Math.round(es1 - es0) / 100 : null,
  worker_rss_peak_mb: Math.max(0, ...rssTrace.map((r) => r.mb)),
  redis_cpu_s: redisPid ? Math.round(redis1 - redis0) / 100 : null,
  es_cpu_ms_per_story: esPid ? Math.round(((es1 - es0) * 10 / stories.length) * 10) / 10 : null,
  marks,
});
