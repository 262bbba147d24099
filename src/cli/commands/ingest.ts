import path from 'node:path';
import type { Command } from 'commander';
import { checkEvictionPolicy, connectRedis } from '../../queue/connection.ts';
import { createStoryQueue } from '../../queue/queue.ts';
import { contextOf } from '../context.ts';
import { onStopSignals } from '../signals.ts';
import { articlesIn, expandPaths } from '../../ingest/sources.ts';
import { emptyTally, enqueueItem } from '../../ingest/tally.ts';
import { ProgressBar } from '../progress.ts';
import { writeOut } from '../io.ts';
import { watchDropDir } from '../../feeds/drop-dir.ts';

const PARALLEL = 16;

export function registerIngest(program: Command, setExit: (code: number) => void): void {
  program
    .command('ingest')
    .description('validate stories and put them on the queue (job id = story id)')
    .argument('[paths...]', 'files or directories of stories (.jsonl files hold raw articles a line each); - reads stdin: raw-article JSON lines when every line is one, else one story')
    .option('--json', 'print the summary as JSON')
    .option('--jsonl', 'stdin (-) holds raw-article JSON lines: read them as they come, refusing a bad line on its own')
    .option('--watch <dir>', 'keep taking files dropped into <dir>: each moves to <dir>/done/, or to <dir>/failed/ with a .reason.txt beside it; until SIGINT/SIGTERM')
    .option('--interval <ms>', 'with --watch: how often to look for files', (v) => Number.parseInt(v, 10), 1000)
    .action(async (paths: string[], opts: { json?: boolean; jsonl?: boolean; watch?: string; interval: number }, command: Command) => {
      const { config, logger } = contextOf(command);
      const usage = (message: string) => {
        process.stderr.write(`${message}\n`);
        setExit(2);
      };
      if (opts.watch) {
        if (paths.length) return usage('wiredesk ingest: give either paths or --watch <dir>, not both');
        const connection = await connectRedis(config);
        const queue = createStoryQueue(config, connection);
        await queue.waitUntilReady();
        await checkEvictionPolicy(connection, logger);
        const watcher = watchDropDir(opts.watch, queue, logger, {
          intervalMs: opts.interval,
          onFile: (r) => {
            if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
            else process.stdout.write(`${r.rejected.length ? 'failed' : 'done'} ${path.basename(r.file)}: enqueued ${r.enqueued}, duplicates ${r.duplicates}, rejected ${r.rejected.length}\n`);
          },
        });
        const removeSignals = onStopSignals(logger, 'finishing the file under way', () => watcher.stop());
        await watcher.stopped;
        removeSignals();
        await queue.close();
        await connection.quit().catch(() => undefined);
        return;
      }
      if (!paths.length) return usage('wiredesk ingest: give files or directories, - for stdin, or --watch <dir>');
      const connection = await connectRedis(config);
      const queue = createStoryQueue(config, connection);
      const files = await expandPaths(paths);
      const bar = new ProgressBar('ingest', files.length);
      const summary = emptyTally();
      const inFlight = new Set<Promise<void>>();

      try {
        for (const file of files) {
          for await (const item of articlesIn(file, { jsonl: opts.jsonl === true })) {
            const p = enqueueItem(queue, item, summary).finally(() => inFlight.delete(p));
            inFlight.add(p);
            if (inFlight.size >= PARALLEL) await Promise.race(inFlight);
          }
          bar.tick();
        }
        await Promise.all(inFlight);
      } finally {
        bar.finish();
        await queue.close();
        await connection.quit().catch(() => undefined);
      }
      logger.info({ enqueued: summary.enqueued, duplicates: summary.duplicates, rejected: summary.rejected.length }, 'ingest finished');
      if (opts.json) {
        await writeOut(process.stdout, `${JSON.stringify(summary)}\n`);
      } else {
        const lines = [`enqueued ${summary.enqueued}, duplicates ${summary.duplicates}, rejected ${summary.rejected.length}`];
        for (const r of summary.rejected) lines.push(`  rejected ${r.where}: ${r.reason}`);
        await writeOut(process.stdout, `${lines.join('\n')}\n`);
      }
      if (summary.rejected.length) setExit(1);
    });
}
