import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { checkEvictionPolicy, createRedis } from '../../src/queue/connection.ts';

/** A logger that keeps what it was told. */
function keptLogger() {
  const lines: { level: 'warn' | 'debug'; msg: string }[] = [];
  return { lines, warn: (_o: object, msg: string) => lines.push({ level: 'warn', msg }), debug: (_o: object, msg: string) => lines.push({ level: 'debug', msg }) };
}

describe('the Redis eviction-policy check at start-up', () => {
  it('reads the policy through a producer connection created the moment before (no offline queue)', async () => {
    const config = loadConfig(process.env);
    const ready = createRedis(config, 'producer');
    const fresh = createRedis(config, 'producer');
    try {
      expect(fresh.status).not.toBe('ready');
      const logger = keptLogger();
      const policy = await checkEvictionPolicy(fresh, logger);
      if (ready.status !== 'ready') await new Promise((r) => ready.once('ready', r));
      const [, expected] = (await ready.config('GET', 'maxmemory-policy')) as string[];
      expect(policy).toBe(expected);
      expect(logger.lines.filter((l) => l.level === 'debug')).toEqual([]);
    } finally {
      ready.disconnect();
      fresh.disconnect();
    }
  });

  describe('a Redis that accepts the connection but never answers', () => {
    let silent: Server;
    let port: number;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      port = (silent.address() as AddressInfo).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    });

    it('gives up after its wait, at debug level, instead of holding the start-up', async () => {
      const redis = createRedis(loadConfig({ ...process.env, WIREDESK_REDIS_URL: `redis://127.0.0.1:${port}` }), 'producer');
      redis.on('error', () => undefined);
      try {
        const logger = keptLogger();
        const t0 = performance.now();
        expect(await checkEvictionPolicy(redis, logger, 300)).toBeNull();
        expect(performance.now() - t0).toBeLessThan(3000);
        expect(logger.lines).toEqual([{ level: 'debug', msg: 'could not read Redis maxmemory-policy (CONFIG GET refused, or Redis not ready)' }]);
      } finally {
        redis.disconnect();
      }
    });
  });
});
