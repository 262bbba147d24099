import type { Client } from '@elastic/elasticsearch';
import { hostname } from 'node:os';

/**
 * Bulk-load mode for backfills: the write index gets `refresh_interval: -1` and no replicas
 * (`auto_expand_replicas` off, `number_of_replicas: 0`) for the run, and its previous values
 * back afterwards. The previous values are kept in the index's own mapping `_meta`
 * (`wiredeskBulkLoad`), so a process that died hard leaves a marker that the next `setup` or
 * worker start finds and undoes (`restoreLeftOverBulkLoad`, called by `ensureIndex`).
 */

/** The settings bulk-load mode changes; null means "not set on the index" (the default applies). */
export interface BulkLoadSettings {
  refresh_interval: string | null;
  number_of_replicas: string | null;
  auto_expand_replicas: string | null;
}

/** What the marker in the index's mapping `_meta` holds. */
export interface BulkLoadMarker {
  previous: BulkLoadSettings;
  since: string;
  by: string;
}

export const BULK_LOAD_META = 'wiredeskBulkLoad';
const KEYS = ['refresh_interval', 'number_of_replicas', 'auto_expand_replicas'] as const;
const BULK_SETTINGS = { refresh_interval: '-1', auto_expand_replicas: 'false', number_of_replicas: '0' };

/** The concrete index the alias writes to (its write index, or its only index). */
export async function writeIndexOf(client: Client, alias: string): Promise<string> {
  const aliases = await client.indices.getAlias({ name: alias });
  const indices = Object.entries(aliases);
  const write = indices.find(([, a]) => a.aliases[alias]?.is_write_index) ?? (indices.length === 1 ? indices[0] : undefined);
  if (!write) throw new Error(`the alias ${alias} has no write index (it points to ${indices.map(([i]) => i).join(', ') || 'nothing'})`);
  return write[0];
}

async function metaOf(client: Client, index: string): Promise<Record<string, unknown>> {
  const mapping = await client.indices.getMapping({ index });
  return (mapping[index]?.mappings._meta as Record<string, unknown> | undefined) ?? {};
}

/** The bulk-load marker on an index, or null. */
export async function bulkLoadMarker(client: Client, index: string): Promise<BulkLoadMarker | null> {
  const marker = (await metaOf(client, index))[BULK_LOAD_META];
  return marker && typeof marker === 'object' ? (marker as BulkLoadMarker) : null;
}

/** The index's own values of the settings bulk-load mode changes (null: not set, the default applies). */
export async function loadSettingsOf(client: Client, index: string): Promise<BulkLoadSettings> {
  const settings = (await client.indices.getSettings({ index, flat_settings: true }))[index]?.settings as Record<string, string | undefined> | undefined;
  const of = (key: string) => settings?.[`index.${key}`] ?? null;
  return { refresh_interval: of('refresh_interval'), number_of_replicas: of('number_of_replicas'), auto_expand_replicas: of('auto_expand_replicas') };
}

async function putMarker(client: Client, index: string, marker: BulkLoadMarker | null): Promise<void> {
  const meta = { ...(await metaOf(client, index)) };
  if (marker) meta[BULK_LOAD_META] = marker;
  else delete meta[BULK_LOAD_META];
  await client.indices.putMapping({ index, _meta: meta });
}

export interface BulkLoad {
  index: string;
  previous: BulkLoadSettings;
  /** Puts the previous settings back and removes the marker; safe to call more than once. */
  end(): Promise<BulkLoadSettings | null>;
}

/**
 * Turns bulk-load mode on for the alias's write index. The marker is written before the
 * settings change, so a crash in between leaves something to undo, never a silent change. A
 * marker already there (another bulk-load run, or one that died) keeps its saved values: they
 * are the ones from before any bulk load.
 */
export async function beginBulkLoad(client: Client, alias: string): Promise<BulkLoad> {
  const index = await writeIndexOf(client, alias);
  const existing = await bulkLoadMarker(client, index);
  const previous = existing?.previous ?? (await loadSettingsOf(client, index));
  if (!existing) await putMarker(client, index, { previous, since: new Date().toISOString(), by: `${hostname()}:${process.pid}` });
  await client.indices.putSettings({ index, settings: { index: BULK_SETTINGS } });
  let ended: Promise<BulkLoadSettings | null> | null = null;
  return { index, previous, end: () => (ended ??= restoreBulkLoad(client, index, previous)) };
}

/**
 * Restores an index's settings from its marker (or `fallback` when another process already
 * removed it) and removes the marker. Null when there was nothing to restore.
 */
export async function restoreBulkLoad(client: Client, index: string, fallback?: BulkLoadSettings): Promise<BulkLoadSettings | null> {
  const marker = await bulkLoadMarker(client, index);
  const previous = marker?.previous ?? fallback;
  if (!previous) return null;
  // auto_expand_replicas first: while it is on, it decides number_of_replicas.
  const settings: Record<string, string | null> = {};
  for (const key of KEYS) settings[key] = previous[key];
  if (previous.auto_expand_replicas && previous.auto_expand_replicas !== 'false') delete settings.number_of_replicas;
  await client.indices.putSettings({ index, settings: { index: settings } });
  if (marker) await putMarker(client, index, null);
  return previous;
}

/** Undoes a bulk load whose process died (its marker is still on the write index); null when there was none. */
export async function restoreLeftOverBulkLoad(client: Client, alias: string): Promise<{ index: string; marker: BulkLoadMarker } | null> {
  const index = await writeIndexOf(client, alias);
  const marker = await bulkLoadMarker(client, index);
  if (!marker) return null;
  await restoreBulkLoad(client, index);
  return { index, marker };
}

/** Runs `work` in bulk-load mode and restores the settings however it ends. */
export async function withBulkLoad<T>(client: Client, alias: string, work: (load: BulkLoad) => Promise<T>): Promise<T> {
  const load = await beginBulkLoad(client, alias);
  try {
    return await work(load);
  } finally {
    await load.end();
  }
}
