import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, redactUrl } from '../../../src/config.ts';
import { ConfigError } from '../../../src/errors.ts';

const messageOf = (env: NodeJS.ProcessEnv, file?: string) => {
  try {
    loadConfig(env, file);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('has working defaults for a local machine', () => {
    const config = loadConfig({});
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.es.url).toBe('http://127.0.0.1:9200');
    expect(config.index).toBe('wire-stories');
    expect(config.queuePrefix).toBe('wiredesk');
  });

  it('takes environment variables, numbers included', () => {
    const config = loadConfig({ WIREDESK_REDIS_URL: 'rediss://cache:6380', WIREDESK_CONCURRENCY: '4', WIREDESK_ES_API_KEY: 'k' });
    expect(config.redisUrl).toBe('rediss://cache:6380');
    expect(config.worker.concurrency).toBe(4);
    expect(config.es.apiKey).toBe('k');
  });

  it('accepts a Redis Cluster hash tag as the queue prefix', () => {
    expect(loadConfig({ WIREDESK_QUEUE_PREFIX: '{wiredesk}' }).queuePrefix).toBe('{wiredesk}');
    expect(messageOf({ WIREDESK_QUEUE_PREFIX: '{wiredesk' })).toMatch(/^WIREDESK_QUEUE_PREFIX="\{wiredesk": .*hash tag.*; example: \{wiredesk\}$/);
  });

  it('stops on a bad value with one line naming the variable, the problem and a good value', () => {
    const message = messageOf({ WIREDESK_REDIS_URL: 'localhost:6379' });
    expect(message).toBe('WIREDESK_REDIS_URL="localhost:6379": not a redis:// or rediss:// URL; example: redis://127.0.0.1:6379');
    expect(message).not.toContain('\n');
    expect(messageOf({ WIREDESK_CONCURRENCY: 'lots' })).toMatch(/^WIREDESK_CONCURRENCY="lots": .*; example: 128$/);
    expect(messageOf({ WIREDESK_INDEX: 'Wire Stories' })).toMatch(/^WIREDESK_INDEX="Wire Stories": not a valid index name/);
  });

  it('reads WIREDESK_BULK_LOAD as true/false/1/0 and refuses anything else', () => {
    expect(loadConfig({}).worker.bulkLoad).toBe(false);
    expect(loadConfig({ WIREDESK_BULK_LOAD: 'true' }).worker.bulkLoad).toBe(true);
    expect(loadConfig({ WIREDESK_BULK_LOAD: '1' }).worker.bulkLoad).toBe(true);
    expect(loadConfig({ WIREDESK_BULK_LOAD: 'false' }).worker.bulkLoad).toBe(false);
    expect(messageOf({ WIREDESK_BULK_LOAD: 'yes' })).toMatch(/^WIREDESK_BULK_LOAD="yes": .*; example: true$/);
  });

  it('gives each enrichment thread a heap ceiling of 512 MB unless told otherwise (0: none)', () => {
    expect(loadConfig({}).worker.threadHeapMb).toBe(512);
    expect(loadConfig({ WIREDESK_THREAD_HEAP_MB: '0' }).worker.threadHeapMb).toBe(0);
    expect(loadConfig({ WIREDESK_THREAD_HEAP_MB: '2048' }).worker.threadHeapMb).toBe(2048);
    expect(messageOf({ WIREDESK_THREAD_HEAP_MB: '64' })).toMatch(/^WIREDESK_THREAD_HEAP_MB="64": is under 128 .*; example: 512$/);
  });

  it('never echoes a secret in its error', () => {
    const message = messageOf({ WIREDESK_ES_PASSWORD: 'hunter2' });
    expect(message).not.toContain('hunter2');
  });

  it('reads an optional JSON config file, with the environment winning', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wiredesk-config-'));
    const file = path.join(dir, 'wiredesk.json');
    writeFileSync(file, JSON.stringify({ index: 'from-file', worker: { concurrency: 3 } }));
    expect(loadConfig({}, file)).toMatchObject({ index: 'from-file', worker: { concurrency: 3 } });
    expect(loadConfig({ WIREDESK_INDEX: 'from-env' }, file).index).toBe('from-env');
    writeFileSync(file, '{ nope');
    expect(messageOf({}, file)).toMatch(/wiredesk\.json: not a JSON object/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses unknown settings in the config file, so a typo is not silently ignored', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wiredesk-config-'));
    const file = path.join(dir, 'typo.json');
    writeFileSync(file, JSON.stringify({ worker: { concurency: 3 } }));
    expect(messageOf({}, file)).toMatch(/typo\.json: worker: Unrecognized key: "concurency"/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the example config file as it is', () => {
    expect(loadConfig({}, new URL('../../../config/wiredesk.example.json', import.meta.url).pathname)).toMatchObject({ index: 'wire-stories', feeds: [] });
  });

  it('hides passwords in URLs it prints', () => {
    expect(redactUrl('redis://user:secret@host:6379')).toBe('redis://user:***@host:6379');
  });
});
