import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { RawArticle } from '../../article/raw.ts';
import { enrich } from '../../pipeline.ts';
import { describeError, readAll, writeOut } from '../io.ts';

interface ExtractOptions {
  jsonl?: boolean;
  format?: RawArticle['format'];
  receivedAt?: string;
}

/** `--jsonl`: one raw article per stdin line in, exactly one story document (or error) per line out. */
async function extractJsonLines(): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
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
  for (const file of inputs) {
    try {
      const content = file === '-' ? await readAll(process.stdin) : await readFile(file, 'utf8');
      docs.push(
        enrich({
          content,
          format: opts.format ?? 'auto',
          ...(opts.receivedAt ? { receivedAt: opts.receivedAt } : {}),
          source: file === '-' ? 'stdin' : path.basename(file),
        }),
      );
    } catch (err) {
      failed += 1;
      process.stderr.write(`wiredesk extract: ${file}: ${describeError(err).message}\n`);
    }
  }
  if (docs.length) await writeOut(process.stdout, `${JSON.stringify(inputs.length === 1 ? docs[0] : docs, null, 2)}\n`);
  return failed ? 1 : 0;
}

export function registerExtract(program: Command, setExit: (code: number) => void): void {
  program
    .command('extract')
    .description('enrich stories with no services and print story documents as JSON')
    .argument('[file...]', 'story files (plain text, ninjs, NITF, NewsML, RSS); none or - reads stdin')
    .option('--jsonl', 'read raw-article JSON lines on stdin, write one story document per line')
    .option('--format <format>', 'the input format: auto, text, ninjs, nitf, newsml, rss', 'auto')
    .option('--received-at <iso>', 'when the story arrived (default: now)')
    .action(async (files: string[], opts: ExtractOptions) => {
      setExit(opts.jsonl ? await extractJsonLines() : await extractFiles(files, opts));
    });
}
