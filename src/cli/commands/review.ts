import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { createEsClient } from '../../elastic/client.ts';
import { CorrectionStore } from '../../elastic/corrections.ts';
import { correctQuote, MAX_REVIEW_LIMIT, reviewList } from '../../elastic/review.ts';
import { trainingRecordOf, type ReviewItem } from '../../review/corrections.ts';
import { contextOf } from '../context.ts';
import { writeOut } from '../io.ts';

const who = (s: ReviewItem['speaker']) => (s ? `${s.name}${s.title ? ` (${s.title})` : ''}` : 'no speaker');

function describeItem(item: ReviewItem, n: number): string {
  const candidates = item.candidates.map((c) => (c.score === null ? c.name : `${c.name} (${c.score})`)).join(', ');
  return [
    `${n}. “${item.text.replace(/\s+/g, ' ')}”`,
    `   speaker ${who(item.speaker)} · confidence ${item.confidence} · ${item.how}`,
    ...(candidates ? [`   candidates ${candidates}`] : []),
    `   ${item.headline ?? '(no headline)'} · ${item.publishedAt?.slice(0, 10) ?? 'undated'}`,
    `   wiredesk review set ${item.storyId} ${item.quoteIndex} --speaker "…"   (or --none)`,
  ].join('\n');
}

/** The whole number a flag holds, or null. */
const wholeOf = (v: string) => (/^\d+$/.test(v) ? Number(v) : null);

export function registerReview(program: Command, setExit: (code: number) => void): void {
  const review = program.command('review').description("editors' review of doubtful attributions: list quotes whose speaker is uncertain (list), correct one (set), export the corrections as training data (export)");

  review
    .command('list')
    .description('quotes whose speaker confidence is below WIREDESK_REVIEW_BELOW, newest stories first')
    .option('--limit <n>', `quotes to list (at most ${MAX_REVIEW_LIMIT})`, '20')
    .option('--json', 'print {total, items} as JSON')
    .action(async (opts: { limit: string; json?: boolean }, command: Command) => {
      const { config } = contextOf(command);
      const limit = wholeOf(opts.limit);
      if (limit === null || limit > MAX_REVIEW_LIMIT) {
        process.stderr.write(`wiredesk review list: --limit ${JSON.stringify(opts.limit)} is not a whole number from 0 to ${MAX_REVIEW_LIMIT}\n`);
        return setExit(2);
      }
      const es = createEsClient(config);
      try {
        const result = await reviewList(es, config.index, { below: config.review.below, limit });
        if (opts.json) return await writeOut(process.stdout, `${JSON.stringify(result)}\n`);
        const lines = [`${result.total} ${result.total === 1 ? 'quote' : 'quotes'} to review (speaker confidence below ${config.review.below})`];
        result.items.forEach((item, i) => lines.push(describeItem(item, i + 1)));
        await writeOut(process.stdout, `${lines.join('\n')}\n`);
      } finally {
        await es.close();
      }
    });

  review
    .command('set')
    .description("set a quote's speaker (or --none): stored apart from the story, applied now and whenever the story is indexed again")
    .argument('<storyId>', 'the story id (wd-…)')
    .argument('<quoteIndex>', "the quote's position in the story's quotes (from `review list`)")
    .option('--speaker <name>', 'who said it')
    .option('--none', 'nobody is quoted here: the quote gets no speaker')
    .option('--by <name>', 'who corrects (default: cli:<user name>)')
    .option('--json', 'print the correction as JSON')
    .action(async (storyId: string, index: string, opts: { speaker?: string; none?: boolean; by?: string; json?: boolean }, command: Command) => {
      const { config } = contextOf(command);
      const quoteIndex = wholeOf(index);
      if (quoteIndex === null) {
        process.stderr.write(`wiredesk review set: the quote index ${JSON.stringify(index)} is not a whole number\n`);
        return setExit(2);
      }
      if ((opts.speaker === undefined) === !opts.none) {
        process.stderr.write('wiredesk review set: give either --speaker "<name>" or --none\n');
        return setExit(2);
      }
      const es = createEsClient(config);
      try {
        const store = new CorrectionStore(es, config.index, { cacheMs: config.review.cacheMs });
        const by = opts.by ?? `cli:${userInfo().username}`;
        const done = await correctQuote(es, config.index, store, { storyId, quoteIndex, speaker: opts.none ? null : opts.speaker!, by });
        if (opts.json) return await writeOut(process.stdout, `${JSON.stringify(done)}\n`);
        const c = done.correction;
        const was = c.original.speaker?.name ?? 'no speaker';
        await writeOut(
          process.stdout,
          `${storyId} quote ${quoteIndex}: speaker ${c.speaker ? JSON.stringify(c.speaker.name) : 'none'} (was ${was}, ${c.original.confidence}, ${c.original.how}); by ${c.correctedBy} at ${c.correctedAt}${done.outcome === 'stale' ? '; a newer copy of the story kept arriving: it carries the correction when indexed' : ''}\n`,
        );
      } finally {
        await es.close();
      }
    });

  review
    .command('export')
    .description("every correction as training data, one JSON line each: story id, quote, offsets, paragraph, corrected and original speaker, confidence")
    .option('--jsonl', 'JSON lines (the only format, and the default)')
    .action(async (_opts: { jsonl?: boolean }, command: Command) => {
      const { config } = contextOf(command);
      const es = createEsClient(config);
      try {
        const store = new CorrectionStore(es, config.index, { cacheMs: config.review.cacheMs });
        for await (const c of store.all()) await writeOut(process.stdout, `${JSON.stringify(trainingRecordOf(c))}\n`);
      } finally {
        await es.close();
      }
    });
}
