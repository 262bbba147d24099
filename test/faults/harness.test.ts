import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Processes } from './support/processes.ts';
import { TcpProxy } from './support/proxy.ts';
import { RedisServer } from './support/redis-server.ts';
import { SHARED_ES } from './support/sandbox.ts';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The fault machinery itself, without wiredesk: when a scenario fails, this says whether the
 * fault was real. The proxy refuses connections while cut and answers nothing while frozen;
 * the private Redis keeps what it acknowledged across kill -9; process groups die whole.
 */
describe('fault machinery', () => {
  let dir: string;
  let procs: Processes;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wd-faults-harness-'));
    procs = new Processes(dir);
  });
  afterAll(async () => {
    await procs.killAll();
    procs.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('the proxy forwards, refuses while cut, holds everything while frozen, and carries on after', async () => {
    const es = new URL(SHARED_ES);
    const proxy = new TcpProxy({ host: es.hostname, port: Number(es.port || 9200) });
    try {
      await proxy.start();
      const health = (ms = 2000) => fetch(`${proxy.url}/_cluster/health`, { signal: AbortSignal.timeout(ms) }).then((r) => r.status);
      expect(await health()).toBe(200);
      await proxy.cut();
      await expect(health()).rejects.toThrow();
      const port = proxy.port;
      expect(await proxy.restore()).toBe(port);
      expect(await health()).toBe(200);
      proxy.freeze();
      const held = fetch(`${proxy.url}/_cluster/health`).then((r) => r.status);
      await expect(health(1500)).rejects.toThrow(/aborted|timeout/i);
      proxy.thaw();
      // The request sent while frozen is answered once thawed.
      expect(await held).toBe(200);
      expect(await health()).toBe(200);
    } finally {
      await proxy.close();
    }
  });

  it('the private Redis keeps acknowledged writes across kill -9 and a restart on the same port', async () => {
    const server = await RedisServer.start(procs);
    try {
      const redis = new Redis(server.url, { maxRetriesPerRequest: null });
      redis.on('error', () => undefined);
      await redis.set('faults:probe', 'kept');
      await server.kill9();
      await server.restart();
      expect(await redis.get('faults:probe')).toBe('kept');
      redis.disconnect();
    } finally {
      await server.cleanup();
    }
  });

  it('a process group is killed whole', async () => {
    const parent = procs.spawn('group', 'bash', ['-c', 'sleep 600 & echo child $!; wait']);
    const child = Number((await parent.waitFor(/child \d+/)).split(' ')[1]);
    await procs.killAll();
    await parent.exited;
    // Gone, or a zombie waiting for a reaper that is not ours.
    const state = await readFile(`/proc/${child}/stat`, 'utf8').then((s) => s.split(') ')[1]?.[0] ?? '?').catch(() => 'gone');
    expect(['gone', 'Z']).toContain(state);
  });
});
