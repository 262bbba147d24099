import type { Command } from 'commander';
import { connectRedis } from '../../queue/connection.ts';
import { jobView, type JobView } from '../../queue/jobs.ts';
import { createStoryQueue } from '../../queue/queue.ts';
import { contextOf } from '../context.ts';
import { writeOut } from '../io.ts';

function describe(view: JobView): string {
  const t = view.timings;
  const ms = (v: number | null) => (v === null ? '–' : `${v} ms`);
  const lines = [
    `job ${view.id}`,
    `  state       ${view.state}`,
    `  stage       ${view.stage ?? '(not read yet)'}`,
    `  attempts    ${view.attempts} of ${view.maxAttempts}`,
    `  source      ${view.source ?? '–'} (${view.format ?? 'auto'})`,
  ];
  if (view.failure) lines.push(`  failure     ${view.failure.reason}`);
  if (view.documentId) lines.push(`  document    ${view.documentId} in ${view.index} (${view.outcome})`);
  lines.push(
    `  enqueued    ${t.enqueuedAt ?? '–'}`,
    `  started     ${t.startedAt ?? '–'}${t.waitedMs !== null ? ` (waited ${t.waitedMs} ms)` : ''}`,
    `  finished    ${t.finishedAt ?? '–'}`,
    `  timings     read+normalise ${ms(t.prepareMs)}, extract ${ms(t.extractMs)}, index ${ms(t.indexMs)}, total ${ms(t.totalMs)}`,
  );
  if (view.logs.length) lines.push('log:', ...view.logs.map((l) => `  ${l}`));
  return lines.join('\n');
}

export function registerJob(program: Command, setExit: (code: number) => void): void {
  program
    .command('job')
    .description('one story job: state, stage reached, attempts, failure reason, document id, timings, log')
    .argument('<id>', 'job id (= story id)')
    .option('--json', 'print the job as JSON')
    .action(async (id: string, opts: { json?: boolean }, command: Command) => {
      const { config } = contextOf(command);
      const connection = await connectRedis(config);
      const queue = createStoryQueue(config, connection);
      try {
        const view = await jobView(queue, id);
        if (!view) {
          process.stderr.write(`wiredesk: no job ${id} in ${config.queuePrefix}:${config.queueName} (never enqueued, or removed after its retention period)\n`);
          setExit(1);
          return;
        }
        await writeOut(process.stdout, opts.json ? `${JSON.stringify(view)}\n` : `${describe(view)}\n`);
      } finally {
        await queue.close();
        await connection.quit().catch(() => undefined);
      }
    });
}
