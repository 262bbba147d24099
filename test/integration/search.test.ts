import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawArticle } from '../../src/article/raw.ts';
import type { StoryDocument } from '../../src/article/story.ts';
import { BulkIndexer } from '../../src/elastic/bulk-indexer.ts';
import { createEsClient } from '../../src/elastic/client.ts';
import { getStory, searchQuotes, searchStories, type SearchParams } from '../../src/elastic/search.ts';
import { ensureIndex } from '../../src/elastic/setup.ts';
import { InvalidSearchError } from '../../src/errors.ts';
import { searchRoutes } from '../../src/server/routes/search.ts';
import { enrich, prepare } from '../../src/pipeline.ts';
import { ROOT, SEED, sandbox, type Sandbox } from './harness.ts';

const now = new Date('2026-01-01T00:00:00Z');
const seed = enrich({ content: readFileSync(SEED, 'utf8') }, { now: () => now });

/** A story built from the seed's shape with the fields a filter looks at replaced. */
function story(n: number, patch: Partial<StoryDocument>): StoryDocument {
  return { ...seed, id: `wd-${String(n).padStart(32, '0')}`, quotes: [], entities: [], ...patch };
}
const mention = (text: string) => ({ text, start: 0, end: text.length });
const entity = (name: string, type: 'person' | 'organization' | 'location') => ({ name, type, count: 1, mentions: [mention(name)] });
const quote = (text: string, speaker: string) => ({ text, start: 0, end: text.length, speaker: { name: speaker, title: null, type: 'person' as const }, verb: 'said', via: null, partial: false, confidence: 0.9, how: 'test', candidates: [] });
const dateline = (city: string, country: string) => ({ raw: `${city.toUpperCase()} -`, city, region: null, country, location: null, date: null, agency: null });

const SET: StoryDocument[] = [
  { ...seed },
  story(1, {
    agency: 'Reuters', language: 'en', publishedAt: '2024-03-14T08:00:00.000Z', headline: 'Central bank holds rates',
    body: 'The central bank held its rate steady on Thursday as inflation stayed high.',
    dateline: dateline('Wellington', 'NZ'), entities: [entity('Helen Marsh', 'person'), entity('Reserve Bank of New Zealand', 'organization'), entity('Wellington', 'location')],
    quotes: [quote('We are not yet confident that the job is done', 'Helen Marsh')],
  }),
  story(2, {
    agency: 'AP', language: 'en', publishedAt: '2024-02-26T12:00:00.000Z', headline: 'Ice storm cuts power in Oregon',
    body: 'Crews worked through the night to restore power after an ice storm in Oregon.',
    dateline: dateline('Portland', 'US'), entities: [entity('Dana Whitfield', 'person'), entity('Oregon', 'location')],
    quotes: [quote('This is going to take days, not hours', 'Dana Whitfield')],
  }),
  story(3, {
    agency: 'AFP', language: 'fr', publishedAt: '2024-05-02T09:00:00.000Z', headline: 'Le musée limite ses visiteurs',
    body: 'Le musée du Louvre limitera le nombre de visiteurs quotidiens dès l’an prochain.',
    dateline: dateline('Paris', 'FR'), entities: [entity('Louvre', 'organization'), entity('Paris', 'location')],
  }),
  story(4, {
    agency: 'Reuters', language: 'en', publishedAt: '2021-08-27T10:00:00.000Z', headline: 'Kremlin repeats Afghanistan stance',
    body: 'The Kremlin said Russia would keep a close eye on Afghanistan, where the Taliban took power.',
    dateline: dateline('Moscow', 'RU'), entities: [entity('Vladimir Putin', 'person'), entity('Taliban', 'organization'), entity('Afghanistan', 'location')],
    quotes: [quote('Russia will not be drawn into the conflict in Afghanistan', 'Vladimir Putin')],
  }),
];

