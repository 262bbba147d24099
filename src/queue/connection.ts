import { Redis } from 'ioredis';
import type { Config } from '../config.ts';

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
