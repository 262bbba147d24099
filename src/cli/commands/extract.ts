import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { RawArticle } from '../../article/raw.ts';
import { lfLines } from '../../ingest/lines.ts';
import { decodeContent } from '../../formats/charset.ts';
import { rawItemsOf } from '../../ingest/raw-items.ts';
import { itemsOfInput } from '../../ingest/sources.ts';
import { enrich } from '../../pipeline.ts';
import { describeError, readAllBytes, writeOut } from '../io.ts';

interface ExtractOptions {
  jsonl?: boolean;
  format?: RawArticle['format'];
  receivedAt?: string;
}

/**
 * `--jsonl`: one raw article per stdin line in, exactly one story document (or error) per line
 * out; for content holding several stories (a feed), its first item's. Lines end at LF (CRLF
 * too); a lone CR stays inside its line.
 */
async function extractJsonLines(): Promise<number> {
  const lines = lfLines(process.stdin);
  let failed = 0;
  let n = 0;
  for await (const line of lines) {
    n += 1;
    let out: unknown;
    try {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (err) {
        throw Object.assign(new Error(`line ${n}: not JSON (${(err as Error).message})`), { code: 'invalid_json' });
      }
      // A feed's first item, read alone, so an odd item further down does not sink the line.
      const first = rawItemsOf(raw)[0]!;
      if ('error' in first) throw Object.assign(new Error(first.error), { code: 'unreadable_article' });
      out = enrich(first.raw as RawArticle);
    } catch (err) {
      failed += 1;
      out = { error: describeError(err) };
    }
    await writeOut(process.stdout, `${JSON.stringify(out)}\n`);
  }
  return failed ? 1 : 0;
}

/**
 * File mode: every story of every input. A feed or multi-item file (newsMessage, ninjs array)
 * gives each of its items; one that cannot be read stands in its place as
 * `{"error": {code, message, file, item}}`, so item n is always the n-th entry of that file.
 * Every failure is also named on stderr, and makes the exit code 1.
 */
async function extractFiles(files: string[], opts: ExtractOptions): Promise<number> {
  const docs: unknown[] = [];
  let failed = 0;
  const inputs = files.length ? files : ['-'];
  const asStory = (content: string, source: string): RawArticle => ({
    content,
    format: opts.format ?? 'auto',
    ...(opts.receivedAt ? { receivedAt: opts.receivedAt } : {}),
    source,
  });
  let several = inputs.length > 1;
  const emit = (out: unknown) => (opts.jsonl ? writeOut(process.stdout, `${JSON.stringify(out)}\n`) : docs.push(out));
  const fail = (where: string, err: unknown) => {
    failed += 1;
    process.stderr.write(`wiredesk extract: ${where}: ${describeError(err).message}\n`);
  };
  const extractArticle = async (raw: unknown, where: string, file: string) => {
    const items = rawItemsOf(raw);
    several ||= items.some((i) => i.item !== null);
    for (const r of items) {
      try {
        if ('error' in r) throw Object.assign(new Error(r.error), { code: 'unreadable_article' });
        await emit(enrich(r.raw as RawArticle));
      } catch (err) {
        fail(r.item === null ? where : `${where} item ${r.item}`, err);
        if (r.item !== null) await emit({ error: { ...describeError(err), file, item: r.item } });
      }
    }
  };
  for (const file of inputs) {
    try {
      if (file !== '-') {
        await extractArticle(asStory(decodeContent(await readFile(file)), path.basename(file)), file, file);
        continue;
      }
      // Stdin as `ingest -` and `POST /articles` read it: raw-article JSON (lines), or one story.
      const items = itemsOfInput(await readAllBytes(process.stdin), 'stdin');
      several ||= items.length > 1;
      for (const item of items) {
        if ('error' in item) fail(item.where, item.error);
        // A story as received takes --format and --received-at; a raw article says its own.
        else await extractArticle(item.asReceived ? asStory((item.raw as RawArticle).content, 'stdin') : item.raw, item.where, 'stdin');
      }
    } catch (err) {
      fail(file, err);
    }
  }
  if (docs.length) await writeOut(process.stdout, `${JSON.stringify(several ? docs : docs[0], null, 2)}\n`);
  return failed ? 1 : 0;
}

export function registerExtract(program: Command, setExit: (code: number) => void): void {
  program
    .command('extract')
    .description('enrich stories with no services and print story documents as JSON')
    .argument('[file...]', 'story files (plain text, ninjs, NITF, NewsML, RSS); none or - reads stdin')
    .option('--jsonl', 'with no file: read raw-article JSON lines on stdin, write one story document per line; with files: write one line per story')
    .option('--format <format>', 'the input format: auto, text, ninjs, nitf, newsml, rss, anpa, iptc7901', 'auto')
    .option('--received-at <iso>', 'when the story arrived (default: now)')
    .action(async (files: string[], opts: ExtractOptions) => {
      const stdinLines = opts.jsonl && files.every((f) => f === '-');
      setExit(stdinLines ? await extractJsonLines() : await extractFiles(files, opts));
    });
}
