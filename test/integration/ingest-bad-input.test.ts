import { mkdtempSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/queue/connection.ts';
import { createStoryQueue } from '../../src/queue/queue.ts';
import { sandbox, SEED, wiredesk, type Sandbox } from './harness.ts';

describe('`wiredesk ingest` with bad input in the batch', () => {
  let box: Sandbox;
  let dir: string;
  beforeAll(() => {
    box = sandbox('badin');
    dir = mkdtempSync(path.join(tmpdir(), 'wiredesk-ingest-'));
    copyFileSync(SEED, path.join(dir, 'a-seed.txt'));
    writeFileSync(path.join(dir, 'b-empty.txt'), '');
    writeFileSync(path.join(dir, 'c-binary.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff, 0xfe]));
    writeFileSync(path.join(dir, 'd-huge.txt'), Buffer.alloc(50 * 1024 * 1024, 'a'));
    writeFileSync(
      path.join(dir, 'e-batch.jsonl'),
      [
        JSON.stringify({ content: 'LONDON, Aug 26 (Reuters) - Markets were calm on Thursday as traders waited for data.', source: 'ok-1' }),
        '{"content": "broken',
        '',
        JSON.stringify({ content: 'PARIS, Aug 26 (AFP) - The museum reopened its doors on Thursday after two years of works.', format: 'telex' }),
        JSON.stringify({ content: 'BERLIN, Aug 26 (dpa) - Der Bundestag trat am Donnerstag zusammen und beriet den Haushalt.', source: 'ok-2' }),
        JSON.stringify({ content: 'ROME, Aug 26 (ANSA) - A typo in a field name is refused, not ignored.', sorce: 'typo' }),
      ].join('\n'),
    );
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await box.cleanup();
  });

  it('rejects each bad file or line with where and why, enqueues nothing for it, and goes on', async () => {
    const run = await wiredesk(box, ['ingest', '--json', dir]);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary.enqueued).toBe(3);
    expect(summary.duplicates).toBe(0);
    const reasons = Object.fromEntries(summary.rejected.map((r: { where: string; reason: string }) => [path.basename(r.where), r.reason]));
    expect(reasons).toEqual({
      'b-empty.txt': 'the file is empty',
      'c-binary.bin': expect.stringContaining('binary file'),
      'd-huge.txt': expect.stringContaining('50.0 MB, over the 5 MB limit'),
      'e-batch.jsonl:2': expect.stringContaining('not a JSON line'),
      'e-batch.jsonl:4': expect.stringContaining('format:'),
      'e-batch.jsonl:6': 'sorce: unknown field; a raw article has content, format, receivedAt, source',
    });

    const connection = createRedis(box.config, 'producer');
    const queue = createStoryQueue(box.config, connection);
    const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
    await queue.close();
    await connection.quit();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('prints the rejections for people too', async () => {
    const run = await wiredesk(box, ['ingest', dir]);
    expect(run.stdout).toMatch(/^enqueued 0, duplicates 3, rejected 6$/m);
    expect(run.stdout).toMatch(/rejected .*b-empty\.txt: the file is empty/);
  });
});
