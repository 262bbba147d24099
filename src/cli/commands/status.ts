import type { Command } from 'commander';
import { createRedis } from '../../queue/connection.ts';
import { createStoryQueue } from '../../queue/queue.ts';
import { JOB_STATES, queueStatus } from '../../queue/status.ts';
import { contextOf } from '../context.ts';
import { writeOut } from '../io.ts';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('job counts by state and the latest failures with their reasons')
    .option('--json', 'print the status as JSON')
    .option('--failures <n>', 'how many recent failures to show', (v) => Number.parseInt(v, 10), 10)
    .action(async (opts: { json?: boolean; failures: number }, command: Command) => {
      const { config } = contextOf(command);
      const connection = createRedis(config, 'producer');
      const queue = createStoryQueue(config, connection);
      try {
        const status = await queueStatus(queue, opts.failures);
        if (opts.json) return await writeOut(process.stdout, `${JSON.stringify(status)}\n`);
        const lines = [`queue ${config.queuePrefix}:${config.queueName}`];
        for (const state of JOB_STATES) lines.push(`  ${state.padEnd(12)} ${String(status.counts[state] ?? 0).padStart(7)}`);
        if (status.failures.length) {
          lines.push('latest failures:');
          for (const f of status.failures) lines.push(`  ${f.id}  ${f.source ?? ''}  (${f.attempts} attempt${f.attempts === 1 ? '' : 's'}) ${f.reason}`);
        }
        await writeOut(process.stdout, `${lines.join('\n')}\n`);
      } finally {
        await queue.close();
        await connection.quit().catch(() => undefined);
      }
    });
}
