import { Redis } from 'ioredis';
import { redactUrl, type Config } from '../config.ts';
import { ServiceUnavailableError } from '../errors.ts';

/**
 * A Redis connection for BullMQ. Workers need `maxRetriesPerRequest: null` (blocking commands
 * must wait out a Redis restart); producers fail fast instead of queueing commands forever.
 */
export function createRedis(config: Pick<Config, 'redisUrl'>, role: 'worker' | 'producer'): Redis {
  return new Redis(config.redisUrl, {
    maxRetriesPerRequest: role === 'worker' ? null : 3,
    enableOfflineQueue: role === 'worker',
    lazyConnect: false,
    connectionName: `wiredesk-${role}`,
  });
}

/**
 * Warns when Redis may evict keys under memory pressure: BullMQ keeps jobs, locks and
 * schedulers as ordinary keys, and an evicted key is a lost or duplicated job. Only
 * `noeviction` is safe. Managed Redis services that refuse CONFIG are noted at debug level.
 */
export async function checkEvictionPolicy(redis: Redis, logger: { warn: (o: object, m: string) => void; debug: (o: object, m: string) => void }): Promise<string | null> {
  try {
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
    logger.debug({ err }, 'could not read Redis maxmemory-policy (CONFIG GET refused)');
    return null;
  }
}

/**
 * A producer connection that is ready, or a ServiceUnavailableError after `timeoutMs`: a command
 * run while Redis is down says so instead of waiting for ever.
 */
export async function connectRedis(config: Pick<Config, 'redisUrl'>, timeoutMs = 5000): Promise<Redis> {
  const redis = createRedis(config, 'producer');
  const quiet = () => undefined; // connection errors are reported below, once
  redis.on('error', quiet);
  try {
    if (redis.status !== 'ready') {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          redis.off('ready', onReady);
          reject(new ServiceUnavailableError(`Redis at ${redactUrl(config.redisUrl)} does not answer after ${timeoutMs / 1000}s; start it (scripts/services up) or set WIREDESK_REDIS_URL`));
        }, timeoutMs);
        const onReady = () => {
          clearTimeout(timer);
          resolve();
        };
        redis.once('ready', onReady);
      });
    }
  } catch (err) {
    redis.disconnect();
    throw err;
  } finally {
    redis.off('error', quiet);
  }
  return redis;
}
