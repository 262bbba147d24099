import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Processes, Proc } from './processes.ts';

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** True when a Redis on `port` answers PING. */
export function redisAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (b: Buffer) => done(b.toString().startsWith('+PONG')));
  });
}

/**
 * A private `redis-server` with AOF fsynced on every write (no RDB snapshots) in a temp dir, on
 * its own port, that a test may kill -9 and start again on the same port and dir.
 */
export class RedisServer {
  private proc: Proc | null = null;
  private starts = 0;

  private constructor(
    private readonly procs: Processes,
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(procs: Processes): Promise<RedisServer> {
    const dir = await mkdtemp(path.join(tmpdir(), 'wd-faults-redisdata-'));
    const server = new RedisServer(procs, await freePort(), dir);
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts redis-server (again) on the same port and dir; resolves once it answers. */
  async restart(): Promise<void> {
    if (this.proc) throw new Error('redis-server is already running');
    this.starts += 1;
    this.proc = this.procs.spawn(`redis-${this.port}-${this.starts}`, 'redis-server', [
      '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir,
      '--appendonly', 'yes', '--appendfsync', 'always', '--save', '',
      '--maxmemory-policy', 'noeviction', '--daemonize', 'no',
    ]);
    const deadline = Date.now() + 15_000;
    while (!(await redisAnswers(this.port))) {
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not answer: ${this.proc.stdout().slice(-1000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** kill -9, and wait until it is gone. */
  async kill9(): Promise<void> {
    const p = this.proc;
    if (!p) return;
    this.proc = null;
    p.signal('SIGKILL');
    await p.exited;
  }

  /** Kills the server and removes its directory. */
  async cleanup(): Promise<void> {
    await this.kill9();
    await rm(this.dir, { recursive: true, force: true });
  }
}
