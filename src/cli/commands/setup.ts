import type { Command } from 'commander';
import { createEsClient, waitForCluster } from '../../elastic/client.ts';
import { ensureIndex } from '../../elastic/setup.ts';
import { contextOf } from '../context.ts';
import { writeOut } from '../io.ts';

export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description('create or update the index template and the write alias (idempotent)')
    .action(async (_opts: unknown, command: Command) => {
      const { config } = contextOf(command);
      const es = createEsClient(config);
      try {
        await waitForCluster(es);
        const r = await ensureIndex(es, config.index);
        await writeOut(
          process.stdout,
          `${r.created ? 'created' : 'up to date:'} alias ${r.alias} → ${r.index} (template v${r.templateVersion}${r.english ? ', english analyzer' : ', no english analyzer on this cluster'})\n`,
        );
      } finally {
        await es.close();
      }
    });
}
