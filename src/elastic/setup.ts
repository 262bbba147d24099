import type { Client, estypes } from '@elastic/elasticsearch';
import { ConfigError, MigrationError } from '../errors.ts';
import { dropQuotationIndex } from './quotations.ts';
import { restoreLeftOverBulkLoad, type BulkLoadMarker } from './bulk-load.ts';
import type { StoryDocument } from '../article/story.ts';
import { correctionsIndexOf } from './corrections.ts';
import { externalVersionOf, fromIndexDocument, toIndexDocument, type IndexedStory } from './document.ts';
import { dropRawIndex, ensureRawIndex } from './raw-store.ts';
import { hasEnglishAnalyzer, indexNameFor, LIVE_FILTER, liveAliasOf, templateFor } from './template.ts';
import { dropVersionedIndices, esErrorTypeOf } from './errors.ts';

export interface SetupResult {
  alias: string;
  index: string;
  templateVersion: number;
  english: boolean;
  created: boolean;
  /** Present when documents were moved from older indices to this version's index. */
  migrated?: { from: string[]; copied: number; skippedNewer: number; reenriched?: number };
  /** Present when a bulk load whose process died had left the index without refresh or replicas: its settings were put back. */
  restoredBulkLoad?: BulkLoadMarker;
}

export interface SetupOptions {
  /** Replaces the template file's version (tests of migration). */
  templateVersion?: number;
  /**
   * False for processes that only need the index to exist (workers, the server): they refuse to
   * start on an alias of another template version instead of all migrating at once.
   */
  migrate?: boolean;
  /** Called with progress while documents are copied. */
  onCopy?: (copied: number, total: number) => void | Promise<void>;
  /**
   * Fills the new index by re-enriching instead of copying: given a page of old documents,
   * returns the documents to write in their place (one per story; a story it cannot
   * re-enrich, for want of a raw article, comes back as it was and is copied).
   */
  reenrich?: (docs: StoryDocument[]) => Promise<{ docs: StoryDocument[]; reenriched: number }>;
}


/**
 * Makes sure the index template and the write alias exist. Idempotent: running it again
 * changes nothing. When the template version changed, documents move to the new version's
 * index first (see `migrate`). Documents are always written through the alias.
 */
export async function ensureIndex(client: Client, alias: string, opts: SetupOptions = {}): Promise<SetupResult> {
  const english = await hasEnglishAnalyzer(client);
  const template = templateFor(alias, { english });
  if (opts.templateVersion) template.version = opts.templateVersion;
  try {
    await client.indices.putIndexTemplate(template);
  } catch (err) {
    if (esErrorTypeOf(err) === 'illegal_argument_exception') {
      throw new ConfigError(`WIREDESK_INDEX=${alias}: Elasticsearch refused the index template (${(err as { body?: { error?: { reason?: string } } }).body?.error?.reason ?? 'illegal argument'}); choose an alias whose indices no other template matches`);
    }
    throw err;
  }
  const index = indexNameFor(alias, template.version);
  await ensureRawIndex(client, alias);
  const base = { alias, index, templateVersion: template.version, english };

  if (await client.indices.existsAlias({ name: alias })) {
    const current = Object.keys(await client.indices.getAlias({ name: alias }));
    if (current.length === 1 && current[0] === index) {
      // An index made before the live alias joined the template gets it now (idempotent).
      await client.indices.putAlias({ index, name: liveAliasOf(alias), filter: LIVE_FILTER });
      const leftOver = await restoreLeftOverBulkLoad(client, alias);
      return { ...base, created: false, ...(leftOver ? { restoredBulkLoad: leftOver.marker } : {}) };
    }
    if (opts.migrate === false) {
      throw new ConfigError(`the alias ${alias} points to ${current.join(', ')}, not ${index} (template version ${template.version}): run \`wiredesk setup\` once to migrate, then start this process again`);
    }
    const migrated = await migrate(client, alias, current.filter((i) => i !== index), index, opts);
    return { ...base, created: !current.includes(index), migrated };
  }
  if (await client.indices.exists({ index: alias })) {
    throw new ConfigError(`${alias} is a concrete index, not an alias: it was created without wiredesk setup; delete it or set WIREDESK_INDEX to another name`);
  }
  await createIndex(client, index, { [alias]: { is_write_index: true } });
  return { ...base, created: true };
}

