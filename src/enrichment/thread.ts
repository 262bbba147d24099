import { parentPort, workerData } from 'node:worker_threads';
import { readArticle } from '../formats/read.ts';
import { readFeed } from '../feeds/read-feed.ts';
import { readIngestRequest, type IngestBody, type IngestQuery } from '../ingest/request.ts';
import { enrich, extractStory, prepare, validateRawArticle, type PreparedArticle } from '../pipeline.ts';
import type { StoryJobData } from '../queue/queue.ts';
import { useModelBuffer } from '../extract/entities/model.ts';
import { useGazetteerBuffer } from '../normalize/gazetteer.ts';
import { toRemoteError } from './remote-error.ts';
import { exposedGc, startHeapTrim } from '../runtime/heap-trim.ts';
import type { PrepareReply, TaskKind, TaskReply, TaskRequest, ThreadData } from './tasks.ts';

/**
 * An enrichment thread: runs the CPU stages for the pool, one task at a time. It warms up
 * (compiles its code paths over the shared model and gazetteer) before it says it is ready, so that no story's
 * time budget pays for the loading.
 */

const WARM_UP = 'LONDON, Jan 5 (Reuters) - The minister said on Monday that "nothing has changed," a spokesman for the ministry told reporters.';

/** How far a story that `prepare` refused got: could it at least be read? */
function stageReached(data: StoryJobData): 'read' | null {
  try {
    const article = validateRawArticle(data);
    readArticle(article.content, article.format);
    return 'read';
  } catch {
    return null;
  }
}

function run(kind: TaskKind, payload: unknown): unknown {
  if (kind === 'prepare') {
    const { data, now } = payload as { data: StoryJobData; now: string };
    try {
      return { ok: true, prepared: prepare(data, new Date(now)) } satisfies PrepareReply;
    } catch (err) {
      return { ok: false, stage: stageReached(data), error: toRemoteError(err) } satisfies PrepareReply;
    }
  }
  if (kind === 'ingest') {
    const { body, query, maxArticles, now } = payload as { body: IngestBody; query: IngestQuery; maxArticles: number; now: string };
    return readIngestRequest(body, query, maxArticles, new Date(now));
  }
  if (kind === 'feed') {
    const { xml, source, now } = payload as { xml: string; source: string; now: string };
    return readFeed(xml, source, new Date(now));
  }
  const { prepared, now } = payload as { prepared: PreparedArticle; now: string };
  return extractStory(prepared, new Date(now));
}

const port = parentPort;
if (!port) throw new Error('src/enrichment/thread.ts runs as a worker thread of the enrichment pool');

/**
 * A full (compacting) collection every so many stories, right after a reply is sent. Left to
 * itself V8 lets a thread's old space grow with the garbage of every story (the live heap stays
 * ~45 MB, the committed one climbs past 120 MB over 8,000 stories); a collection every few hundred
 * stories keeps it near the live size. Each costs ~40 ms on a warm heap, about 7% of the time of
 * the 400 stories between them in a tight loop; in a worker's drain, every 1,200 instead of 400
 * changed neither its CPU nor its rate beyond the noise (README, Benchmarks, round eleven).
 */
const COLLECT_EVERY = 400;
const collect = exposedGc();
// Between bursts (and within one, past 32 MB of growth) the time-based trim gives the rest back.
startHeapTrim({ growthMb: 32 });
let sinceCollect = 0;

try {
  const shared = workerData as ThreadData | null;
  if (shared?.gazetteer) useGazetteerBuffer(shared.gazetteer);
  if (shared?.nerModel) useModelBuffer(shared.nerModel);
  const warmUp = { content: WARM_UP, format: 'text', receivedAt: '2024-01-05T10:00:00Z' } as const;
  if (shared?.readOnly) prepare(warmUp);
  else enrich(warmUp);
  // The warm-up's garbage (module start-up, the first memo entries) goes before the first story.
  collect?.();
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ ready: false, error: toRemoteError(err) });
}

port.on('message', (request: TaskRequest) => {
  let reply: TaskReply;
  try {
    reply = { id: request.id, ok: true, value: run(request.kind, request.payload) };
  } catch (err) {
    reply = { id: request.id, ok: false, error: toRemoteError(err) };
  }
  port.postMessage(reply);
  if (request.kind !== 'prepare' && ++sinceCollect >= COLLECT_EVERY && collect) {
    sinceCollect = 0;
    collect();
  }
});
