import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { RawArticle } from '../../article/raw.ts';
import { lfLines } from '../../ingest/lines.ts';
import { decodeContent } from '../../formats/charset.ts';
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
 * out. Lines end at LF (CRLF too); a lone CR stays inside its line.
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
      out = enrich(raw as RawArticle);
    } catch (err) {
      failed += 1;
      out = { error: describeError(err) };
    }
    await writeOut(process.stdout, `${JSON.stringify(out)}\n`);
  }
  return failed ? 1 : 0;
}

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
  for (const file of inputs) {
    try {
      if (file !== '-') {
        docs.push(enrich(asStory(decodeContent(await readFile(file)), path.basename(file))));
        continue;
      }
      // Stdin as `ingest -` and `POST /articles` read it: raw-article JSON (lines), or one story.
      const items = itemsOfInput(await readAllBytes(process.stdin), 'stdin');
      several ||= items.length > 1;
      for (const item of items) {
        try {
          if ('error' in item) throw Object.assign(new Error(item.error), { code: 'invalid_article' });
          const raw = item.raw as RawArticle;
          // A story as received takes --format and --received-at; a raw article says its own.
          docs.push(enrich(item.asReceived ? asStory(raw.content, 'stdin') : raw));
        } catch (err) {
          failed += 1;
          process.stderr.write(`wiredesk extract: ${item.where}: ${describeError(err).message}\n`);
        }
      }
    } catch (err) {
      failed += 1;
      process.stderr.write(`wiredesk extract: ${file}: ${describeError(err).message}\n`);
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
    .option('--jsonl', 'read raw-article JSON lines on stdin, write one story document per line')
    .option('--format <format>', 'the input format: auto, text, ninjs, nitf, newsml, rss, anpa, iptc7901', 'auto')
    .option('--received-at <iso>', 'when the story arrived (default: now)')
    .action(async (files: string[], opts: ExtractOptions) => {
      setExit(opts.jsonl ? await extractJsonLines() : await extractFiles(files, opts));
    });
}
