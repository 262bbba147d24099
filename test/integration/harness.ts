import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { loadConfig, type Config } from '../../src/config.ts';
import type { StoryDocument } from '../../src/article/story.ts';
import { createEsClient } from '../../src/elastic/client.ts';
import { fromIndexDocument, type IndexedStory } from '../../src/elastic/document.ts';
import { dropIndex } from '../../src/elastic/setup.ts';
import { createRedis } from '../../src/queue/connection.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SEED = fileURLToPath(new URL('../../samples/000_482e6b3d5c193770.txt', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/wiredesk.js', import.meta.url));

/** A private index and queue prefix for one test file, so files never see each other's data. */
export interface Sandbox {
  env: Record<string, string>;
  config: Config;
  /** Every story document in the sandbox's index, after a refresh (at most 100). */
  indexed(): Promise<StoryDocument[]>;
  /** Drops the index and every Redis key under the queue prefix. */
  cleanup(): Promise<void>;
}

/** Deletes every Redis key that starts with `start` (SCAN, so Redis never blocks on a KEYS). */
export async function deleteKeys(redis: ReturnType<typeof createRedis>, start: string): Promise<number> {
  const pattern = start.replace(/[*?[\]\\]/g, '\\$&') + '*';
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length) deleted += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

export function sandbox(name: string, extraEnv: Record<string, string> = {}): Sandbox {
  const tag = `${name}-${randomBytes(3).toString('hex')}`;
  const env = {
    WIREDESK_INDEX: `wd-test-${tag}`,
    WIREDESK_QUEUE_PREFIX: `wdtest-${tag}`,
    WIREDESK_LOG_LEVEL: 'warn',
    WIREDESK_LOG_FORMAT: 'json',
    WIREDESK_BULK_FLUSH_MS: '50',
    WIREDESK_ATTEMPTS: '2',
    ...extraEnv,
  };
  const config = loadConfig({ ...process.env, ...env });
  return {
    env,
    config,
    async indexed() {
      const es = createEsClient(config);
      try {
        await es.indices.refresh({ index: config.index });
        const r = await es.search<IndexedStory>({ index: config.index, size: 100 });
        return r.hits.hits.map((h) => fromIndexDocument(h._source!));
      } finally {
        await es.close();
      }
    },
    async cleanup() {
      const es = createEsClient(config);
      await dropIndex(es, config.index);
      await es.close();
      const connection = createRedis(config, 'producer');
      const queue = new Queue(config.queueName, { connection, prefix: config.queuePrefix });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      // Everything else under the prefix too: the feeds' queue and schedulers, feed memory, ...
      await deleteKeys(connection, `${config.queuePrefix}:`);
      await connection.quit();
    },
  };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `wiredesk` CLI in a child process with the sandbox's environment. */
export function wiredesk(box: Sandbox, args: string[], input?: string): Promise<CliRun> {
  return runWiredesk({ ...process.env, ...box.env }, args, { input });
}

/** Runs the real `wiredesk` CLI with an environment of its own; killed after `timeoutMs` when given. */
export function runWiredesk(env: NodeJS.ProcessEnv, args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, ...(opts.timeoutMs ? { timeout: opts.timeoutMs, killSignal: 'SIGKILL' as const } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}
