import type { Command } from 'commander';
import { createEsClient } from '../../elastic/client.ts';
import { getQuotation, searchUniqueQuotes, speakerProfile, type UniqueQuote } from '../../elastic/quotation-search.ts';
import type { UniqueQuoteParams } from '../../elastic/quotation-query.ts';
import { InvalidSearchError, NotFoundError } from '../../errors.ts';
import type { Config } from '../../config.ts';
import { writeOut } from '../io.ts';
import { contextOf } from '../context.ts';

/** The flags `quotes --unique` reads; any other story filter is refused by the unique contract. */
export interface UniqueFlags {
  speaker?: string;
  speakerTitle?: string;
  agency?: string;
  from?: string;
  to?: string;
  sort?: string;
  size?: string;
  after?: string;
  json?: boolean;
  [other: string]: unknown;
}

const when = (iso: string | null) => iso?.slice(0, 10) ?? 'undated';
const whoSaid = (q: Pick<UniqueQuote, 'speaker'>) => (q.speaker ? `${q.speaker.name} (agreement ${Math.round(q.speaker.agreement * 100)}%)` : 'unattributed');

/** `wiredesk quotes --unique`: each quotation once, most carried first. */
export async function printUniqueQuotes(config: Config, words: string[], flags: UniqueFlags): Promise<void> {
  const { json, unique: _unique, ...rest } = flags;
  const params: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (words.length) params.q = words.join(' ');
  const es = createEsClient(config);
  try {
    let result;
    try {
      result = await searchUniqueQuotes(es, config.index, params as UniqueQuoteParams);
    } catch (err) {
      if (err instanceof InvalidSearchError) throw new InvalidSearchError(err.param === 'q' ? 'query' : `--${err.param.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, err.message.slice(err.param.length + 2));
      throw err;
    }
    if (json) return await writeOut(process.stdout, `${JSON.stringify(result)}\n`);
    const lines = [`${result.total} unique ${result.total === 1 ? 'quotation' : 'quotations'}`];
    result.quotes.forEach((q, i) => {
      lines.push(`${i + 1}. “${q.text.replace(/\s+/g, ' ')}”`, `   — ${whoSaid(q)} · carried by ${q.occurrences} ${q.occurrences === 1 ? 'story' : 'stories'} · first ${when(q.firstSeen.publishedAt)} ${q.firstSeen.agency ?? 'unknown agency'} ${q.firstSeen.storyId} · ${q.id}`);
    });
    if (result.next) lines.push(`more: --after ${result.next}`);
    await writeOut(process.stdout, `${lines.join('\n')}\n`);
  } finally {
    await es.close();
  }
}

export function registerQuotations(program: Command): void {
  program
    .command('quote')
    .description('one quotation: its longest form, aggregated speaker, first occurrence and every story that carried it, oldest first')
    .argument('<id>', 'a quotation id (q and 16 hex digits) from `quotes --unique`')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: { json?: boolean }, command: Command) => {
      const { config } = contextOf(command);
      const es = createEsClient(config);
      try {
        const q = await getQuotation(es, config.index, id);
        if (!q) throw new NotFoundError(`no quotation ${id} in ${config.index}-quotes`);
        if (flags.json) return await writeOut(process.stdout, `${JSON.stringify(q)}\n`);
        const lines = [`“${q.text.replace(/\s+/g, ' ')}”`, `— ${whoSaid(q)} · first ${when(q.firstSeen.publishedAt)} ${q.firstSeen.agency ?? 'unknown agency'} ${q.firstSeen.storyId}`, `${q.occurrences.length} ${q.occurrences.length === 1 ? 'occurrence' : 'occurrences'}:`];
        q.occurrences.forEach((o, i) => {
          const who = o.speaker ? `${o.speaker.name}${o.speaker.title ? ` (${o.speaker.title})` : ''}` : 'unattributed';
          lines.push(`${i + 1}. ${when(o.publishedAt)} ${o.agency ?? 'unknown agency'} · ${o.headline ?? '(no headline)'} · ${o.storyId}`, `   ${who}: “${o.text.replace(/\s+/g, ' ')}”`);
        });
        await writeOut(process.stdout, `${lines.join('\n')}\n`);
      } finally {
        await es.close();
      }
    });

  program
    .command('speaker')
    .description("a speaker: stories and quotes, the titles stories gave them over time, organisations named around them")
    .argument('<name>', 'a full or partial name')
    .option('--json', 'print JSON')
    .action(async (name: string, flags: { json?: boolean }, command: Command) => {
      const { config } = contextOf(command);
      const es = createEsClient(config);
      try {
        const p = await speakerProfile(es, config.index, name);
        if (!p) throw new NotFoundError(`no story in ${config.index} quotes ${name}`);
        if (flags.json) return await writeOut(process.stdout, `${JSON.stringify(p)}\n`);
        const lines = [`${p.name}: ${p.quotes} ${p.quotes === 1 ? 'quote' : 'quotes'} in ${p.stories} ${p.stories === 1 ? 'story' : 'stories'}`];
        if (p.titles.length) lines.push('titles:', ...p.titles.map((t) => `  ${t.title.padEnd(32)} ${when(t.first)} → ${when(t.last)} (${t.count} ${t.count === 1 ? 'story' : 'stories'})`));
        if (p.organizations.length) lines.push(`organisations: ${p.organizations.map((o) => `${o.name} (${o.stories})`).join(', ')}`);
        await writeOut(process.stdout, `${lines.join('\n')}\n`);
      } finally {
        await es.close();
      }
    });
}
