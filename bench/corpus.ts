import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { RawArticle } from '../src/article/raw.ts';
import type { RedisConnection } from '../src/queue/connection.ts';
import { enqueueArticle } from '../src/queue/producer.ts';
import type { StoryQueue } from '../src/queue/queue.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REUTERS = path.resolve(ROOT, '..', 'shared', 'data', 'reuters21578');

const MONTHS: Record<string, string> = { JAN: '01', FEB: '02', MAR: '03', APR: '04', MAY: '05', JUN: '06', JUL: '07', AUG: '08', SEP: '09', OCT: '10', NOV: '11', DEC: '12' };
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#\d+;/g, '');

/** The Reuters-21578 records of a directory, in file order: id and the raw (escaped) SGML fields. */
export function* reutersRecords(dir: string): Generator<{ id: string; rec: string; body: string | undefined; dateline: string }> {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sgm')).sort()) {
    const sgm = readFileSync(path.join(dir, file), 'latin1');
    for (const m of sgm.matchAll(/<REUTERS[^>]*NEWID="(\d+)"[^>]*>([\s\S]*?)<\/REUTERS>/g)) {
      const rec = m[2]!;
      yield { id: m[1]!, rec, body: /<BODY>([\s\S]*?)<\/BODY>/.exec(rec)?.[1], dateline: /<DATELINE>([\s\S]*?)<\/DATELINE>/.exec(rec)?.[1] ?? '' };
    }
  }
}

/**
 * Stories for benchmarks: the Reuters-21578 corpus in the seed's plain-text style where
 * ../shared/data holds it (real wire copy, varied lengths), else the bundled samples repeated.
 */
export function benchCorpus(limit = Infinity): { name: string; articles: RawArticle[] } {
  if (existsSync(REUTERS)) {
    const articles: RawArticle[] = [];
    for (const { id, rec, body, dateline } of reutersRecords(REUTERS)) {
      const date = /<DATE>\s*(\d{1,2})-([A-Z]{3})-(\d{4})/.exec(rec);
      if (!body || !date) continue;
      const iso = `${date[3]}-${MONTHS[date[2]!]}-${date[1]!.padStart(2, '0')}`;
      articles.push({ content: `date ${iso} ${unescape(dateline).trim()} ${unescape(body)}`, source: `reuters21578:${id}` });
      if (articles.length >= limit) return { name: 'reuters21578', articles };
    }
    return { name: 'reuters21578', articles };
  }
  const dir = path.join(ROOT, 'samples');
  const samples = readdirSync(dir).sort().map((f) => ({ content: readFileSync(path.join(dir, f), 'utf8'), source: f }));
  const articles: RawArticle[] = [];
  for (let i = 0; articles.length < Math.min(limit, 2000); i++) articles.push(samples[i % samples.length]!);
  return { name: 'samples (repeated)', articles };
}

/** Prints the results as an aligned table, then one JSON line. */
export function report(bench: string, rows: Record<string, string | number>[], summary: Record<string, unknown>): void {
  const keys = Object.keys(rows[0] ?? {});
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(width[i]!)).join('  ');
  console.log(line(keys));
  for (const r of rows) console.log(line(keys.map((k) => String(r[k]))));
  console.log(JSON.stringify({ bench, ...summary }));
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};

/**
 * Removes every Redis key under a benchmark run's queue prefix: the story queue's leftovers after
 * `obliterate` (event stream, meta) and the queues a worker makes beside it (`-reenrich`, `-after`).
 */
export async function removeQueueKeys(connection: RedisConnection, prefix: string): Promise<void> {
  // The benchmarks run on a single Redis; a Cluster would need a scan per master.
  if (!(connection instanceof Redis)) return;
  let cursor = '0';
  do {
    const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length) await connection.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Adds every article to the story queue, 256 in flight at a time. */
export async function enqueueAll(queue: StoryQueue, articles: RawArticle[]): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (const a of articles) {
    pending.push(enqueueArticle(queue, a));
    if (pending.length >= 256) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
}
