import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, wiredesk, type Sandbox } from './harness.ts';

// A made-up ANPA-1312 message; its slug and the trailer's day are the story's id.
const anpa = (keyword: string, headline: string, body: string) =>
  `\u0016\u0016\u0001a0412\u001fHSW01\r\nu a\u0013\u0011 ${keyword}\r\n\u0002^${keyword}<\r\n^${headline}<\r\n\t${body}<\r\n\u0003AP-NY-11-30-26 1423EST<\r\n\u0004`;

describe('ANPA-1312 streams and plain-text advisories end to end', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = sandbox('wire-advisories');
  });
  afterAll(async () => {
    await box.cleanup();
  });

  it('a stream of a story and its writethru is one story at the higher version; a plain-text kill naming the slug withdraws it', async () => {
    const stream =
      anpa('BC-Pier-Fire,0040', 'Fire breaks out on pier', 'DOVER, Del. (AP) _ A fire broke out on the town pier on Monday, officials said.') +
      anpa('BC-Pier-Fire,1st Ld-Writethru,0060', 'Fire on pier put out, no one hurt', 'DOVER, Del. (AP) _ Firefighters put out a blaze on the town pier on Monday; no one was hurt.');
    const first = JSON.parse((await wiredesk(box, ['ingest', '--json', '-'], stream)).stdout);
    expect(first).toMatchObject({ enqueued: 2, rejected: [] });
    await wiredesk(box, ['worker', '--exit-when-drained', '--no-feeds']);
    const [doc, ...others] = await box.indexed();
    expect(others).toEqual([]);
    expect(doc).toMatchObject({ version: 3, headline: 'Fire on pier put out, no one hurt', urgency: 3, source: { format: 'anpa' } });

    const kill = JSON.stringify({
      content: 'MANDATORY KILL\n\nEditors: the story slugged BC-Pier-Fire, moved at 1423 EST, is killed. It named the wrong town.',
      receivedAt: '2026-11-30T20:00:00Z',
    });
    expect(JSON.parse((await wiredesk(box, ['ingest', '--json', '-'], `${kill}\n`)).stdout)).toMatchObject({ enqueued: 1 });
    await wiredesk(box, ['worker', '--exit-when-drained', '--no-feeds']);
    const [withdrawn] = await box.indexed();
    expect(withdrawn).toMatchObject({ id: doc!.id, pubStatus: 'canceled', headline: 'Fire on pier put out, no one hurt', withdrawnAt: expect.any(String) });
  });
});
