import { InvalidArgumentError, type Command } from 'commander';
import { createEsClient, esNodes, waitForCluster } from '../../elastic/client.ts';
import { ensureIndex } from '../../elastic/setup.ts';
import { EnrichPool, enrichPoolOptions } from '../../enrichment/pool.ts';
import { reenrichForMigration } from '../../runtime/reenrich-migration.ts';
import { ensureQuotationIndex } from '../../elastic/quotations.ts';
import { redactUrl } from '../../config.ts';
import { contextOf } from '../context.ts';
import { writeOut } from '../io.ts';
import { ProgressBar } from '../progress.ts';

export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description('create or update the index template and the write alias (idempotent)')
    .option('--migrate <how>', 'when the template version changed, fill the new index by `copy` (the documents as they are) or `reenrich` (enriched again from their kept raw articles; copied where none is kept)', (v: string) => {
      if (v !== 'copy' && v !== 'reenrich') throw new InvalidArgumentError('--migrate takes copy or reenrich');
      return v;
    }, 'copy')
    .action(async (opts: { migrate: 'copy' | 'reenrich' }, command: Command) => {
      const { config, logger } = contextOf(command);
      const es = createEsClient(config);
      // Threads only when they may be needed: a setup with nothing to migrate never starts them.
      let pool: EnrichPool | null = null;
      try {
        await waitForCluster(es);
        const bar = new ProgressBar('migrate', 0);
        const r = await ensureIndex(es, config.index, {
          ...(opts.migrate === 'reenrich'
            ? {
                reenrich: (docs) => {
                  pool ??= new EnrichPool(enrichPoolOptions(config, logger));
                  return reenrichForMigration(es, config.index, pool)(docs);
                },
              }
            : {}),
          onCopy: (done, total) => {
            bar.grow(total);
            bar.tick(done - bar.count);
          },
        });
        bar.finish();
        const lines = [
          `${r.created ? 'created' : 'up to date:'} alias ${r.alias} → ${r.index} (template v${r.templateVersion}${r.english ? ', english analyzer' : ', no english analyzer on this cluster'})`,
        ];
        const q = await ensureQuotationIndex(es, config.index, { backfill: true });
        lines.push(`${q.created ? 'created' : 'up to date:'} alias ${q.alias} → ${q.index} (quotation occurrences v${q.version}${q.backfilled !== undefined ? `, built from ${q.backfilled} ${q.backfilled === 1 ? 'story' : 'stories'} with quotes` : ''})`);
        if (r.migrated) {
          lines.push(
            `migrated ${r.migrated.copied} documents from ${r.migrated.from.join(', ')}${r.migrated.reenriched !== undefined ? ` (${r.migrated.reenriched} enriched again from their raw articles, the others copied)` : ''}${r.migrated.skippedNewer ? ` (${r.migrated.skippedNewer} already newer in ${r.index})` : ''}`,
            `the old ${r.migrated.from.length === 1 ? 'index is' : 'indices are'} kept out of the alias; delete when satisfied: curl -XDELETE ${redactUrl(esNodes(config)[0]!)}/${r.migrated.from.join(',')}`,
          );
        }
        await writeOut(process.stdout, `${lines.join('\n')}\n`);
      } finally {
        await (pool as EnrichPool | null)?.close();
        await es.close();
      }
    });
}