async function createIndex(client: Client, index: string, aliases: Record<string, estypes.IndicesAlias>): Promise<void> {
  try {
    await client.indices.create({ index, aliases });
  } catch (err) {
    // Another process ran setup at the same moment: what it created is what we wanted.
    if (esErrorTypeOf(err) !== 'resource_already_exists_exception') throw err;
  }
  await client.cluster.health({ index, wait_for_status: 'yellow', timeout: '30s' });
}

/**
 * Moves the alias to a new template version's index without losing a document, on a cluster
 * without the reindex module: (1) create the new index and make it the alias's write index
 * while the old ones stay readable, so writes during the copy land in the new index; (2) copy
 * every old document client-side (point in time + search_after, then `_bulk` with external
 * versioning, so a newer version written meanwhile is never overwritten; every item's answer is
 * checked); (3) check the new index holds at least as many documents; (4) drop the old indices from the alias atomically. The old indices are kept,
 * out of the alias, for the operator to delete.
 */
async function migrate(client: Client, alias: string, from: string[], to: string, { onCopy, reenrich }: Pick<SetupOptions, 'onCopy' | 'reenrich'>) {
  if (!(await client.indices.exists({ index: to }))) await createIndex(client, to, {});
  await client.indices.updateAliases({
    actions: [
      ...from.map((index) => ({ add: { index, alias, is_write_index: false } })),
      { add: { index: to, alias, is_write_index: true } },
    ],
  });

  await client.indices.refresh({ index: from });
  const { count: total } = await client.count({ index: from });
  let copied = 0;
  let skippedNewer = 0;
  let reenriched = 0;
  const pit = await client.openPointInTime({ index: from, keep_alive: '2m' });
  try {
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page = await client.search<IndexedStory>({
        pit: { id: pit.id, keep_alive: '2m' },
        size: 500,
        sort: ['_shard_doc'],
        ...(after ? { search_after: after } : {}),
      });
      const hits = page.hits.hits;
      if (!hits.length) break;
      let docs = hits.map((h) => fromIndexDocument(h._source!));
      if (reenrich) {
        const page = await reenrich(docs);
        docs = page.docs;
        reenriched += page.reenriched;
      }
      const operations = docs.flatMap((doc) =>
        // `external`, not `external_gte`: a copy of the same version as one written meanwhile
        // (a story re-processed during the migration) must not overwrite it.
        [{ index: { _index: to, _id: doc.id, version: externalVersionOf(doc), version_type: 'external' as const } }, toIndexDocument(doc)],
      );
      const response = await client.bulk({ operations, refresh: false });
      for (const entry of response.items) {
        const item = entry.index!;
        if (item.status === 409) skippedNewer += 1;
        else if (item.error) throw new MigrationError(`migration stopped: ${item._id} could not be copied to ${to} (${item.error.type}: ${item.error.reason}); the alias still reads the old indices, nothing is lost`);
        else copied += 1;
      }
      await onCopy?.(copied + skippedNewer, total);
      after = hits[hits.length - 1]!.sort;
    }
  } finally {
    await client.closePointInTime({ id: pit.id }).catch(() => undefined);
  }

  await client.indices.refresh({ index: to });
  const { count: present } = await client.count({ index: to });
  if (present < total) {
    throw new MigrationError(`migration stopped: ${to} holds ${present} documents, the old indices ${total}; the alias still reads both, nothing is lost`);
  }
  // The old indices leave both aliases, or Kibana's view would show every story twice.
  await client.indices.updateAliases({ actions: from.flatMap((index) => [{ remove: { index, alias } }, { remove: { index, alias: liveAliasOf(alias), must_exist: false } }]) });
  return { from, copied, skippedNewer, ...(reenrich ? { reenriched } : {}) };
}

/** Deletes the alias's indices and template, and its quotation occurrences (tests, benchmarks). */
export async function dropIndex(client: Client, alias: string): Promise<void> {
  await dropQuotationIndex(client, alias);
  await dropVersionedIndices(client, alias);
  await dropRawIndex(client, alias);
  await client.indices.delete({ index: correctionsIndexOf(alias) }, { ignore: [404] });
}
