import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { esNodes } from '../../../src/elastic/client.ts';
import { ConfigError } from '../../../src/errors.ts';
import { checkClusterPrefix, clusterNodes, redisTarget } from '../../../src/queue/connection.ts';

describe('scale-out settings', () => {
  it('takes several Elasticsearch URLs, comma-separated', () => {
    const config = loadConfig({ WIREDESK_ES_URL: 'http://127.0.0.1:9201, http://127.0.0.1:9202,http://127.0.0.1:9203' });
    expect(esNodes(config)).toEqual(['http://127.0.0.1:9201', 'http://127.0.0.1:9202', 'http://127.0.0.1:9203']);
    expect(esNodes(loadConfig({}))).toEqual(['http://127.0.0.1:9200']);
    expect(() => loadConfig({ WIREDESK_ES_URL: 'http://127.0.0.1:9201,127.0.0.1:9202' })).toThrow(/^WIREDESK_ES_URL=.*comma-separated list/);
  });

  it('takes Redis Cluster seeds as host:port pairs', () => {
    const config = loadConfig({ WIREDESK_REDIS_CLUSTER_NODES: '127.0.0.1:7001,redis-b:7002', WIREDESK_QUEUE_PREFIX: '{wiredesk}' });
    expect(clusterNodes(config)).toEqual([
      { host: '127.0.0.1', port: 7001 },
      { host: 'redis-b', port: 7002 },
    ]);
    expect(redisTarget(config)).toBe('Redis Cluster 127.0.0.1:7001,redis-b:7002');
    expect(clusterNodes(loadConfig({}))).toBeNull();
    expect(() => loadConfig({ WIREDESK_REDIS_CLUSTER_NODES: 'redis://127.0.0.1:7001' })).toThrow(/^WIREDESK_REDIS_CLUSTER_NODES=.*host:port/);
  });

  it('refuses a queue prefix without a {hash tag} on a Redis Cluster, and says what to use', () => {
    const config = loadConfig({ WIREDESK_REDIS_CLUSTER_NODES: '127.0.0.1:7001', WIREDESK_QUEUE_PREFIX: 'wiredesk' });
    expect(() => checkClusterPrefix(config)).toThrow(ConfigError);
    expect(() => checkClusterPrefix(config)).toThrow(/WIREDESK_QUEUE_PREFIX="wiredesk": .*\{hash tag\}.*; example: \{wiredesk\}$/);
    expect(() => checkClusterPrefix({ ...config, queuePrefix: 'wd{desk}' })).not.toThrow();
    // A single Redis server takes any prefix.
    expect(() => checkClusterPrefix(loadConfig({}))).not.toThrow();
  });
});
