import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoryDocument } from '../../src/article/story.ts';
import { createEsClient } from '../../src/elastic/client.ts';
import { dropQuotationIndex, ensureQuotationIndex, QuotationRecorder, quotesAliasOf, recordStoryQuotes } from '../../src/elastic/quotations.ts';
import { searchUniqueQuotes } from '../../src/elastic/quotation-search.ts';
import { quotationKey, quoteWords } from '../../src/lineage/normalise.ts';
import { searchRoutes } from '../../src/server/routes/search.ts';
import { ROOT, sandbox, wiredesk, type Sandbox } from './harness.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures/lineage');
const fixture = (name: string) => path.join(FIXTURES, name);
const FULL = 'We will not let a single container rot on the quay while the unions and the port authority argue over rosters';
const PARTIAL = 'not let a single container rot on the quay';

interface UniqueJson {
  total: number;
  quotes: { id: string; text: string; speaker: { name: string; agreement: number } | null; firstSeen: { storyId: string; publishedAt: string | null; agency: string | null }; occurrences: number }[];
  next: string | null;
}
interface QuoteJson {
  id: string;
  text: string;
  speaker: { name: string; agreement: number } | null;
  firstSeen: { storyId: string; publishedAt: string | null; agency: string | null };
  occurrences: { storyId: string; publishedAt: string | null; agency: string | null; headline: string | null; speaker: { name: string; title: string | null } | null; text: string }[];
}

async function json<T>(box: Sandbox, args: string[]): Promise<T> {
  const r = await wiredesk(box, args);
  expect(r.stderr, r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

async function ingestAndWork(box: Sandbox, files: string[]) {
  const r = await wiredesk(box, ['ingest', '--json', ...files]);
  expect(r.code, r.stderr).toBe(0);
  const w = await wiredesk(box, ['worker', '--exit-when-drained', '--no-feeds']);
  expect(w.code, w.stderr).toBe(0);
}

/** A ninjs fixture rewritten: a later version, or a kill notice for it. */
const variantDirs: string[] = [];
function variant(name: string, patch: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wd-lineage-'));
  variantDirs.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ ...(JSON.parse(readFileSync(fixture(name), 'utf8')) as object), ...patch }));
  return file;
}

