import type { Command } from 'commander';
import { startStoryWorker } from '../../queue/worker.ts';
import { contextOf } from '../context.ts';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('process story jobs until SIGINT/SIGTERM (a second signal exits at once)')
    .option('--exit-when-drained', 'stop once nothing is waiting, delayed or active')
    .option('--concurrency <n>', 'jobs in flight at once (default WIREDESK_CONCURRENCY or 32)', (v) => Number.parseInt(v, 10))
    .action(async (opts: { exitWhenDrained?: boolean; concurrency?: number }, command: Command) => {
      const { config, logger } = contextOf(command);
      const running = await startStoryWorker(config, logger, {
        exitWhenDrained: opts.exitWhenDrained ?? false,
        ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      });
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        signals += 1;
        if (signals > 1) {
          logger.warn({ signal }, 'second signal: exiting now');
          process.exit(130);
        }
        logger.info({ signal }, 'signal received: stopping gracefully');
        void running.stop();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      await running.stopped;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const { completed, failed } = running.counts();
      process.stdout.write(`worker stopped: ${completed} completed, ${failed} failed\n`);
    });
}
