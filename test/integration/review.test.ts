import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsClient } from '../../src/elastic/client.ts';
import { correctionsIndexOf } from '../../src/elastic/corrections.ts';
import { reviewList } from '../../src/elastic/review.ts';
import { storyNow } from '../../src/elastic/search.ts';
import { createRedis } from '../../src/queue/connection.ts';
import { quoteHashOf } from '../../src/review/corrections.ts';
import { createStoryQueue } from '../../src/queue/queue.ts';
import type { RunningServer } from '../../src/server/serve.ts';
import { sandbox, wiredesk, type Sandbox } from './harness.ts';
import { harbourStory, STANDALONE_QUOTE, STATEMENT_QUOTE } from './review-fixture.ts';
import { bearer, startTestServer, TOKENS } from './server-harness.ts';

const EDITOR_TOKEN = 'editor-token-0123456789abcdef';

const json = (token: string) => ({ ...bearer(token), 'content-type': 'application/json' });

// Each test runs several CLI processes; a loaded 2-core machine makes each take seconds.
describe('review of doubtful attributions: CLI, HTTP, scopes, re-sends', { timeout: 240_000 }, () => {
  let box: Sandbox;
  let storyId: string;
  let server: RunningServer;

  const story = async () => {
    const es = createEsClient(box.config);
    try {
      return (await storyNow(es, box.config.index, storyId))!;
    } finally {
      await es.close();
    }
  };
  const quoteOf = async (text: string) => (await story()).quotes.find((q) => q.text === text)!;
  const ingestAndWork = async (lines: string) => {
    const run = JSON.parse((await wiredesk(box, ['ingest', '--json', '-'], `${lines}\n`)).stdout);
    const worker = await wiredesk(box, ['worker', '--exit-when-drained']);
    expect(worker.code, worker.stderr).toBe(0);
    return run;
  };

  beforeAll(async () => {
    // The ranker gives the standalone quote 0.83 and the statement's 0.43: both under 0.9.
    box = sandbox('review', { WIREDESK_REVIEW_BELOW: '0.9' });
    expect(await ingestAndWork(harbourStory(1))).toMatchObject({ enqueued: 1 });
    storyId = (await box.indexed())[0]!.id;
    server = await startTestServer(box, {}, { WIREDESK_EDITOR_TOKEN: EDITOR_TOKEN });
  });
  afterAll(async () => {
    await server?.stop();
    await box?.cleanup();
  });

  it('`review list` shows the quotes below the threshold with their candidates; the threshold is configurable', async () => {
    const run = await wiredesk(box, ['review', 'list', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const list = JSON.parse(run.stdout);
    expect(list.total).toBe(2);
    expect(list.items.map((i: { text: string }) => i.text)).toEqual([STANDALONE_QUOTE, STATEMENT_QUOTE]);
    expect(list.items[0]).toMatchObject({
      quoteId: expect.stringMatching(new RegExp(`^${storyId}:[0-9a-f]{16}$`)),
      storyId,
      quoteIndex: 1,
      speaker: { name: 'Lars Dahl' },
      confidence: 0.83,
      how: 'speaker of the narrative before it',
      candidates: [{ name: 'Lars Dahl', score: 0.83 }, { name: 'Kari Solberg', score: 0.06 }, { name: 'Nordhavn AS', score: 0.04 }],
    });
    expect(list.items[1]).toMatchObject({ quoteIndex: 2, speaker: null, how: 'no attribution' });

    const text = await wiredesk(box, ['review', 'list', '--limit', '1']);
    expect(text.stdout).toContain('2 quotes to review (speaker confidence below 0.9)');
    expect(text.stdout).toContain(`wiredesk review set ${storyId} 1 --speaker`);
    expect(text.stdout).not.toContain(STATEMENT_QUOTE);

    // Above the credited quote's 0.98, all three are doubtful; at 0.2 none is.
    expect(JSON.parse((await wiredesk({ ...box, env: { ...box.env, WIREDESK_REVIEW_BELOW: '0.99' } }, ['review', 'list', '--json'])).stdout).total).toBe(3);
    const es = createEsClient(box.config);
    try {
      expect(await reviewList(es, box.config.index, { below: 0.2, limit: 10 })).toEqual({ total: 0, items: [] });
    } finally {
      await es.close();
    }
    expect((await wiredesk(box, ['review', 'list', '--limit', 'many'])).code).toBe(2);
  });

  it('`review set` corrects a speaker at once: `quotes --speaker` finds it, the quote says editor, who and when', async () => {
    const run = await wiredesk(box, ['review', 'set', storyId, '2', '--speaker', 'Ingrid Moe', '--by', 'desk:jane']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${storyId} quote 2: speaker "Ingrid Moe" (was no speaker, 0.43, no attribution); by desk:jane`);

    const found = JSON.parse((await wiredesk(box, ['quotes', '--speaker', 'Ingrid Moe', '--json'])).stdout);
    expect(found.quotes).toMatchObject([{ text: STATEMENT_QUOTE, speaker: { name: 'Ingrid Moe', type: 'person' }, storyId }]);
    expect(await quoteOf(STATEMENT_QUOTE)).toMatchObject({ how: 'editor', confidence: 1, correctedBy: 'desk:jane', correctedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    // The story's other quotes are as the pipeline left them.
    expect(await quoteOf(STANDALONE_QUOTE)).toMatchObject({ how: 'speaker of the narrative before it', speaker: { name: 'Lars Dahl' } });
    expect((await quoteOf(STANDALONE_QUOTE)).correctedBy).toBeUndefined();

    const none = await wiredesk(box, ['review', 'set', storyId, '1', '--none']);
    expect(none.stdout).toMatch(/quote 1: speaker none \(was Lars Dahl, 0.83, speaker of the narrative before it\); by cli:/);
    expect(await quoteOf(STANDALONE_QUOTE)).toMatchObject({ speaker: null, how: 'editor', confidence: 1 });
    expect((await story()).quotes[0]).toMatchObject({ speaker: { name: 'Kari Solberg' }, how: expect.not.stringMatching(/editor/) });
    expect(JSON.parse((await wiredesk(box, ['review', 'list', '--json'])).stdout)).toEqual({ total: 0, items: [] });

    expect((await wiredesk(box, ['review', 'set', storyId, '7', '--none'])).stderr).toMatch(/has no quote 7 \(it has 3: 0 to 2\)/);
    expect((await wiredesk(box, ['review', 'set', 'wd-00000000000000000000000000000000', '0', '--none'])).stderr).toMatch(/no story wd-0+ in /);
    expect((await wiredesk(box, ['review', 'set', storyId, '1'])).code).toBe(2);
  });

  it('`review export --jsonl` writes each correction as a training example', async () => {
    const run = await wiredesk(box, ['review', 'export', '--jsonl']);
    expect(run.code, run.stderr).toBe(0);
    const records = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toHaveLength(2);
    const statement = records.find((r) => r.quote === STATEMENT_QUOTE);
    expect(statement).toMatchObject({
      storyId,
      speaker: 'Ingrid Moe',
      speakerType: 'person',
      originalSpeaker: null,
      confidence: 0.43,
      how: 'no attribution',
      correctedBy: 'desk:jane',
      paragraph: `Talks are due to resume on Friday. "${STATEMENT_QUOTE}," a mediator's statement read.`,
    });
    // Offsets are body offsets; the paragraph says where it starts.
    const body = (await story()).body;
    expect(body.slice(statement.start, statement.end)).toBe(STATEMENT_QUOTE);
    expect(statement.paragraph.slice(statement.start - statement.paragraphStart, statement.end - statement.paragraphStart)).toBe(STATEMENT_QUOTE);
    expect(records.find((r) => r.quote === STANDALONE_QUOTE)).toMatchObject({ speaker: null, originalSpeaker: 'Lars Dahl' });
  });

  it('corrections survive a re-send: a new version of the story, and the same version processed again', async () => {
    expect(await ingestAndWork(harbourStory(2, 'UPDATE 1-Harbour workers vote to extend strike'))).toMatchObject({ enqueued: 1 });
    expect(await story()).toMatchObject({ version: 2, headline: 'UPDATE 1-Harbour workers vote to extend strike' });
    expect(await quoteOf(STATEMENT_QUOTE)).toMatchObject({ speaker: { name: 'Ingrid Moe' }, how: 'editor', correctedBy: 'desk:jane' });
    expect(await quoteOf(STANDALONE_QUOTE)).toMatchObject({ speaker: null, how: 'editor' });

    // The same version again, once its job has left the queue (its retention ran out): the
    // worker enriches it afresh from the raw article and the hook lays the corrections over it.
    const connection = createRedis(box.config, 'producer');
    const queue = createStoryQueue(box.config, connection);
    await queue.remove(`${storyId}-v2`);
    await queue.close();
    await connection.quit();
    const before = (await story()).ingestedAt;
    expect(await ingestAndWork(harbourStory(2, 'UPDATE 1-Harbour workers vote to extend strike'))).toMatchObject({ enqueued: 1 });
    expect((await story()).ingestedAt).not.toBe(before);
    expect(await quoteOf(STATEMENT_QUOTE)).toMatchObject({ speaker: { name: 'Ingrid Moe' }, how: 'editor' });
    expect(JSON.parse((await wiredesk(box, ['quotes', '--speaker', 'Ingrid Moe', '--json'])).stdout).total).toBe(1);
  });

  it('HTTP: the editor and admin tokens review and correct; a read token may not; browser credentials need this host as origin', async () => {
    const items = await fetch(`${server.url}/review/items?limit=5`, { headers: bearer(EDITOR_TOKEN) });
    expect(items.status).toBe(200);
    expect(await items.json()).toEqual({ total: 0, items: [] });
    expect((await fetch(`${server.url}/review/items`, { headers: bearer(TOKENS.read) })).status).toBe(403);
    expect((await fetch(`${server.url}/review/items`)).status).toBe(401);

    const post = (token: string, body: unknown, index = 1) => fetch(`${server.url}/review/${storyId}/${index}`, { method: 'POST', headers: json(token), body: JSON.stringify(body) });
    const refused = await post(TOKENS.read, { speaker: 'Lars Dahl' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'forbidden', message: 'the read token does not have the editor scope' });
    expect((await post(TOKENS.api, { speaker: 'Lars Dahl' })).status).toBe(403);

    const ok = await post(EDITOR_TOKEN, { speaker: 'Lars Dahl', by: 'jane' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ outcome: 'indexed', quote: { text: STANDALONE_QUOTE, speaker: { name: 'Lars Dahl', title: 'Chief executive' }, how: 'editor', correctedBy: 'editor:jane' } });
    // The record keeps what the pipeline said, not the previous editor's answer.
    const exported = (await wiredesk(box, ['review', 'export'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(exported.find((r) => r.quote === STANDALONE_QUOTE)).toMatchObject({ speaker: 'Lars Dahl', originalSpeaker: 'Lars Dahl', how: 'speaker of the narrative before it', correctedBy: 'editor:jane' });

    // The quote the editor saw is corrected even when the position sent is not (a re-enrichment moved it).
    const statementId = `${storyId}:${quoteHashOf(STATEMENT_QUOTE)}`;
    const moved = await post(EDITOR_TOKEN, { speaker: 'Ingrid Moe', quoteId: statementId }, 0);
    expect(await moved.json()).toMatchObject({ quoteIndex: 2, quote: { text: STATEMENT_QUOTE, speaker: { name: 'Ingrid Moe' } } });
    expect(await quoteOf(STATEMENT_QUOTE)).toMatchObject({ correctedBy: 'editor' });
    expect((await post(EDITOR_TOKEN, { speaker: 'X', quoteId: `${storyId}:0000000000000000` }, 0)).status).toBe(400);

    const admin = await post(TOKENS.admin, { speaker: null }, 2);
    expect(admin.status).toBe(200);
    expect(await quoteOf(STATEMENT_QUOTE)).toMatchObject({ speaker: null, correctedBy: 'admin' });

    const bad = await post(EDITOR_TOKEN, { speaker: '  ' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_correction' });
    expect((await post(EDITOR_TOKEN, { speaker: 'X' }, 9)).status).toBe(400);
    const missing = await fetch(`${server.url}/review/wd-00000000000000000000000000000000/0`, { method: 'POST', headers: json(EDITOR_TOKEN), body: '{"speaker":null}' });
    expect(missing.status).toBe(404);

    const basic = { authorization: `Basic ${Buffer.from(`jane:${EDITOR_TOKEN}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' };
    expect((await fetch(`${server.url}/review/${storyId}/1`, { method: 'POST', headers: basic, body: 'none=1', redirect: 'manual' })).status).toBe(403);
    const fromPage = await fetch(`${server.url}/review/${storyId}/1`, { method: 'POST', headers: { ...basic, origin: server.url }, body: 'candidate=Nordhavn+AS', redirect: 'manual' });
    expect(fromPage.status).toBe(303);
    expect(fromPage.headers.get('location')).toBe(`/review?done=${encodeURIComponent(`${storyId}:1`)}&to=Nordhavn%20AS`);
    expect(await quoteOf(STANDALONE_QUOTE)).toMatchObject({ speaker: { name: 'Nordhavn AS' }, correctedBy: 'editor:jane' });
  });

  it('keeps corrections in their own index, one per story and quote words', async () => {
    const es = createEsClient(box.config);
    try {
      await es.indices.refresh({ index: correctionsIndexOf(box.config.index) });
      const { count } = await es.count({ index: correctionsIndexOf(box.config.index) });
      expect(count).toBe(2);
    } finally {
      await es.close();
    }
  });
});
