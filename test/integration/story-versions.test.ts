import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, wiredesk, type Sandbox } from './harness.ts';

/** A ninjs story as an agency would send it, in a given version. */
const ninjs = (version: number, headline: string) =>
  JSON.stringify({
    content: JSON.stringify({
      uri: 'urn:example:ninjs2:harbour-strike',
      version: String(version),
      versioncreated: `2024-06-0${version}T08:00:00Z`,
      pubstatus: 'usable',
      language: 'en',
      headline,
      body_text: 'ROTTERDAM, June 1 (Reuters) - Dock workers walked out on Monday over a pay dispute, halting container traffic at the port.',
    }),
    source: `harbour-v${version}`,
  });

describe('a corrected version of a story', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = sandbox('versions');
  });
  afterAll(async () => {
    await box.cleanup();
  });

  const indexed = () => box.indexed();

  it('replaces the earlier one in the index, and the same version again is a duplicate', async () => {
    expect(JSON.parse((await wiredesk(box, ['ingest', '--json', '-'], `${ninjs(1, 'Dock strike halts port')}\n`)).stdout)).toMatchObject({ enqueued: 1 });
    await wiredesk(box, ['worker', '--exit-when-drained']);
    expect((await indexed()).map((d) => [d.version, d.headline])).toEqual([[1, 'Dock strike halts port']]);

    const second = JSON.parse((await wiredesk(box, ['ingest', '--json', '-'], `${ninjs(2, 'UPDATE 1-Dock strike halts port, talks set')}\n${ninjs(2, 'UPDATE 1-Dock strike halts port, talks set')}\n`)).stdout);
    expect(second).toMatchObject({ enqueued: 1, duplicates: 1 });
    await wiredesk(box, ['worker', '--exit-when-drained']);
    const [doc] = await indexed();
    expect(doc).toMatchObject({ version: 2, headline: 'UPDATE 1-Dock strike halts port, talks set' });

    // A late repeat of version 1 is a duplicate job; were it processed, the indexer's external
    // versioning would make it a no-op (test/integration/bulk-indexer.test.ts).
    expect(JSON.parse((await wiredesk(box, ['ingest', '--json', '-'], `${ninjs(1, 'Dock strike halts port')}\n`)).stdout)).toMatchObject({ duplicates: 1 });
  });
});