describe('search on a small indexed set (real Elasticsearch)', () => {
  let box: Sandbox;
  let es: ReturnType<typeof createEsClient>;
  const search = (p: SearchParams) => searchStories(es, box.config.index, p);
  const ids = async (p: SearchParams) => (await search({ size: 100, ...p })).hits.map((h) => h.story.id).sort();
  const idOf = (n: number) => SET[n]!.id;

  beforeAll(async () => {
    box = sandbox('search');
    es = createEsClient(box.config);
    await ensureIndex(es, box.config.index);
    const indexer = new BulkIndexer({ client: es, alias: box.config.index, maxDocs: 100, maxBytes: 5_000_000, flushMs: 10 });
    await Promise.all(SET.map((d) => indexer.index(d)));
    await indexer.close();
    await es.indices.refresh({ index: box.config.index });
  });
  afterAll(async () => {
    await es.close();
    await box.cleanup();
  });

  it('finds words in headline, body and quotes, with highlights', async () => {
    const r = await search({ q: 'Taliban' });
    expect(r.hits.map((h) => h.story.id).sort()).toEqual([idOf(0), idOf(4)].sort());
    expect(r.hits.flatMap((h) => h.highlight.body ?? []).join(' ')).toContain('<em>Taliban</em>');
    expect(await ids({ q: '"not yet confident"' })).toEqual([idOf(1)]);
  });

  it('filters by speaker, whole or partial name, any case', async () => {
    expect(await ids({ speaker: 'Vladimir Putin' })).toEqual([idOf(0), idOf(4)].sort());
    expect(await ids({ speaker: 'putin' })).toEqual([idOf(0), idOf(4)].sort());
    expect(await ids({ speaker: 'Marsh' })).toEqual([idOf(1)]);
  });

  it('filters by entity of any type, and by person, organisation and place', async () => {
    expect(await ids({ entity: 'Oregon' })).toEqual([idOf(2)]);
    expect(await ids({ person: 'Dana Whitfield' })).toEqual([idOf(2)]);
    expect(await ids({ org: 'Louvre' })).toEqual([idOf(3)]);
    expect(await ids({ org: 'Oregon' })).toEqual([]);
    expect(await ids({ location: 'Paris' })).toEqual([idOf(3)]);
  });

  it('filters by dateline city and country, agency, language and dates', async () => {
    expect(await ids({ city: 'moscow' })).toEqual([idOf(0), idOf(4)].sort());
    expect(await ids({ country: 'nz' })).toEqual([idOf(1)]);
    expect(await ids({ agency: 'Reuter' })).toEqual([idOf(1), idOf(4)].sort());
    expect(await ids({ lang: 'fr' })).toEqual([idOf(3)]);
    expect(await ids({ from: '2024-02-26', to: '2024-03-14' })).toEqual([idOf(1), idOf(2)].sort());
    expect(await ids({ from: '2024-05-02' })).toEqual([idOf(3)]);
  });

  it('sorts by date, newest first', async () => {
    const r = await search({ sort: 'date', size: 3 });
    expect(r.hits.map((h) => h.story.id)).toEqual([idOf(3), idOf(1), idOf(2)]);
  });

  it('counts facets', async () => {
    const { facets } = await search({ facets: true, size: 0 });
    expect(facets!.agencies).toEqual(expect.arrayContaining([{ value: 'Reuters', count: 2 }, { value: 'ANI', count: 1 }]));
    expect(facets!.countries).toEqual(expect.arrayContaining([{ value: 'RU', count: 2 }]));
    expect(facets!.speakers).toEqual(expect.arrayContaining([{ value: 'Vladimir Putin', count: 2 }, { value: 'Helen Marsh', count: 1 }]));
    expect(facets!.people.find((b) => b.value === 'Dana Whitfield')?.count).toBe(1);
    expect(facets!.organizations.find((b) => b.value === 'Louvre')?.count).toBe(1);
    expect(facets!.locations.find((b) => b.value === 'Paris')?.count).toBe(1);
    expect(facets!.published.reduce((n, b) => n + b.count, 0)).toBe(SET.length);
  });

  it('pages through everything with cursors, never repeating a story', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await search({ size: 2, sort: 'date', ...(after ? { after } : {}) });
      seen.push(...r.hits.map((h) => h.story.id));
      if (!r.next) break;
      after = r.next;
    }
    expect(seen).toHaveLength(SET.length);
    expect(new Set(seen).size).toBe(SET.length);
  });

  it('finds stories like a given one', async () => {
    const r = await search({ like: idOf(4) });
    expect(r.hits[0]?.story.id).toBe(idOf(0));
  });

  it('returns the seed’s quotes for a speaker search on Putin, with their stories', async () => {
    const r = await searchQuotes(es, box.config.index, { speaker: 'Putin', size: 10 });
    const fromSeed = r.quotes.filter((q) => q.storyId === seed.id);
    expect(fromSeed.length).toBe(seed.quotes.filter((q) => q.speaker?.name === 'Vladimir Putin').length);
    expect(fromSeed.length).toBeGreaterThanOrEqual(3);
    expect(r.quotes.every((q) => q.speaker?.name === 'Vladimir Putin')).toBe(true);
    expect(r.total).toBe(fromSeed.length + 1);
    const afghan = await searchQuotes(es, box.config.index, { speaker: 'Putin', q: 'Afghanistan' });
    expect(afghan.quotes.every((q) => /Afghanistan/.test(q.text))).toBe(true);
    expect(afghan.quotes.length).toBeGreaterThanOrEqual(2);
  });

  it('gets one story by id, and null for an unknown id', async () => {
    expect((await getStory(es, box.config.index, idOf(2)))?.headline).toBe('Ice storm cuts power in Oregon');
    expect(await getStory(es, box.config.index, 'wd-ffffffffffffffffffffffffffffffff')).toBeNull();
  });

  it('answers over HTTP: GET /search, /quotes and /stories/:id, with a 400 naming a bad parameter', async () => {
    const app = Fastify();
    await app.register(searchRoutes, { es, alias: box.config.index });
    const get = async (url: string) => {
      const r = await app.inject({ url });
      return { status: r.statusCode, body: r.json() };
    };
    const search = await get('/search?q=Taliban&facets=true&size=5');
    expect(search.status).toBe(200);
    expect(search.body).toMatchObject({ total: 2, totalExact: true, next: null });
    expect(search.body.hits[0]).toHaveProperty('highlight');
    expect(search.body.hits[0]).not.toHaveProperty('facets');
    expect(search.body.facets.countries).toEqual([{ value: 'RU', count: 2 }]);

    const quotes = await get('/quotes?speaker=Putin&q=Afghanistan');
    expect(quotes.status).toBe(200);
    expect(quotes.body.quotes[0]).toMatchObject({ speaker: { name: 'Vladimir Putin' }, storyId: expect.stringMatching(/^wd-/) });

    expect((await get(`/stories/${idOf(2)}`)).body.headline).toBe('Ice storm cuts power in Oregon');
    expect((await get('/stories/wd-ffffffffffffffffffffffffffffffff')).status).toBe(404);
    expect(await get('/search?size=1000')).toEqual({ status: 400, body: { error: 'invalid_search', param: 'size', message: 'size: must be at most 100' } });
    expect((await get('/quotes?from=yesterday')).body.param).toBe('from');
    expect(await get('/stories/nope')).toMatchObject({ status: 400, body: { error: 'invalid_search', param: 'id' } });
    await app.close();

    const unset = Fastify();
    await unset.register(searchRoutes, { es, alias: `${box.config.index}-never-set-up` });
    const r = await unset.inject({ url: '/search?q=x' });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toMatchObject({ error: 'index_missing' });
    await unset.close();
  });

  it('names the parameter that is wrong', async () => {
    await expect(search({ size: 1000 })).rejects.toThrow(new InvalidSearchError('size', 'must be at most 100'));
    await expect(search({ from: '2024-05-01', to: '2024-01-01' })).rejects.toMatchObject({ param: 'from' });
    await expect(search({ after: 'garbage' })).rejects.toMatchObject({ param: 'after' });
    await expect(search({ q: 'a', nonsense: 1 } as SearchParams)).rejects.toMatchObject({ param: 'nonsense' });
  });
});

