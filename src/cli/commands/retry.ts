import type { Command } from 'commander';
import { connectRedis } from '../../queue/connection.ts';
import { retryFailed, retryJob } from '../../queue/jobs.ts';
import { createStoryQueue } from '../../queue/queue.ts';
import { contextOf } from '../context.ts';
import { writeOut } from '../io.ts';

export function registerRetry(program: Command, setExit: (code: number) => void): void {
  program
    .command('retry')
    .description('put failed story jobs back on the queue, their attempts reset')
    .argument('[ids...]', 'job ids (= story ids)')
    .option('--failed', 'retry every failed job')
    .action(async (ids: string[], opts: { failed?: boolean }, command: Command) => {
      const { config } = contextOf(command);
      if (!opts.failed && ids.length === 0) {
        process.stderr.write('wiredesk retry: name job ids, or --failed for every failed job\n');
        setExit(2);
        return;
      }
      const connection = await connectRedis(config);
      const queue = createStoryQueue(config, connection);
      try {
        const lines: string[] = [];
        if (opts.failed) lines.push(`retried ${await retryFailed(queue)} failed job(s)`);
        for (const id of ids) {
          const outcome = await retryJob(queue, id);
          if (outcome.status === 'retried') lines.push(`retried ${id}`);
          else {
            lines.push(outcome.status === 'not_found' ? `no job ${id}` : `not retried ${id}: it is ${outcome.state}, not failed`);
            setExit(1);
          }
        }
        await writeOut(process.stdout, `${lines.join('\n')}\n`);
      } finally {
        await queue.close();
        await connection.quit().catch(() => undefined);
      }
    });
}