describe('unique quotes and their lineage (worker, CLI, HTTP on the real services)', () => {
  let box: Sandbox;
  let es: ReturnType<typeof createEsClient>;
  let stories: StoryDocument[];
  const byAgency = (agency: string) => stories.find((s) => s.agency === agency && s.quotes.some((q) => q.text.includes('container')))!;

  beforeAll(async () => {
    box = sandbox('lineage');
    es = createEsClient(box.config);
    await ingestAndWork(box, ['01_reuters_port.json', '02_ap_port.json', '03_afp_port.json'].map(fixture));
    stories = await box.indexed();
  });
  afterAll(async () => {
    await es.close();
    await box.cleanup();
    for (const dir of variantDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('a quotation carried by three stories, one of them partially, comes back once with its first occurrence', async () => {
    const unique = await json<UniqueJson>(box, ['quotes', '--unique', '--json']);
    expect(unique.total).toBe(1);
    const [q] = unique.quotes;
    expect(q).toMatchObject({
      id: quotationKey(quoteWords(FULL)),
      text: `${FULL}`,
      occurrences: 3,
      speaker: { name: 'Ellen de Vries', agreement: 1 },
      firstSeen: { storyId: byAgency('Reuters').id, publishedAt: '2024-03-04T09:00:00.000Z', agency: 'Reuters' },
    });

    const one = await json<QuoteJson>(box, ['quote', q!.id, '--json']);
    expect(one.occurrences.map((o) => o.agency)).toEqual(['Reuters', 'AP', 'AFP']);
    expect(one.occurrences[2]).toMatchObject({ text: PARTIAL, storyId: byAgency('AFP').id, headline: 'Rotterdam strike: shipping lines count the cost' });
    expect(one.occurrences[0]!.speaker).toMatchObject({ name: 'Ellen de Vries', title: 'Transport Minister' });
    // The partial form's own id finds the quotation that absorbed it.
    expect((await json<QuoteJson>(box, ['quote', quotationKey(quoteWords(PARTIAL)), '--json'])).id).toBe(q!.id);
  });

  it('is idempotent: recording every story again writes nothing, and a rebuild from the stories gives the same answer', async () => {
    const before = await searchUniqueQuotes(es, box.config.index, {});
    for (const s of stories) expect(await recordStoryQuotes(es, box.config.index, s)).toEqual({ written: 0, deleted: 0 });
    await dropQuotationIndex(es, box.config.index);
    const setup = await wiredesk(box, ['setup']);
    expect(setup.stdout).toMatch(/quotation occurrences v1, built from 3 stories with quotes/);
    await es.indices.refresh({ index: quotesAliasOf(box.config.index) });
    expect(await searchUniqueQuotes(es, box.config.index, {})).toEqual(before);
    // A second setup leaves it as it is.
    expect((await wiredesk(box, ['setup'])).stdout).toMatch(/up to date: alias \S+-quotes → \S+-quotes-v1 \(quotation occurrences v1\)/);
  });

  it('a re-sent story without the quote drops its occurrence; a killed story drops them all', async () => {
    const id = quotationKey(quoteWords(FULL));
    await ingestAndWork(box, [variant('02_ap_port.json', { version: '2', body_text: 'THE HAGUE, Netherlands (AP) - The Netherlands is prepared to bring in navy crews to steer vessels into Rotterdam, a minister said Monday.' })]);
    let one = await json<QuoteJson>(box, ['quote', id, '--json']);
    expect(one.occurrences.map((o) => o.agency)).toEqual(['Reuters', 'AFP']);

    await ingestAndWork(box, [variant('01_reuters_port.json', { pubstatus: 'canceled', headline: 'KILL: Dutch minister vows', versioncreated: '2024-03-04T11:00:00Z' })]);
    one = await json<QuoteJson>(box, ['quote', id, '--json']);
    expect(one.occurrences.map((o) => o.agency)).toEqual(['AFP']);
    expect(one).toMatchObject({ text: PARTIAL, firstSeen: { agency: 'AFP', storyId: byAgency('AFP').id } });
    expect((await json<UniqueJson>(box, ['quotes', '--unique', '--json'])).quotes.map((q) => q.occurrences)).toEqual([1]);
  });

  it("keeps speakers' titles over time and finds quotes by whoever held a title when quoted", async () => {
    await ingestAndWork(box, ['04_reuters_okafor_2023.json', '05_reuters_okafor_2024.json', '06_ap_berg_2024.json'].map(fixture));
    const okafor = await json<{ name: string; stories: number; quotes: number; titles: { title: string; first: string; last: string; count: number }[] }>(box, ['speaker', 'Lena Okafor', '--json']);
    expect(okafor).toMatchObject({ name: 'Lena Okafor', stories: 3, quotes: 3 });
    expect(okafor.titles).toEqual([
      { title: 'Foreign Minister', first: '2023-05-10T10:00:00.000Z', last: '2023-05-10T10:00:00.000Z', count: 1 },
      { title: 'Prime Minister', first: '2024-07-02T10:00:00.000Z', last: '2024-07-02T10:00:00.000Z', count: 1 },
      { title: 'former Foreign Minister', first: '2024-09-12T15:00:00.000Z', last: '2024-09-12T15:00:00.000Z', count: 1 },
    ]);

    const holders = await json<{ quotes: { speaker: { name: string; title: string }; publishedAt: string }[] }>(box, ['quotes', '--speaker-title', 'Foreign Minister', '--sort', 'date', '--json']);
    expect(holders.quotes.map((q) => [q.speaker.name, q.speaker.title])).toEqual([
      ['Tomas Berg', 'Foreign Minister'],
      ['Lena Okafor', 'Foreign Minister'],
    ]);
    const former = await json<{ quotes: { speaker: { name: string } }[] }>(box, ['quotes', '--speaker-title', 'former Foreign Minister', '--json']);
    expect(former.quotes.map((q) => q.speaker.name)).toEqual(['Lena Okafor']);
    const unique = await json<UniqueJson>(box, ['quotes', '--unique', '--speaker-title', 'Foreign Minister', '--sort', 'date', '--json']);
    expect(unique.quotes.map((q) => q.speaker?.name)).toEqual(['Lena Okafor', 'Tomas Berg']);
  });

  it('answers GET /quotes?unique=true, GET /quotes/:id and GET /speakers/:name', async () => {
    const app = Fastify();
    await app.register(searchRoutes, { es, alias: box.config.index });
    try {
      const unique = (await app.inject({ url: '/quotes?unique=true&sort=date&size=3' })).json() as UniqueJson;
      expect(unique.total).toBe(5);
      expect(unique.quotes.map((q) => [q.firstSeen.publishedAt, q.firstSeen.agency])).toEqual([
        ['2023-05-10T10:00:00.000Z', 'Reuters'],
        ['2024-03-05T07:15:00.000Z', 'AFP'],
        ['2024-07-02T10:00:00.000Z', 'Reuters'],
      ]);
      const page2 = (await app.inject({ url: `/quotes?unique=true&sort=date&size=3&after=${unique.next}` })).json() as UniqueJson;
      expect(page2.quotes.map((q) => q.firstSeen.publishedAt)).toEqual(['2024-09-12T15:00:00.000Z', '2024-09-12T15:00:00.000Z']);
      expect(page2.next).toBeNull();

      const id = quotationKey(quoteWords(FULL));
      const one = await app.inject({ url: `/quotes/${id}` });
      expect(one.statusCode).toBe(200);
      expect((one.json() as QuoteJson).occurrences).toHaveLength(1);
      expect((await app.inject({ url: '/quotes/q0000000000000000' })).statusCode).toBe(404);
      const bad = await app.inject({ url: '/quotes/nonsense' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ error: 'invalid_search', param: 'id' });
      expect((await app.inject({ url: '/quotes?unique=true&city=Paris' })).json()).toMatchObject({ error: 'invalid_search', param: 'city' });

      const speaker = await app.inject({ url: '/speakers/Tomas%20Berg' });
      expect(speaker.json()).toMatchObject({ name: 'Tomas Berg', stories: 1, quotes: 1, titles: [{ title: 'Foreign Minister', count: 1 }] });
      expect((await app.inject({ url: '/speakers/Nobody%20Here' })).statusCode).toBe(404);
      // The story-level quote search is unchanged without `unique`.
      expect((await app.inject({ url: '/quotes?q=maps' })).json()).toMatchObject({ total: 2 });
    } finally {
      await app.close();
    }
  });
});

describe('quotation occurrences written concurrently', () => {
  let box: Sandbox;
  let es: ReturnType<typeof createEsClient>;
  beforeAll(async () => {
    box = sandbox('lineage-race');
    es = createEsClient(box.config);
    await ensureQuotationIndex(es, box.config.index);
  });
  afterAll(async () => {
    await es.close();
    await box.cleanup();
  });

  const FORMS = [
    'The bridge will reopen on Friday, and every lane will be open by the weekend, the engineers told us.',
    'The bridge will reopen on Friday, and every lane will be open by the weekend',
    'every lane will be open by the weekend',
    'the bridge will reopen on friday',
  ];
  const storyWith = (n: number, text: string): StoryDocument =>
    ({
      id: `wd-${String(n).padStart(32, '0')}`,
      version: 1,
      publishedAt: `2024-04-0${1 + (n % 8)}T08:00:00.000Z`,
      agency: ['Reuters', 'AP', 'AFP', 'DPA'][n % 4],
      headline: `bridge story ${n}`,
      pubStatus: 'usable',
      withdrawnAt: null,
      quotes: [{ text, start: 0, end: text.length, speaker: { name: 'Maria Lind', title: 'Chief Engineer', type: 'person' }, verb: 'said', via: null, partial: false, confidence: 0.9, how: 'test' }],
    }) as unknown as StoryDocument;

  it.each([
    ['one story at a time each (recordStoryQuotes)', 'single'],
    ['batched passes (the worker\'s QuotationRecorder)', 'batched'],
  ])('full and partial forms arriving at the same moment end in one quotation: %s', async (_name, how) => {
    await dropQuotationIndex(es, box.config.index);
    await ensureQuotationIndex(es, box.config.index);
    const batch = Array.from({ length: 12 }, (_, n) => storyWith(n, FORMS[(n * 7) % FORMS.length]!));
    const recorder = new QuotationRecorder(es, box.config.index, { maxBatch: 4 });
    await Promise.all(batch.map((s) => (how === 'single' ? recordStoryQuotes(es, box.config.index, s) : recorder.record(s))));
    await es.indices.refresh({ index: quotesAliasOf(box.config.index) });
    const unique = await searchUniqueQuotes(es, box.config.index, {});
    expect(unique.quotes).toHaveLength(1);
    expect(unique.quotes[0]).toMatchObject({ id: quotationKey(quoteWords(FORMS[0]!)), occurrences: 12, text: FORMS[0], firstSeen: { publishedAt: '2024-04-01T08:00:00.000Z' } });
  });
});