/** Every story the project keeps: the samples and the test fixtures of every format. */
function projectStories(): RawArticle[] {
  const out: RawArticle[] = [];
  const dir = (p: string) => path.join(ROOT, p);
  for (const f of readdirSync(dir('samples'))) out.push({ content: readFileSync(dir(`samples/${f}`), 'utf8'), source: f });
  for (const f of readdirSync(dir('test/fixtures/formats/files'))) out.push({ content: readFileSync(dir(`test/fixtures/formats/files/${f}`), 'utf8'), source: f });
  for (const f of readdirSync(dir('test/fixtures/quotes')).filter((f) => f.endsWith('.json'))) {
    out.push({ content: (JSON.parse(readFileSync(dir(`test/fixtures/quotes/${f}`), 'utf8')) as { body: string }).body, source: f });
  }
  for (const line of readFileSync(dir('test/fixtures/datelines/openings.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const o = JSON.parse(line) as { id: string; text: string };
    out.push({ content: o.text, source: o.id });
  }
  const tagged = readFileSync(dir('test/fixtures/entities/stories.txt'), 'utf8').split(/^---$/m);
  tagged.forEach((t, i) => out.push({ content: t.replace(/^#.*$/gm, '').replace(/\[(?:PER|ORG|LOC|MISC) ([^\]]+)\]/g, '$1'), source: `entities-${i}` }));
  return out.filter((a) => a.content.trim());
}

describe('the strict mapping', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = sandbox('mapping');
  });
  afterAll(async () => {
    await box.cleanup();
  });

  it('takes every sample and fixture the project keeps', async () => {
    const es = createEsClient(box.config);
    await ensureIndex(es, box.config.index);
    const indexer = new BulkIndexer({ client: es, alias: box.config.index, maxDocs: 200, maxBytes: 5_000_000, flushMs: 10 });
    const docs = projectStories().flatMap((a) => {
      try {
        prepare(a);
      } catch {
        return []; // fixtures of unreadable input, kept to test the readers' errors
      }
      return [enrich(a)];
    });
    const results = await Promise.allSettled(docs.map((d) => indexer.index(d)));
    await indexer.close();
    await es.close();
    expect(docs.length).toBeGreaterThan(40);
    const rejected = results.flatMap((r, i) => (r.status === 'rejected' ? [`${docs[i]!.source.name}: ${(r.reason as Error).message}`] : []));
    expect(rejected).toEqual([]);
  });
});
