import type { Command } from 'commander';
import { createEsClient, waitForCluster } from '../../elastic/client.ts';
import { countSelection, selectionPages, type StorySelection } from '../../elastic/story-selection.ts';
import { connectRedis } from '../../queue/connection.ts';
import { createReenrichQueue, enqueueReenrichment } from '../../queue/reprocess.ts';
import { PIPELINE_REVISION } from '../../version.ts';
import { contextOf } from '../context.ts';
import { writeOut } from '../io.ts';
import { positiveIntOption } from '../options.ts';
import { ProgressBar } from '../progress.ts';

export const REPROCESS_DESCRIPTION = 'enrich indexed stories again from their kept raw articles (a lower-priority queue: live stories go first)';

interface ReprocessOptions {
  olderThan?: number;
  all?: boolean;
  query?: string;
  from?: string;
  to?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function registerReprocess(program: Command): void {
  program
    .command('reprocess')
    .description(REPROCESS_DESCRIPTION)
    .option('--older-than <revision>', `stories enriched by a pipeline revision below this one (default: the current revision, ${PIPELINE_REVISION})`, positiveIntOption('--older-than'))
    .option('--all', 'every matching story, whatever revision enriched it')
    .option('--query <words>', 'only stories matching these words (as `wiredesk search` takes them)')
    .option('--from <day>', 'only stories published on or after this day (2021-08-26)')
    .option('--to <day>', 'only stories published on or before this day')
    .option('--dry-run', 'print how many stories would be queued, queue nothing')
    .option('--json', 'print the result as JSON')
    .action(async (opts: ReprocessOptions, command: Command) => {
      const { config } = contextOf(command);
      const selection: StorySelection = {
        ...(opts.query ? { query: opts.query } : {}),
        ...(opts.from ? { from: opts.from } : {}),
        ...(opts.to ? { to: opts.to } : {}),
        ...(opts.all ? {} : { olderThan: opts.olderThan ?? PIPELINE_REVISION }),
      };
      const which = opts.all ? 'whatever their revision' : `enriched by a revision below ${selection.olderThan}`;
      const es = createEsClient(config);
      try {
        await waitForCluster(es);
        const total = await countSelection(es, config.index, selection);
        if (opts.dryRun) {
          return await writeOut(process.stdout, opts.json ? `${JSON.stringify({ dryRun: true, count: total, revision: PIPELINE_REVISION })}\n` : `${total} ${total === 1 ? 'story' : 'stories'} would be re-enriched (${which}; current revision ${PIPELINE_REVISION})\n`);
        }
        const connection = await connectRedis(config);
        const queue = createReenrichQueue(config, connection);
        const bar = new ProgressBar('queueing', total);
        let queued = 0;
        try {
          for await (const ids of selectionPages(es, config.index, selection)) {
            await enqueueReenrichment(queue, ids);
            queued += ids.length;
            bar.grow(queued);
            bar.tick(ids.length);
          }
        } finally {
          bar.finish();
          await queue.close();
          await connection.quit().catch(() => undefined);
        }
        await writeOut(
          process.stdout,
          opts.json
            ? `${JSON.stringify({ queued, revision: PIPELINE_REVISION })}\n`
            : `queued ${queued} ${queued === 1 ? 'story' : 'stories'} for re-enrichment (${which}); a worker takes them while no live story waits (wiredesk status shows the backlog)\n`,
        );
      } finally {
        await es.close();
      }
    });
}
