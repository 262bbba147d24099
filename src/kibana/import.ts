import type { Config } from '../config.ts';
import { ServiceUnavailableError, WiredeskError } from '../errors.ts';
import { kibanaNdjson } from './objects.ts';

export class KibanaImportError extends WiredeskError {
  readonly code = 'kibana_import_failed';
  readonly permanent = true;
}

export interface KibanaImportResult {
  successCount: number;
  errors: { id: string; type: string; error: string }[];
}

/**
 * Posts wiredesk's saved objects to Kibana's import API (overwriting earlier imports), with the
 * data view on the configured alias and the Elasticsearch credentials, which Kibana shares.
 */
export async function importKibanaObjects(config: Pick<Config, 'index' | 'es' | 'kibanaUrl'>, opts: { space?: string } = {}): Promise<KibanaImportResult> {
  const base = config.kibanaUrl.replace(/\/+$/, '');
  const url = `${base}${opts.space ? `/s/${encodeURIComponent(opts.space)}` : ''}/api/saved_objects/_import?overwrite=true`;
  const form = new FormData();
  form.append('file', new Blob([kibanaNdjson(config.index)], { type: 'application/ndjson' }), 'wiredesk.ndjson');
  const headers: Record<string, string> = { 'kbn-xsrf': 'wiredesk' };
  if (config.es.apiKey) headers.authorization = `ApiKey ${config.es.apiKey}`;
  else if (config.es.username && config.es.password) headers.authorization = `Basic ${Buffer.from(`${config.es.username}:${config.es.password}`).toString('base64')}`;

  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: form, headers, signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new ServiceUnavailableError(`Kibana at ${base} cannot be reached (${(err as Error).cause ? String((err as Error & { cause: unknown }).cause) : (err as Error).message}); start it (docker compose up -d kibana) or set WIREDESK_KIBANA_URL`);
  }
  const text = await response.text();
  if (!response.ok) throw new KibanaImportError(`Kibana refused the import (${response.status}): ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { successCount?: number; errors?: { id: string; type: string; error?: { type?: string; message?: string } }[] };
  return {
    successCount: body.successCount ?? 0,
    errors: (body.errors ?? []).map((e) => ({ id: e.id, type: e.type, error: e.error?.message ?? e.error?.type ?? 'unknown' })),
  };
}
