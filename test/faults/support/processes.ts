import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = path.join(ROOT, 'bin/wiredesk.js');

/** One child process, in its own process group, with its output kept in memory and in a log file. */
export interface Proc {
  name: string;
  pid: number;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Settles when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal to the whole process group (the process and anything it started). */
  signal(sig: NodeJS.Signals): void;
  /** Resolves once stdout or stderr has matched (or rejects after `timeoutMs` or an exit). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/**
 * Every process a test starts goes through one of these, so `killAll()` in an `afterEach`
 * (and a last-resort `exit` hook) can end them all by process group, even when the test failed.
 */
export class Processes {
  private readonly procs = new Set<Proc>();
  private readonly onExit = () => {
    for (const p of this.procs) killGroup(p.pid, 'SIGKILL');
  };

  /** @param logDir where each process's stdout+stderr is copied as `<name>.log`, for a failure's post-mortem. */
  constructor(private readonly logDir: string) {
    process.on('exit', this.onExit);
  }

  spawn(name: string, command: string, args: string[], env: Record<string, string> = {}): Proc {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    const pid = child.pid;
    const log: WriteStream = createWriteStream(path.join(this.logDir, `${name}.log`), { flags: 'a' });
    let out = '';
    let err = '';
    const waiters = new Set<() => void>();
    const onData = (which: 'out' | 'err') => (d: Buffer) => {
      const s = d.toString();
      if (which === 'out') out += s;
      else err += s;
      log.write(s);
      for (const w of waiters) w();
    };
    child.stdout!.on('data', onData('out'));
    child.stderr!.on('data', onData('err'));
    let done = false;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => {
        done = true;
        log.end();
        this.procs.delete(proc);
        for (const w of waiters) w();
        resolve({ code, signal });
      }),
    );
    const proc: Proc = {
      name,
      pid,
      child,
      stdout: () => out,
      stderr: () => err,
      exited,
      signal: (sig) => killGroup(pid, sig),
      waitFor: (pattern, timeoutMs = 60_000) =>
        new Promise<string>((resolve, reject) => {
          const check = () => {
            const m = pattern.exec(out) ?? pattern.exec(err);
            if (m) return finish(() => resolve(m[0]));
            if (done) return finish(() => reject(new Error(`${name} exited before printing ${pattern}; stderr tail: ${err.slice(-1500)}`)));
          };
          const timer = setTimeout(() => finish(() => reject(new Error(`${name} did not print ${pattern} within ${timeoutMs} ms; stderr tail: ${err.slice(-1500)}`))), timeoutMs);
          const finish = (f: () => void) => {
            clearTimeout(timer);
            waiters.delete(check);
            f();
          };
          waiters.add(check);
          check();
        }),
    };
    this.procs.add(proc);
    return proc;
  }

  /** `node bin/wiredesk.js <args>` with the given environment. */
  wiredesk(name: string, args: string[], env: Record<string, string>): Proc {
    return this.spawn(name, process.execPath, [BIN, ...args], env);
  }

  /** Runs `wiredesk <args>` to its end. */
  async run(name: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const p = this.wiredesk(name, args, env);
    const { code } = await p.exited;
    return { code, stdout: p.stdout(), stderr: p.stderr() };
  }

  /** SIGKILLs every process still running (by process group) and waits for them to go. */
  async killAll(): Promise<void> {
    const left = [...this.procs];
    for (const p of left) killGroup(p.pid, 'SIGKILL');
    await Promise.all(left.map((p) => Promise.race([p.exited, new Promise((r) => setTimeout(r, 5000))])));
  }

  dispose(): void {
    process.off('exit', this.onExit);
  }
}

function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig);
  } catch {
    // already gone
  }
}
