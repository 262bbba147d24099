import type { Command } from 'commander';
import { startFeeds, type RunningFeeds } from '../../feeds/scheduler.ts';
import { createRedis } from '../../queue/connection.ts';
import { createStoryQueue } from '../../queue/queue.ts';
import { startHeapTrim } from '../../runtime/heap-trim.ts';
import { startStoryWorker } from '../../runtime/story-worker.ts';
import { contextOf } from '../context.ts';
import { positiveIntOption } from '../options.ts';
import { onStopSignals } from '../signals.ts';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('process story jobs (and poll the configured feeds) until SIGINT/SIGTERM: jobs in flight get WIREDESK_SHUTDOWN_GRACE_MS to finish; a second signal exits at once')
    .option('--exit-when-drained', 'stop once nothing is waiting, delayed or active, on the live queue, the re-enrichment queue and the follow-up queue')
    .option('--concurrency <n>', 'jobs in flight at once (default WIREDESK_CONCURRENCY or 1000)', positiveIntOption('--concurrency'))
    .option('--reenrich-concurrency <n>', 're-enrichment jobs in flight at once, taken only while no live story waits (default: concurrency / 8)', positiveIntOption('--reenrich-concurrency'))
    .option('--no-feeds', 'do not poll the configured feeds from this process')
    .option('--bulk-load', 'backfill: the index without refresh and replicas while this worker runs, its settings restored when it stops (WIREDESK_BULK_LOAD)')
    .action(async (opts: { exitWhenDrained?: boolean; concurrency?: number; feeds: boolean; bulkLoad?: boolean; reenrichConcurrency?: number }, command: Command) => {
      const { config, logger } = contextOf(command);
      // The main thread's heap (jobs in flight, `_bulk` bodies) given back between bursts too.
      const trim = startHeapTrim({ logger });
      const running = await startStoryWorker(config, logger, {
        exitWhenDrained: opts.exitWhenDrained ?? false,
        ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
        ...(opts.bulkLoad ? { bulkLoad: true } : {}),
        ...(opts.reenrichConcurrency ? { reenrichConcurrency: opts.reenrichConcurrency } : {}),
      });
      let feeds: RunningFeeds | null = null;
      let feedConnection: ReturnType<typeof createRedis> | null = null;
      if (opts.feeds && !opts.exitWhenDrained && config.feeds.length) {
        feedConnection = createRedis(config, 'producer');
        feeds = await startFeeds(config, logger, createStoryQueue(config, feedConnection));
      }
      const removeSignals = onStopSignals(logger, 'stopping gracefully', async () => {
        await feeds?.stop();
        await feedConnection?.quit().catch(() => undefined);
        await running.stop();
      });
      await running.stopped;
      const { clean } = await running.stop();
      removeSignals();
      trim.stop();
      const { completed, failed } = running.counts();
      const { completed: reenriched, failed: reenrichFailed } = running.reenrichCounts();
      const again = reenriched || reenrichFailed ? `; ${reenriched} re-enriched, ${reenrichFailed} re-enrichments failed` : '';
      // Exit once the tally is out: requests still under way after the grace period, or a Redis
      // Cluster client still retrying a node that died, would otherwise keep the process alive.
      await new Promise<void>((resolve) =>
        process.stdout.write(`worker stopped: ${completed} completed, ${failed} failed${again}${clean ? '' : ' (grace period over: jobs in flight handed back to the queue)'}\n`, () => resolve()),
      );
      process.exit(clean ? 0 : 1);
    });
}
