import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/queue/connection.ts';
import { STORY_JOB } from '../../src/queue/options.ts';
import { createStoryQueue, type StoryQueue } from '../../src/queue/queue.ts';
import { ROOT, sandbox, SEED, wiredesk, type Sandbox } from './harness.ts';
import { until } from './server-harness.ts';

describe('operations commands: status --watch, job, retry, ingest --watch', () => {
  let box: Sandbox;
  let connection: ReturnType<typeof createRedis>;
  let queue: StoryQueue;
  let dir: string;

  beforeAll(async () => {
    box = sandbox('cli-ops');
    connection = createRedis(box.config, 'producer');
    queue = createStoryQueue(box.config, connection);
    await queue.waitUntilReady();
    dir = mkdtempSync(path.join(tmpdir(), 'wiredesk-drop-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await queue.close();
    await connection.quit();
    await box.cleanup();
  });

  it('`job <id>` shows a failed job with its reason and stage; `retry` puts it back', async () => {
    await queue.add(STORY_JOB, { content: 'x\u0000y', receivedAt: new Date().toISOString(), source: 'bad.bin' }, { jobId: 'wd-cli-bad' });
    const seed = await wiredesk(box, ['ingest', '--json', SEED]);
    expect(JSON.parse(seed.stdout)).toMatchObject({ enqueued: 1 });
    const worker = await wiredesk(box, ['worker', '--exit-when-drained']);
    expect(worker.stdout).toContain('1 completed, 1 failed');

    const job = await wiredesk(box, ['job', 'wd-cli-bad']);
    expect(job.code, job.stderr).toBe(0);
    expect(job.stdout).toMatch(/state\s+failed/);
    expect(job.stdout).toMatch(/failure\s+unreadable_article: .*binary file/);
    expect(job.stdout).toMatch(/stage\s+\(not read yet\)/);
    const json = JSON.parse((await wiredesk(box, ['job', 'wd-cli-bad', '--json'])).stdout);
    expect(json).toMatchObject({ id: 'wd-cli-bad', state: 'failed', attempts: 1, failure: { class: 'unreadable_article' } });
    const missing = await wiredesk(box, ['job', 'wd-nothing']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no job wd-nothing/);

    const retry = await wiredesk(box, ['retry', 'wd-cli-bad']);
    expect(retry.stdout).toContain('retried wd-cli-bad');
    expect(await (await queue.getJob('wd-cli-bad'))!.getState()).toMatch(/waiting|prioritized/);
    expect((await wiredesk(box, ['retry', '--failed'])).stdout).toContain('retried 0 failed job(s)');
    expect((await wiredesk(box, ['retry'])).code).toBe(2);
  });

  it('`status --watch` redraws counts and per-minute rates', async () => {
    const run = await wiredesk(box, ['status', '--watch', '--times', '2', '--interval', '100', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ counts: { completed: 1 }, perMinute: { completed: { last1m: expect.any(Number) } } });
    const text = await wiredesk(box, ['status', '--watch', '--times', '1']);
    expect(text.stdout).toMatch(/per minute\s+now\s+5 min\s+15 min/);
    expect(text.stdout).toMatch(/completed\s+1\b/);
  });

  it('`ingest --watch <dir>` takes dropped files into done/ or failed/ with a reason file, until SIGTERM', async () => {
    copyFileSync(SEED, path.join(dir, 'a-seed.txt'));
    const child = spawn(process.execPath, [`${ROOT}/bin/wiredesk.js`, 'ingest', '--watch', dir, '--interval', '100'], { cwd: ROOT, env: { ...process.env, ...box.env } });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    try {
      await until(async () => existsSync(path.join(dir, 'done', 'a-seed.txt')), Boolean);
      writeFileSync(path.join(dir, 'b-empty.txt'), '');
      writeFileSync(
        path.join(dir, 'c-batch.jsonl'),
        [JSON.stringify({ content: 'LONDON, Aug 26 (Reuters) - Markets were calm on Thursday as traders waited for data.' }), '{"broken'].join('\n'),
      );
      writeFileSync(path.join(dir, 'd-story.txt'), 'PARIS, Aug 26 (AFP) - The museum reopened its doors on Thursday after two years of works.');
      await until(async () => readdirSync(path.join(dir, 'failed')).length + readdirSync(path.join(dir, 'done')).length, (n) => n === 6);
      expect(readdirSync(path.join(dir, 'done')).sort()).toEqual(['a-seed.txt', 'd-story.txt']);
      expect(readdirSync(path.join(dir, 'failed')).sort()).toEqual(['b-empty.txt', 'b-empty.txt.reason.txt', 'c-batch.jsonl', 'c-batch.jsonl.reason.txt']);
      expect(readFileSync(path.join(dir, 'failed', 'b-empty.txt.reason.txt'), 'utf8')).toContain('b-empty.txt: the file is empty');
      const batch = readFileSync(path.join(dir, 'failed', 'c-batch.jsonl.reason.txt'), 'utf8');
      expect(batch).toMatch(/^c-batch\.jsonl: 1 refused, 1 enqueued, 0 duplicates/);
      expect(batch).toContain('c-batch.jsonl:2: not a JSON line');
      expect(readdirSync(dir).filter((n) => !['done', 'failed'].includes(n))).toEqual([]);
      expect(stdout).toContain('done a-seed.txt: enqueued 0, duplicates 1, rejected 0');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
