import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { hasVisibleText, MAX_CONTENT_BYTES, RAW_ARTICLE_KEYS } from '../article/raw.ts';
import { decodeContent } from '../formats/charset.ts';
import { lfLines } from './lines.ts';
import { rawItemsOf } from './raw-items.ts';

/** One article read from disk or stdin, or the reason it could not be; `item`: its index in the feed or multi-item file that held it. */
export type SourceItem =
  /** `asReceived`: the raw article wraps a story as received (not a raw-article object given as such). */
  | { where: string; raw: unknown; asReceived?: boolean; item?: number }
  | { where: string; error: string; item?: number };

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
export function isRawArticleObject(value: unknown): boolean {
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

/** How `-` (stdin) is read: `auto` decides from what arrives, `jsonl` says it is raw-article JSON lines. */
export interface StdinOptions {
  jsonl?: boolean;
  /** Stdin, by default `process.stdin` (tests give their own). */
  input?: NodeJS.ReadableStream;
}

/**
 * The articles in one file: `.jsonl` holds raw articles a line each; a `.json` file holding a
 * raw-article object is that article; any other file is the story itself (plain text, ninjs,
 * NITF, NewsML, RSS). Empty, binary and oversized files are refused with the reason. `-` is
 * stdin: see `stdinArticles`. An article holding a feed or several items (newsMessage, ninjs
 * array) gives each item, `where` saying `… item <index>`, an item that cannot be split out
 * an error in its place.
 */
export async function* articlesIn(file: string, stdin: StdinOptions = {}): AsyncGenerator<SourceItem> {
  for await (const article of wholeArticlesIn(file, stdin)) yield* itemsOfArticle(article);
}

/** A source's article split into its items (see `rawItemsOf`); an article of one story, or a refusal, as it is. */
function itemsOfArticle(article: SourceItem): SourceItem[] {
  if ('error' in article) return [article];
  return rawItemsOf(article.raw).map((r) => {
    if (r.item === null) return article;
    const where = `${article.where} item ${r.item}`;
    return 'error' in r ? { where, error: r.error, item: r.item } : { where, raw: r.raw, item: r.item, ...(article.asReceived ? { asReceived: true } : {}) };
  });
}

async function* wholeArticlesIn(file: string, stdin: StdinOptions): AsyncGenerator<SourceItem> {
  if (file === '-') {
    yield* stdinArticles(stdin);
    return;
  }
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => err);
  if (info instanceof Error) {
    yield { where: file, error: info.code === 'ENOENT' ? 'no such file' : `cannot read it (${info.code ?? info.message})` };
    return;
  }
  if (file.endsWith('.jsonl') || file.endsWith('.ndjson')) {
    yield* jsonLines(lfLines(createReadStream(file)), file);
    return;
  }
  if (info.size > MAX_CONTENT_BYTES) {
    return yield { where: file, error: `the file is ${(info.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_CONTENT_BYTES / 1024 / 1024} MB limit for one story` };
  }
  yield storyOf(file, await readFile(file), { json: file.endsWith('.json'), name: path.basename(file) });
}

/**
 * Stdin, the same way `wiredesk extract -` and `POST /articles` take a body: raw-article JSON
 * lines when every line that is not blank parses as a raw article (or when `--jsonl` says so:
 * then it streams, and a bad line is refused on its own), otherwise one story as received
 * (plain text, ninjs, XML), with the checks a story file gets.
 */
export async function* stdinArticles(opts: StdinOptions = {}): AsyncGenerator<SourceItem> {
  const input = opts.input ?? process.stdin;
  if (opts.jsonl) {
    yield* jsonLines(lfLines(input as AsyncIterable<Buffer>), 'stdin');
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  yield* itemsOfInput(Buffer.concat(chunks), 'stdin');
}

/** The articles in one input read whole (stdin): raw-article JSON lines, or one story. */
export function itemsOfInput(bytes: Buffer, where: string): SourceItem[] {
  const raws = rawArticleLines(bytes);
  if (raws) return raws.map(({ n, raw }) => ({ where: `${where}:${n}`, raw }));
  if (bytes.length > MAX_CONTENT_BYTES) {
    return [{ where, error: `${where} holds ${(bytes.length / 1024 / 1024).toFixed(1)} MB, over the ${MAX_CONTENT_BYTES / 1024 / 1024} MB limit for one story; for raw-article JSON lines, say --jsonl` }];
  }
  return [storyOf(where, bytes, { json: true, name: where })];
}

/** Every line that is not blank, when each of them is a raw-article JSON object; else null. */
function rawArticleLines(bytes: Buffer): { n: number; raw: unknown }[] | null {
  // A raw-article line starts with `{`; anything else (a story's first word, `<`) is a story.
  const head = bytes.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (!head.startsWith('{')) return null;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  const out: { n: number; raw: unknown }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return null;
    }
    if (!isRawArticleObject(value)) return null;
    out.push({ n: i + 1, raw: value });
  }
  return out.length ? out : null;
}

/** One story as received, refused when empty, binary or blank; a `.json` raw-article object is that article. */
function storyOf(where: string, bytes: Buffer, opts: { json: boolean; name: string }): SourceItem {
  if (bytes.length === 0) return { where, error: where === 'stdin' ? 'stdin is empty' : 'the file is empty' };
  // By BOM, XML declaration, else UTF-8 (windows-1252 when it is not UTF-8); NULs left over mean binary.
  const content = decodeContent(bytes);
  if (content.slice(0, 8192).includes('\u0000')) return { where, error: 'a binary file, not text: wire stories are text, JSON or XML' };
  if (!hasVisibleText(content)) return { where, error: `${where === 'stdin' ? 'stdin' : 'the file'} holds only whitespace or invisible characters` };
  if (opts.json) {
    try {
      const value: unknown = JSON.parse(content);
      if (isRawArticleObject(value)) return { where, raw: value };
    } catch {
      // Not JSON after all: let the readers say what is wrong with it.
    }
  }
  return { where, raw: { content, source: opts.name }, asReceived: true };
}
