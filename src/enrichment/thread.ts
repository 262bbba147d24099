import { parentPort, workerData } from 'node:worker_threads';
import { readArticle } from '../formats/read.ts';
import { enrich, extractStory, prepare, validateRawArticle, type PreparedArticle } from '../pipeline.ts';
import type { StoryJobData } from '../queue/queue.ts';
import { useGazetteerBuffer } from '../normalize/gazetteer.ts';
import { toRemoteError } from './remote-error.ts';
import type { PrepareReply, TaskKind, TaskReply, TaskRequest, ThreadData } from './tasks.ts';

/**
 * An enrichment thread: runs the CPU stages for the pool, one task at a time. It warms up
 * (loads the tagger's model and the gazetteer) before it says it is ready, so that no story's
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
  const { prepared, now } = payload as { prepared: PreparedArticle; now: string };
  return extractStory(prepared, new Date(now));
}

const port = parentPort;
if (!port) throw new Error('src/enrichment/thread.ts runs as a worker thread of the enrichment pool');

try {
  const shared = workerData as ThreadData | null;
  if (shared?.gazetteer) useGazetteerBuffer(shared.gazetteer);
  enrich({ content: WARM_UP, format: 'text', receivedAt: '2024-01-05T10:00:00Z' });
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
});
