import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MAX_CONTENT_BYTES, RAW_ARTICLE_KEYS } from '../article/raw.ts';

/** One article read from disk or stdin, or the reason it could not be. */
export type SourceItem =
  | { where: string; raw: unknown }
  | { where: string; error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Every file under the given paths: directories walked in name order, dot-files skipped. */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push(p);
      continue;
    }
    const info = await stat(p).catch(() => null);
    if (info?.isDirectory()) {
      const entries = (await readdir(p, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name));
      out.push(...(await expandPaths(entries.map((e) => path.join(p, e.name)))));
    } else {
      out.push(p);
    }
  }
  return out;
}

/** A raw article given as a JSON object of the raw-article shape, rather than a feed's own JSON (ninjs). */
function isRawArticleObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.includes('content') && keys.every((k) => RAW_ARTICLE_KEYS.includes(k));
}

async function* jsonLines(lines: AsyncIterable<string>, where: string): AsyncGenerator<SourceItem> {
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (!line.trim()) continue;
    try {
      yield { where: `${where}:${n}`, raw: JSON.parse(line) };
    } catch (err) {
      yield { where: `${where}:${n}`, error: `not a JSON line (${(err as Error).message})` };
    }
  }
}

/**
 * The articles in one file: `.jsonl` holds raw articles a line each; a `.json` file holding a
 * raw-article object is that article; any other file is the story itself (plain text, ninjs,
 * NITF, NewsML, RSS). Empty, binary and oversized files are refused with the reason.
 */
export async function* articlesIn(file: string): AsyncGenerator<SourceItem> {
  if (file === '-') {
    yield* jsonLines(createInterface({ input: process.stdin, crlfDelay: Infinity }), 'stdin');
    return;
  }
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => err);
  if (info instanceof Error) {
    yield { where: file, error: info.code === 'ENOENT' ? 'no such file' : `cannot read it (${info.code ?? info.message})` };
    return;
  }
  if (file.endsWith('.jsonl') || file.endsWith('.ndjson')) {
    yield* jsonLines(createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity }), file);
    return;
  }
  if (info.size === 0) return yield { where: file, error: 'the file is empty' };
  if (info.size > MAX_CONTENT_BYTES) {
    return yield { where: file, error: `the file is ${(info.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_CONTENT_BYTES / 1024 / 1024} MB limit for one story` };
  }
  const bytes = await readFile(file);
  let content: string;
  try {
    if (bytes.subarray(0, 8192).includes(0)) throw new Error('NUL byte');
    content = utf8.decode(bytes);
  } catch {
    return yield { where: file, error: 'a binary file, not UTF-8 text: wire stories are text, JSON or XML' };
  }
  if (!content.trim()) return yield { where: file, error: 'the file holds only whitespace' };
  if (file.endsWith('.json')) {
    try {
      const value: unknown = JSON.parse(content);
      if (isRawArticleObject(value)) return yield { where: file, raw: value };
    } catch {
      // Not JSON after all: let the readers say what is wrong with it.
    }
  }
  yield { where: file, raw: { content, source: path.basename(file) } };
}
