import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { articlesIn } from '../ingest/sources.ts';
import { emptyTally, enqueueItem, type IngestTally } from '../ingest/tally.ts';
import type { Logger } from '../logger.ts';
import type { StoryQueue } from '../queue/queue.ts';
import { sleep } from '../time.ts';

export interface DropResult extends IngestTally {
  file: string;
  movedTo: string;
}

export interface DropDirWatcher {
  /** Stops looking for files; the file under way is finished first. */
  stop(): Promise<void>;
  stopped: Promise<void>;
}


/** A name in `dir` that is free: `name`, else `name.1`, `name.2` … */
async function freeName(dir: string, name: string): Promise<string> {
  for (let n = 0; ; n++) {
    const candidate = path.join(dir, n ? `${name}.${n}` : name);
    if (!(await stat(candidate).catch(() => null))) return candidate;
  }
}

/**
 * Takes one dropped file: enqueues every article in it (the same reading and validation as
 * `wiredesk ingest`), then moves it to `done/`, or to `failed/` with `<name>.reason.txt` beside
 * it when any article was refused (the others are enqueued all the same).
 */
export async function takeDroppedFile(file: string, queue: StoryQueue, dirs: { done: string; failed: string }): Promise<DropResult> {
  const result: Omit<DropResult, 'movedTo'> = { file, ...emptyTally() };
  for await (const item of articlesIn(file)) await enqueueItem(queue, item, result);
  const name = path.basename(file);
  const target = await freeName(result.rejected.length ? dirs.failed : dirs.done, name);
  await rename(file, target);
  if (result.rejected.length) {
    const lines = [
      `${name}: ${result.rejected.length} refused, ${result.enqueued} enqueued, ${result.duplicates} duplicates (${new Date().toISOString()})`,
      ...result.rejected.map((r) => `${path.basename(r.where)}: ${r.reason}`),
    ];
    await writeFile(`${target}.reason.txt`, `${lines.join('\n')}\n`);
  }
  return { ...result, movedTo: target };
}

/**
 * Watches a drop directory: files already there and every file that arrives are taken in name
 * order, once their size has stopped changing (a writer still copying is waited for). Dot-files
 * and the `done/` and `failed/` subdirectories are left alone. Polls, so it works on network
 * file systems where change events are unreliable.
 */
export function watchDropDir(dir: string, queue: StoryQueue, logger: Logger, opts: { intervalMs?: number; onFile?: (r: DropResult) => void } = {}): DropDirWatcher {
  const dirs = { done: path.join(dir, 'done'), failed: path.join(dir, 'failed') };
  const interval = opts.intervalMs ?? 1000;
  const sizes = new Map<string, number>();
  let running = true;
  const stopped = (async () => {
    await mkdir(dirs.done, { recursive: true });
    await mkdir(dirs.failed, { recursive: true });
    logger.info({ dir }, 'watching for dropped files');
    while (running) {
      const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort();
      for (const name of entries) {
        if (!running) break;
        const file = path.join(dir, name);
        const size = (await stat(file).catch(() => null))?.size;
        if (size === undefined) continue;
        // Taken on the second look with the same size: the writer has finished.
        if (sizes.get(name) !== size) {
          sizes.set(name, size);
          continue;
        }
        sizes.delete(name);
        try {
          const r = await takeDroppedFile(file, queue, dirs);
          logger.info({ file: name, enqueued: r.enqueued, duplicates: r.duplicates, rejected: r.rejected.length, movedTo: path.relative(dir, r.movedTo) }, 'dropped file taken');
          opts.onFile?.(r);
        } catch (err) {
          logger.error({ file: name, err }, 'could not take the dropped file; will try again');
        }
      }
      for (const name of sizes.keys()) if (!entries.includes(name)) sizes.delete(name);
      if (running) await sleep(Math.min(interval, entries.length && sizes.size ? 200 : interval));
    }
  })();
  return {
    stopped,
    async stop() {
      running = false;
      await stopped;
    },
  };
}
