import type { Command } from 'commander';
import { createEsClient } from '../../elastic/client.ts';
import { searchQuotes, searchStories, type FacetBucket, type SearchParams, type StoryHit } from '../../elastic/search.ts';
import { InvalidSearchError } from '../../errors.ts';
import { contextOf } from '../context.ts';
import { writeOut } from '../io.ts';

interface SearchFlags {
  json?: boolean;
  speaker?: string;
  speakerTitle?: string;
  entity?: string;
  person?: string;
  org?: string;
  location?: string;
  city?: string;
  country?: string;
  agency?: string;
  lang?: string;
  from?: string;
  to?: string;
  sort?: string;
  size?: string;
  facets?: boolean;
  after?: string;
  includeWithdrawn?: boolean;
  like?: string;
  collapse?: boolean;
  cluster?: string;
}

const FILTER_FLAGS: [string, string][] = [
  ['--speaker <name>', 'stories quoting this speaker (a full or partial name)'],
  ['--speaker-title <title>', 'quotes by whoever held this title when quoted ("Secretary of State"; "former …" only when asked)'],
  ['--entity <name>', 'stories naming this person, organisation or place'],
  ['--person <name>', 'stories naming this person'],
  ['--org <name>', 'stories naming this organisation'],
  ['--location <name>', 'stories naming this place'],
  ['--city <city>', 'dateline city'],
  ['--country <code>', 'dateline country, ISO 3166-1 alpha-2 (RU, US …)'],
  ['--agency <agency>', 'agency credit (Reuters, AP, ANI …)'],
  ['--lang <code>', 'language code (en …)'],
  ['--from <date>', 'published on or after (YYYY-MM-DD)'],
  ['--to <date>', 'published on or before (YYYY-MM-DD)'],
  ['--sort <order>', 'relevance or date'],
  ['--size <n>', 'results per page (0–100, default 10)'],
  ['--after <cursor>', 'the next page: the cursor a previous page printed'],
  ['--include-withdrawn', 'also stories withdrawn by a kill notice (left out by default)'],
];

function withFilters(command: Command): Command {
  for (const [flag, help] of FILTER_FLAGS) command.option(flag, help);
  return command.option('--json', 'print JSON');
}

/** CLI flags as search parameters; unset flags left out so the schema's defaults apply. */
function paramsOf(words: string[], flags: SearchFlags): SearchParams {
  const { json: _json, unique: _unique, ...rest } = flags as SearchFlags & { unique?: boolean };
  const params: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (words.length) params.q = words.join(' ');
  return params as SearchParams;
}

/** Names the offending flag the way the user typed it. */
async function asFlags<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof InvalidSearchError) throw new InvalidSearchError(err.param === 'q' ? 'query' : `--${err.param}`, err.message.slice(err.param.length + 2));
    throw err;
  }
}

/** Highlight tags as bold on a terminal, as **…** elsewhere. */
function emphasise(raw: string, tty: boolean): string {
  const [open, close] = tty ? ['\x1b[1m', '\x1b[22m'] : ['**', '**'];
  return raw.replace(/\s+/g, ' ').replaceAll('<em>', open).replaceAll('</em>', close);
}

function describeHit(hit: StoryHit, n: number, tty: boolean): string {
  const s = hit.story;
  const d = s.dateline;
  const where = d ? [d.city, d.region && d.region !== d.city ? d.region : null, d.country].filter(Boolean).join(', ') : 'no dateline';
  const title = s.headline ?? `${s.body.slice(0, 80).replace(/\s+/g, ' ')}…`;
  const snippet = hit.highlight.body?.join(' … ') ?? s.body.slice(0, 180);
  return [
    `${n}. ${title}`,
    `   ${where} · ${s.agency ?? 'unknown agency'} · ${d?.date ?? s.publishedAt?.slice(0, 10) ?? 'undated'} · ${s.id}`,
    ...(hit.copies !== undefined || s.cluster.id !== s.id ? [`   ${clusterLine(hit)}`] : []),
    `   ${emphasise(snippet, tty)}`,
  ].join('\n');
}

function clusterLine(hit: StoryHit): string {
  const c = hit.story.cluster;
  const copies = hit.copies === undefined ? '' : ` · ${hit.copies} ${hit.copies === 1 ? 'copy' : 'copies'} more`;
  return `cluster ${c.id} (${c.role === 'original' ? 'the original' : 'a copy'})${copies}`;
}

