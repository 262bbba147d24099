import { Client } from '@elastic/elasticsearch';
import type { Config } from '../config.ts';
import { ServiceUnavailableError } from '../errors.ts';

/** An Elasticsearch client for the configured cluster and credentials. */
export function createEsClient(config: Pick<Config, 'es'>): Client {
  const { url, apiKey, username, password } = config.es;
  return new Client({
    node: url,
    ...(apiKey ? { auth: { apiKey } } : username && password ? { auth: { username, password } } : {}),
    requestTimeout: 30_000,
    maxRetries: 2,
  });
}

/**
 * Waits until the cluster reports yellow or green. Uses cluster health, not `info()`: the
 * minimal distribution answers `GET /` with an error.
 */
export async function waitForCluster(client: Client, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const health = await client.cluster.health({ wait_for_status: 'yellow', timeout: '5s' });
      if (health.status !== 'red') return health.status;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const url = client.connectionPool.connections[0]?.url.toString() ?? 'Elasticsearch';
  throw new ServiceUnavailableError(
    `Elasticsearch at ${url} is not healthy after ${timeoutMs / 1000}s (${(lastError as Error | undefined)?.message ?? 'status red'}); start it with scripts/services up or set WIREDESK_ES_URL`,
  );
}
