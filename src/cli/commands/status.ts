import type { Command } from 'commander';
import { connectRedis } from '../../queue/connection.ts';
import { queueRates } from '../../queue/jobs.ts';
import { createStoryQueue, type StoryQueue } from '../../queue/queue.ts';
import { JOB_STATES, queueStatus } from '../../queue/status.ts';
import { createReenrichQueue, reenrichBacklog, type ReenrichQueue } from '../../queue/reprocess.ts';
import { afterBacklog, createAfterQueue, type AfterQueue } from '../../queue/after.ts';
import { contextOf } from '../context.ts';
import { onStopSignals } from '../signals.ts';
import { writeOut } from '../io.ts';

/** The status table: counts by state, completed/failed per minute, the latest failures. */
async function statusTable(queue: StoryQueue, reenrichQueue: ReenrichQueue, afterQueue: AfterQueue, name: string, failures: number, rates: boolean): Promise<{ text: string; json: object }> {
  const [status, backlog, follow] = await Promise.all([queueStatus(queue, failures), reenrichBacklog(reenrichQueue), afterBacklog(afterQueue)]);
  const r = rates ? await queueRates(queue) : null;
  const lines = [`queue ${name}${r ? `   ${new Date().toISOString().slice(11, 19)}` : ''}`];
  if (r) {
    lines.push(`  ${'state'.padEnd(12)} ${'jobs'.padStart(7)}`);
  }
  for (const state of JOB_STATES) lines.push(`  ${state.padEnd(12)} ${String(status.counts[state] ?? 0).padStart(7)}`);
  if (r) {
    const { completed, failed } = r.perMinute;
    lines.push(`  per minute   ${'now'.padStart(7)} ${'5 min'.padStart(7)} ${'15 min'.padStart(7)}`);
    lines.push(`  completed    ${String(completed.last1m).padStart(7)} ${String(completed.last5m).padStart(7)} ${String(completed.last15m).padStart(7)}`);
    lines.push(`  failed       ${String(failed.last1m).padStart(7)} ${String(failed.last5m).padStart(7)} ${String(failed.last15m).padStart(7)}`);
  }
  // Re-enrichment runs only while no live story waits: its backlog is what is left to redo.
  const b = backlog.counts;
  lines.push(`re-enrichment backlog ${String(backlog.pending).padStart(7)}   (waiting ${b.waiting + b.prioritized}, active ${b.active}, delayed ${b.delayed}, failed ${b.failed})`);
  // Clusters and quotation occurrences of stories already indexed, settled in batches.
  const f = follow.counts;
  lines.push(`follow-ups pending    ${String(follow.pending).padStart(7)}   (waiting ${f.waiting + f.prioritized}, active ${f.active}, delayed ${f.delayed}, failed ${f.failed})`);
  if (status.failures.length) {
    lines.push('latest failures:');
    for (const f of status.failures) lines.push(`  ${f.id}  ${f.source ?? ''}  (${f.attempts} attempt${f.attempts === 1 ? '' : 's'}) ${f.reason}`);
  }
  const reenrich = { pending: backlog.pending, counts: backlog.counts };
  const after = { pending: follow.pending, counts: follow.counts };
  return { text: lines.join('\n'), json: r ? { ...status, perMinute: r.perMinute, reenrich, after } : { ...status, reenrich, after } };
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('job counts by state and the latest failures with their reasons; --watch for a live table')
    .option('--json', 'print the status as JSON (with --watch: a line per refresh)')
    .option('--failures <n>', 'how many recent failures to show', (v) => Number.parseInt(v, 10), 10)
    .option('--watch', 'redraw the table, with completed/failed per minute, until SIGINT')
    .option('--interval <ms>', 'with --watch: milliseconds between refreshes', (v) => Number.parseInt(v, 10), 2000)
    .option('--times <n>', 'with --watch: stop after this many refreshes', (v) => Number.parseInt(v, 10))
    .action(async (opts: { json?: boolean; failures: number; watch?: boolean; interval: number; times?: number }, command: Command) => {
      const { config, logger } = contextOf(command);
      const connection = await connectRedis(config);
      const queue = createStoryQueue(config, connection);
      const reenrichQueue = createReenrichQueue(config, connection);
      const afterQueue = createAfterQueue(config, connection);
      const name = `${config.queuePrefix}:${config.queueName}`;
      try {
        if (!opts.watch) {
          const { text, json } = await statusTable(queue, reenrichQueue, afterQueue, name, opts.failures, false);
          return await writeOut(process.stdout, opts.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
        }
        const tty = process.stdout.isTTY === true && !opts.json;
        let stop = false;
        const removeSignals = onStopSignals(logger, 'stopping the watch', () => (stop = true));
        if (tty) process.stdout.write('\x1b[?25l');
        try {
          for (let n = 0; !stop && (opts.times === undefined || n < opts.times); n++) {
            if (n) await new Promise((r) => setTimeout(r, opts.interval));
            if (stop) break;
            const { text, json } = await statusTable(queue, reenrichQueue, afterQueue, name, opts.failures, true);
            // On a terminal the table is redrawn in place; elsewhere each refresh is appended.
            if (opts.json) await writeOut(process.stdout, `${JSON.stringify(json)}\n`);
            else await writeOut(process.stdout, tty ? `\x1b[H\x1b[2J${text}\n\n(refreshing every ${opts.interval / 1000}s; Ctrl-C to stop)\n` : `${text}\n\n`);
          }
        } finally {
          if (tty) process.stdout.write('\x1b[?25h');
          removeSignals();
        }
      } finally {
        await Promise.all([queue.close(), reenrichQueue.close(), afterQueue.close()]);
        await connection.quit().catch(() => undefined);
      }
    });
}
