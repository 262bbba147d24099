import type { Client, estypes } from '@elastic/elasticsearch';

/** The HTTP status of an Elasticsearch client error (undefined when no answer came). */
export const esStatusOf = (err: unknown): number | undefined => (err as { meta?: { statusCode?: number } }).meta?.statusCode;

/** The error type Elasticsearch answered with (`index_not_found_exception` …). */
export const esErrorTypeOf = (err: unknown): string | undefined => (err as { body?: { error?: { type?: string } } }).body?.error?.type;

/**
 * Creates an index unless it exists; another process creating it at the same moment is fine.
 * Returns whether this call created it.
 */
export async function createIndexIfMissing(client: Client, request: estypes.IndicesCreateRequest): Promise<boolean> {
  try {
    await client.indices.create(request);
    return true;
  } catch (err) {
    if (esErrorTypeOf(err) !== 'resource_already_exists_exception') throw err;
    return false;
  }
}

/**
 * Deletes `<prefix>-v*` (each index named: wildcard deletes are refused by default) and the
 * index template `<prefix>` where they exist.
 */
export async function dropVersionedIndices(client: Client, prefix: string): Promise<void> {
  const indices = Object.keys(await client.indices.get({ index: `${prefix}-v*`, allow_no_indices: true, expand_wildcards: 'all' }));
  if (indices.length) await client.indices.delete({ index: indices });
  await client.indices.deleteIndexTemplate({ name: prefix }).catch((err: unknown) => {
    if (esStatusOf(err) !== 404) throw err;
  });
}