const bucketLine = (name: string, buckets: FacetBucket[]) => (buckets.length ? `  ${name.padEnd(14)} ${buckets.map((b) => `${b.value} (${b.count})`).join(', ')}` : null);

export function registerSearch(program: Command): void {
  withFilters(
    program
      .command('search')
      .description('full-text search over the indexed stories, with filters and facets')
      .argument('[query...]', 'words; "quoted phrases", -excluded, a|b alternatives'),
  )
    .option('--facets', 'also print top speakers, people, organisations, places, agencies, countries and a date histogram')
    .option('--like <story-id>', 'stories like this one')
    .option('--collapse', 'one story per cluster of near-duplicates (copies, re-sends, updates), with its copies counted')
    .option('--cluster <id>', 'the stories of one cluster (its id is the story id of its original)')
    .action(async (words: string[], flags: SearchFlags, command: Command) => {
      const { config } = contextOf(command);
      const es = createEsClient(config);
      try {
        const result = await asFlags(() => searchStories(es, config.index, paramsOf(words, flags)));
        if (flags.json) {
          const hits = result.hits.map((h) => ({ ...h.story, highlight: h.highlight, score: h.score, ...(h.copies !== undefined ? { copies: h.copies } : {}) }));
          return await writeOut(process.stdout, `${JSON.stringify({ total: result.total, totalExact: result.totalExact, hits, ...(result.facets ? { facets: result.facets } : {}), next: result.next })}\n`);
        }
        const tty = process.stdout.isTTY === true;
        const unit = flags.collapse ? (result.total === 1 ? 'story (cluster)' : 'stories (clusters)') : result.total === 1 ? 'story' : 'stories';
        const lines = [`${result.total}${result.totalExact ? '' : '+'} ${unit} match${words.length ? ` "${words.join(' ')}"` : ''}`];
        result.hits.forEach((h, i) => lines.push(describeHit(h, i + 1, tty)));
        if (result.facets) {
          const f = result.facets;
          lines.push('facets:');
          for (const [name, buckets] of Object.entries({ speakers: f.speakers, people: f.people, organizations: f.organizations, locations: f.locations, agencies: f.agencies, countries: f.countries })) {
            const line = bucketLine(name, buckets);
            if (line) lines.push(line);
          }
          if (f.published.length) lines.push(`  ${'published'.padEnd(14)} ${f.published.map((b) => `${b.date.slice(0, 10)}: ${b.count}`).join(', ')}`);
        }
        if (result.next) lines.push(`more: --after ${result.next}`);
        await writeOut(process.stdout, `${lines.join('\n')}\n`);
      } finally {
        await es.close();
      }
    });

  withFilters(
    program
      .command('quotes')
      .description('quotes matching words and a speaker, with the story each comes from')
      .argument('[query...]', 'words the quote must hold'),
  )
    .option('--unique', 'each quotation once (partial quotes joined to the longer one), most carried first; --sort date: first seen first')
    .action(async (words: string[], flags: SearchFlags & { unique?: boolean }, command: Command) => {
    const { config } = contextOf(command);
    if (flags.unique) return (await import('./quotations.ts')).printUniqueQuotes(config, words, flags as Record<string, unknown>);
    const es = createEsClient(config);
    try {
      const result = await asFlags(() => searchQuotes(es, config.index, paramsOf(words, flags)));
      if (flags.json) {
        const quotes = result.quotes.map(({ text, speaker, storyId, publishedAt, headline, verb, via }) => ({ text, speaker, storyId, publishedAt, headline, verb, via }));
        return await writeOut(process.stdout, `${JSON.stringify({ total: result.total, quotes, next: result.next })}\n`);
      }
      const tty = process.stdout.isTTY === true;
      const lines = [`${result.total} ${result.total === 1 ? 'quote' : 'quotes'} in ${result.stories} ${result.stories === 1 ? 'story' : 'stories'}`];
      result.quotes.forEach((q, i) => {
        const who = q.speaker ? `${q.speaker.name}${q.speaker.title ? ` (${q.speaker.title})` : ''}` : 'unattributed';
        lines.push(`${i + 1}. “${emphasise(q.highlight ?? q.text, tty)}”`, `   — ${who}${q.via ? `, via ${q.via}` : ''} · ${q.publishedAt?.slice(0, 10) ?? 'undated'} · ${q.storyId}`);
      });
      if (result.next) lines.push(`more: --after ${result.next}`);
      await writeOut(process.stdout, `${lines.join('\n')}\n`);
    } finally {
      await es.close();
    }
  });
}
