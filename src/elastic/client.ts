import { Client } from '@elastic/elasticsearch';
import type { Config } from '../config.ts';
import { ServiceUnavailableError } from '../errors.ts';

/** The configured node URLs: WIREDESK_ES_URL holds one, or several separated by commas. */
export function esNodes(config: Pick<Config, 'es'>): string[] {
  return config.es.url
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
}

/**
 * An Elasticsearch client for the configured cluster and credentials. With several URLs the
 * client spreads requests over them and sends a request that finds a node dead to the next
 * one (a dead node is left out and pinged back later). No sniffing: the URLs given are the
 * ones reachable from here, which the addresses a cluster publishes need not be.
 */
export function createEsClient(config: Pick<Config, 'es'>): Client {
  const { apiKey, username, password } = config.es;
  const nodes = esNodes(config);
  return new Client({
    ...(nodes.length === 1 ? { node: nodes[0]! } : { nodes }),
    sniffOnStart: false,
    sniffOnConnectionFault: false,
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
  const url = client.connectionPool.connections.map((c) => c.url.origin).join(',') || 'Elasticsearch';
  throw new ServiceUnavailableError(
    `Elasticsearch at ${url} is not healthy after ${timeoutMs / 1000}s (${(lastError as Error | undefined)?.message ?? 'status red'}); start it with scripts/services up or set WIREDESK_ES_URL`,
  );
}
