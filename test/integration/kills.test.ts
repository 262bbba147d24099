import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, wiredesk, type Sandbox } from './harness.ts';

/** A ninjs item of one story (`uri`), usable or a kill notice. */
const ninjs = (uri: string, kind: 'story' | 'kill') =>
  JSON.stringify({
    content: JSON.stringify(
      kind === 'story'
        ? {
            uri,
            version: '1',
            versioncreated: '2024-06-01T08:00:00Z',
            pubstatus: 'usable',
            language: 'en',
            headline: 'Harbour pilots walk out over rosters',
            body_text: 'ROTTERDAM, June 1 (Reuters) - Harbour pilots stopped work on Saturday over new rosters, and a union spokesman said "we will not move a ship" until talks resume.',
          }
        : {
            uri,
            version: '1',
            versioncreated: '2024-06-01T09:30:00Z',
            pubstatus: 'canceled',
            urgency: 1,
            language: 'en',
            headline: 'KILL: Harbour pilots walk out',
          },
    ),
    source: `${uri}-${kind}`,
  });

/** What `wiredesk search` returns once the index has refreshed (search is near real time). */
async function searchIds(box: Sandbox, extra: string[] = []) {
  await box.indexed();
  return (JSON.parse((await wiredesk(box, ['search', 'harbour', '--json', ...extra])).stdout) as { hits: { id: string; pubStatus?: string }[] }).hits;
}

describe('kill notices', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = sandbox('kills');
  });
  afterAll(async () => {
    await box.cleanup();
  });

  it('story, then kill: the story leaves search at once, stays in the index withdrawn, both jobs completed', async () => {
    const uri = 'urn:example:kills:pilots-1';
    expect(JSON.parse((await wiredesk(box, ['ingest', '--json', '-'], `${ninjs(uri, 'story')}\n`)).stdout)).toMatchObject({ enqueued: 1 });
    await wiredesk(box, ['worker', '--exit-when-drained', '--no-feeds']);
    const [story] = await searchIds(box);
    expect(story).toBeDefined();

    const kill = JSON.parse((await wiredesk(box, ['ingest', '--json', '-'], `${ninjs(uri, 'kill')}\n`)).stdout);
    expect(kill).toMatchObject({ enqueued: 1, rejected: [] });
    await wiredesk(box, ['worker', '--exit-when-drained', '--no-feeds']);

    expect(await searchIds(box)).toEqual([]);
    const withdrawn = await searchIds(box, ['--include-withdrawn']);
    expect(withdrawn.map((h) => h.id)).toEqual([story!.id]);
    const doc = (await box.indexed()).find((d) => d.id === story!.id)!;
    // The story's own text is kept, marked withdrawn.
    expect(doc).toMatchObject({ pubStatus: 'canceled', headline: 'Harbour pilots walk out over rosters', withdrawnAt: expect.any(String) });
    expect(doc.body).toContain('Harbour pilots stopped work');

    for (const id of [story!.id, `${story!.id}-kill`]) {
      const job = JSON.parse((await wiredesk(box, ['job', id, '--json'])).stdout);
      expect(job).toMatchObject({ state: 'completed' });
    }
  });

  it('kill, then story: the story is never returned', async () => {
    const uri = 'urn:example:kills:pilots-2';
    expect(JSON.parse((await wiredesk(box, ['ingest', '--json', '-'], `${ninjs(uri, 'kill')}\n`)).stdout)).toMatchObject({ enqueued: 1 });
    await wiredesk(box, ['worker', '--exit-when-drained', '--no-feeds']);
    expect(JSON.parse((await wiredesk(box, ['ingest', '--json', '-'], `${ninjs(uri, 'story')}\n`)).stdout)).toMatchObject({ enqueued: 1 });
    await wiredesk(box, ['worker', '--exit-when-drained', '--no-feeds']);

    const status = JSON.parse((await wiredesk(box, ['status', '--json'])).stdout);
    expect(status.counts).toMatchObject({ failed: 0 });
    const ours = (await box.indexed()).filter((d) => d.source.name?.startsWith(uri));
    expect(ours.map((d) => [d.pubStatus, d.headline])).toEqual([['canceled', 'KILL: Harbour pilots walk out']]);
    expect((await searchIds(box)).map((h) => h.id)).not.toContain(ours[0]!.id);
  });
});
