import type { Command } from 'commander';
import { createEsClient } from '../../elastic/client.ts';
import { searchStories, type StoryHit } from '../../elastic/search.ts';
import { contextOf } from '../context.ts';
import { writeOut } from '../io.ts';

/** Highlight tags as bold on a terminal, as **…** elsewhere. */
function snippetOf(hit: StoryHit, tty: boolean): string {
  const raw = hit.highlight.body?.[0] ?? hit.story.body.slice(0, 180);
  const [open, close] = tty ? ['\x1b[1m', '\x1b[22m'] : ['**', '**'];
  return raw.replace(/\s+/g, ' ').replaceAll('<em>', open).replaceAll('</em>', close);
}

function describeHit(hit: StoryHit, n: number, tty: boolean): string {
  const s = hit.story;
  const d = s.dateline;
  const where = d ? [d.city, d.region && d.region !== d.city ? d.region : null, d.country].filter(Boolean).join(', ') : 'no dateline';
  const title = s.headline ?? `${s.body.slice(0, 80).replace(/\s+/g, ' ')}…`;
  return [
    `${n}. ${title}`,
    `   ${where} · ${s.agency ?? 'unknown agency'} · ${d?.date ?? s.publishedAt?.slice(0, 10) ?? 'undated'} · ${s.id}`,
    `   ${snippetOf(hit, tty)}`,
  ].join('\n');
}

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('full-text search over the indexed stories')
    .argument('[query...]', 'words; "quoted phrases", -excluded, a|b alternatives')
    .option('--json', 'print {total, hits} as JSON')
    .option('--size <n>', 'how many hits', (v) => Number.parseInt(v, 10), 10)
    .action(async (words: string[], opts: { json?: boolean; size: number }, command: Command) => {
      const { config } = contextOf(command);
      const es = createEsClient(config);
      try {
        const result = await searchStories(es, config.index, { query: words.join(' '), size: opts.size });
        if (opts.json) {
          const hits = result.hits.map((h) => ({ ...h.story, highlight: h.highlight, score: h.score }));
          return await writeOut(process.stdout, `${JSON.stringify({ total: result.total, hits })}\n`);
        }
        const tty = process.stdout.isTTY === true;
        const lines = [`${result.total} ${result.total === 1 ? 'story' : 'stories'} match${words.length ? ` "${words.join(' ')}"` : ''}`];
        result.hits.forEach((h, i) => lines.push(describeHit(h, i + 1, tty)));
        await writeOut(process.stdout, `${lines.join('\n')}\n`);
      } finally {
        await es.close();
      }
    });
}
