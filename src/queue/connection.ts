import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { redactUrl, type Config } from '../config.ts';
import { ConfigError, ServiceUnavailableError } from '../errors.ts';

/** A connection to one Redis server or to a Redis Cluster: BullMQ takes either. */
export type RedisConnection = Redis | Cluster;

type RedisConfig = Pick<Config, 'redisUrl' | 'redisClusterNodes' | 'queuePrefix'>;

/** The Redis Cluster seed nodes, or null for a single Redis server (WIREDESK_REDIS_URL). */
export function clusterNodes(config: Pick<Config, 'redisClusterNodes'>): { host: string; port: number }[] | null {
  if (!config.redisClusterNodes) return null;
  return config.redisClusterNodes.split(',').map((seed) => {
    const [host, port] = seed.trim().split(':') as [string, string];
    return { host, port: Number(port) };
  });
}

/**
 * On a Redis Cluster every key a BullMQ script touches must live in one slot, which only a
 * `{hash tag}` in the prefix guarantees: refuse to start without one rather than fail with
 * CROSSSLOT on the first job.
 */
export function checkClusterPrefix(config: Pick<Config, 'redisClusterNodes' | 'queuePrefix'>): void {
  if (config.redisClusterNodes && !/\{[^{}]+\}/.test(config.queuePrefix)) {
    throw new ConfigError(
      `WIREDESK_QUEUE_PREFIX="${config.queuePrefix}": on a Redis Cluster (WIREDESK_REDIS_CLUSTER_NODES is set) the prefix needs a {hash tag} so that each queue's keys share one slot; example: {${config.queuePrefix.replace(/[{}]/g, '') || 'wiredesk'}}`,
    );
  }
}

/** Where to connect, for messages: the URL (password hidden) or the cluster's seed nodes. */
export function redisTarget(config: Pick<Config, 'redisUrl' | 'redisClusterNodes'>): string {
  return config.redisClusterNodes ? `Redis Cluster ${config.redisClusterNodes}` : `Redis at ${redactUrl(config.redisUrl)}`;
}

/**
 * A Redis connection for BullMQ. Workers need `maxRetriesPerRequest: null` (blocking commands
 * must wait out a Redis restart); producers fail fast instead of queueing commands forever.
 *
 * With WIREDESK_REDIS_CLUSTER_NODES set, an ioredis Cluster on those seeds; WIREDESK_REDIS_URL
 * then gives only credentials and TLS (`rediss:`). A command that meets a dead master is
 * retried while the cluster promotes its replica (up to about 20 s) instead of failing.
 */
export function createRedis(config: RedisConfig, role: 'worker' | 'producer'): RedisConnection {
  const options: RedisOptions = {
    maxRetriesPerRequest: role === 'worker' ? null : 3,
    enableOfflineQueue: role === 'worker',
    lazyConnect: false,
    connectionName: `wiredesk-${role}`,
  };
  const seeds = clusterNodes(config);
  if (!seeds) return new Redis(config.redisUrl, options);
  checkClusterPrefix(config);
  const url = new URL(config.redisUrl);
  return new Cluster(seeds, {
    redisOptions: {
      ...options,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    },
    enableOfflineQueue: role === 'worker',
    // A master killed: its connection closes, then cluster-node-timeout passes before a replica
    // takes over. Each retry re-reads the slot map; 40 × 500 ms rides out a 5-15 s failover.
    retryDelayOnFailover: 500,
    retryDelayOnClusterDown: 500,
    retryDelayOnTryAgain: 500,
    maxRedirections: 40,
    // A loaded machine answers CLUSTER SLOTS slowly; a refresh given up too soon makes the client start over.
    slotsRefreshTimeout: 5000,
  });
}

/**
 * Warns when Redis may evict keys under memory pressure: BullMQ keeps jobs, locks and
 * schedulers as ordinary keys, and an evicted key is a lost or duplicated job. Only
 * `noeviction` is safe. Managed Redis services that refuse CONFIG are noted at debug level.
 */
export async function checkEvictionPolicy(redis: RedisConnection, logger: { warn: (o: object, m: string) => void; debug: (o: object, m: string) => void }, readyMs = 5000): Promise<string | null> {
  try {
    // A producer connection refuses commands until it is ready (no offline queue): one just
    // created would refuse this one, and the check would never be made.
    await untilReady(redis, readyMs);
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1] ?? null;
    if (policy && policy !== 'noeviction') {
      logger.warn(
        { maxmemoryPolicy: policy },
        `Redis maxmemory-policy is ${policy}, not noeviction: under memory pressure Redis may evict queue keys and lose jobs; set maxmemory-policy noeviction (and appendonly yes)`,
      );
    }
    return policy;
  } catch (err) {
    logger.debug({ err }, 'could not read Redis maxmemory-policy (CONFIG GET refused, or Redis not ready)');
    return null;
  }
}

/** Resolves once the connection is ready; rejects when it is not within `ms` or has ended. */
function untilReady(redis: RedisConnection, ms: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('end', onEnd);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => done();
    const onEnd = () => done(new Error('the connection ended before it was ready'));
    const timer = setTimeout(() => done(new Error(`not ready within ${ms} ms`)), ms);
    redis.on('ready', onReady);
    redis.on('end', onEnd);
  });
}

/**
 * A producer connection that is ready, or a ServiceUnavailableError after `timeoutMs`: a command
 * run while Redis is down says so instead of waiting for ever.
 */
export async function connectRedis(config: RedisConfig, timeoutMs = 5000): Promise<RedisConnection> {
  const redis = createRedis(config, 'producer');
  const quiet = () => undefined; // connection errors are reported below, once
  redis.on('error', quiet);
  try {
    await untilReady(redis, timeoutMs);
  } catch {
    redis.disconnect();
    throw new ServiceUnavailableError(`${redisTarget(config)} does not answer after ${timeoutMs / 1000}s; start it (scripts/services up${config.redisClusterNodes ? ' --cluster' : ''}) or set ${config.redisClusterNodes ? 'WIREDESK_REDIS_CLUSTER_NODES' : 'WIREDESK_REDIS_URL'}`);
  } finally {
    redis.off('error', quiet);
  }
  return redis;
}
