import type { Client } from '@elastic/elasticsearch';
import { ConfigError } from '../errors.ts';
import { hasEnglishAnalyzer, indexNameFor, templateFor } from './template.ts';

export interface SetupResult {
  alias: string;
  index: string;
  templateVersion: number;
  english: boolean;
  created: boolean;
}

/**
 * Makes sure the index template and the write alias exist. Idempotent: running it again
 * changes nothing. Documents are always written through the alias, never to a concrete index.
 */
export async function ensureIndex(client: Client, alias: string): Promise<SetupResult> {
  const english = await hasEnglishAnalyzer(client);
  const template = templateFor(alias, { english });
  await client.indices.putIndexTemplate(template);
  const index = indexNameFor(alias, template.version);

  if (await client.indices.existsAlias({ name: alias })) {
    const current = Object.keys(await client.indices.getAlias({ name: alias }));
    if (!current.includes(index)) {
      throw new ConfigError(
        `the alias ${alias} points to ${current.join(', ')}, not ${index} (template version ${template.version}); migrating between template versions is not supported yet`,
      );
    }
    return { alias, index, templateVersion: template.version, english, created: false };
  }
  if (await client.indices.exists({ index: alias })) {
    throw new ConfigError(
      `${alias} is a concrete index, not an alias: it was created without wiredesk setup; delete it or set WIREDESK_INDEX to another name`,
    );
  }
  try {
    await client.indices.create({ index, aliases: { [alias]: { is_write_index: true } } });
  } catch (err) {
    // Another process ran setup at the same moment: what it created is what we wanted.
    if ((err as { body?: { error?: { type?: string } } }).body?.error?.type !== 'resource_already_exists_exception') throw err;
  }
  await client.cluster.health({ index, wait_for_status: 'yellow', timeout: '30s' });
  return { alias, index, templateVersion: template.version, english, created: true };
}

/** Deletes the alias's indices and template (tests and `wiredesk setup --reset`). */
export async function dropIndex(client: Client, alias: string): Promise<void> {
  await client.indices.delete({ index: `${alias}-*`, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
  await client.indices.deleteIndexTemplate({ name: alias }).catch(() => undefined);
}
