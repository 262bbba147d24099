import type { Command } from 'commander';
import { importKibanaObjects } from '../../kibana/import.ts';
import { contextOf } from '../context.ts';
import { writeOut } from '../io.ts';

export function registerKibana(program: Command, setExit: (code: number) => void): void {
  const kibana = program.command('kibana').description('Kibana saved objects: a data view, a saved search, charts, a map and a dashboard');
  kibana
    .command('import')
    .description('import config/kibana saved objects into Kibana (WIREDESK_KIBANA_URL), data view on WIREDESK_INDEX')
    .option('--space <id>', 'a Kibana space other than the default')
    .action(async (opts: { space?: string }, command: Command) => {
      const { config } = contextOf(command);
      const result = await importKibanaObjects(config, opts.space ? { space: opts.space } : {});
      const lines = [`imported ${result.successCount} saved objects into ${config.kibanaUrl}; open the dashboard "wiredesk overview"`];
      for (const e of result.errors) lines.push(`  failed ${e.type} ${e.id}: ${e.error}`);
      await writeOut(process.stdout, `${lines.join('\n')}\n`);
      if (result.errors.length) setExit(1);
    });
}
