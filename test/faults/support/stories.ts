import { writeFile } from 'node:fs/promises';
import { prepare } from '../../../src/pipeline.ts';
import { mulberry32 } from '../../../src/extract/entities/training/train.ts';

/** A raw article as `wiredesk ingest` reads it from a `.jsonl` line. */
export interface RawStory {
  content: string;
  format: 'text';
  source: string;
  receivedAt: string;
}

const CITIES = ['LONDON', 'PARIS', 'BERLIN', 'MADRID', 'ROME', 'NAIROBI', 'LAGOS', 'TOKYO', 'SEOUL', 'SYDNEY', 'OTTAWA', 'LIMA', 'OSLO', 'WARSAW', 'CAIRO', 'MUMBAI'];
const MONTHS = ['Jan', 'Feb', 'March', 'April', 'May', 'June', 'July', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];
const FIRST = ['Anna', 'Tomas', 'Ines', 'Kofi', 'Mei', 'Rahul', 'Olga', 'Pedro', 'Sara', 'Jonas', 'Amara', 'Lena', 'Hugo', 'Nadia', 'Felix', 'Yuki'];
const LAST = ['Marlow', 'Okafor', 'Brandt', 'Castell', 'Haruna', 'Verhoef', 'Lindqvist', 'Moreau', 'Santos', 'Kowal', 'Adeyemi', 'Farrow', 'Ishikawa', 'Duarte', 'Petrov', 'Quinlan'];
const ORGS = ['the finance ministry', 'the central bank', 'the port authority', 'the transport union', 'the health agency', 'the energy regulator', 'the city council', 'the farmers association'];
const TITLES = ['Finance Minister', 'spokeswoman', 'chief executive', 'union leader', 'Health Minister', 'mayor', 'governor', 'analyst'];
const TOPICS: [string, string][] = [
  ['fuel prices', 'rose for a third week'],
  ['the harbour expansion', 'was approved after a long debate'],
  ['rail workers', 'began a two-day strike'],
  ['wheat exports', 'fell sharply in the quarter'],
  ['the new vaccine plan', 'was rolled out in rural districts'],
  ['interest rates', 'were left unchanged'],
  ['the budget deficit', 'narrowed more than expected'],
  ['flood defences', 'were strengthened along the river'],
];
const VERBS = ['said', 'told reporters', 'said in a statement', 'added'];

/** A small deterministic PRNG, so a run's stories are the same every time. */
const rng = mulberry32;

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/**
 * One made-up wire story in Reuters style: a dateline, a few sentences and a quote. The story
 * number (and `run`) is written into the body, so every story is distinct.
 */
export function wireStory(n: number, run = 'faults'): RawStory {
  const r = rng(n * 7919 + run.length * 104729 + [...run].reduce((s, c) => s + c.charCodeAt(0), 0));
  const city = pick(r, CITIES);
  const month = pick(r, MONTHS);
  const day = 1 + Math.floor(r() * 28);
  const [topic, happened] = pick(r, TOPICS);
  const who = `${pick(r, FIRST)} ${pick(r, LAST)}`;
  const title = pick(r, TITLES);
  const org = pick(r, ORGS);
  const figure = (n % 900) + 100;
  const pct = (r() * 9 + 0.5).toFixed(1);
  const quote = `We expect ${topic} to matter for ${figure} families in the coming months, and we will keep listening`;
  const content = [
    `${city}, ${month} ${day} (Reuters) - ${topic[0]!.toUpperCase()}${topic.slice(1)} ${happened} on ${pick(r, ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])}, ${org} said, in a report numbered ${run}-${n}.`,
    `The figure moved by ${pct} percent, according to data covering ${figure} districts.`,
    `"${quote}," ${title} ${who} ${pick(r, VERBS)}.`,
    `${who.split(' ')[1]} said talks with ${pick(r, ORGS)} would resume next week.`,
  ].join('\n\n');
  return { content, format: 'text', source: `${run}-${n}`, receivedAt: `2026-${String(MONTHS.indexOf(month) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00Z` };
}

export function wireStories(count: number, run = 'faults', from = 0): RawStory[] {
  return Array.from({ length: count }, (_, i) => wireStory(from + i, run));
}

/** `count` made-up full names; `double` gives every other one a double-barrelled surname (longer names). */
const nameList = (count: number, seed: number, double = false) => {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => `${pick(r, FIRST)} ${pick(r, FIRST)} ${pick(r, LAST)}${double && i % 2 === 0 ? `-${pick(r, LAST)}` : ''}`);
};

const raw = (content: string, source: string): RawStory => ({ content, format: 'text', source, receivedAt: '2026-03-03T12:00:00Z' });

/**
 * The hostile shapes from issue 12, each behind a dateline: 8,000 comma-separated names ending
 * `said "x".` (about 166 KB), 200,000 `"` characters (about 400 KB), 100,000 names (about 2.3 MB),
 * and one real-looking paragraph repeated to about 2 MB.
 */
export function pathologicalStories(run = 'faults'): RawStory[] {
  const dl = (city: string) => `${city}, March 3 (Reuters) - `;
  const paragraph = wireStory(1, `${run}-para`).content.split('\n\n').slice(1).join(' ');
  const paragraphs: string[] = [];
  for (let size = 0, i = 0; size < 2_000_000; i++) {
    const p = `${paragraph} (${i})`;
    paragraphs.push(p);
    size += p.length + 2;
  }
  return [
    raw(`${dl('LONDON')}${nameList(8_000, 1).join(', ')} said "x".`, `${run}-names-8k`),
    raw(`${dl('PARIS')}${'" '.repeat(200_000)}`, `${run}-quotes-200k`),
    raw(`${dl('BERLIN')}${nameList(100_000, 2, true).join(', ')} said "x".`, `${run}-names-100k`),
    raw(`${dl('MADRID')}${paragraphs.join('\n\n')}`, `${run}-paragraphs-2mb`),
    // 3 MB of one-letter lines: past a thread's heap ceiling (WIREDESK_THREAD_HEAP_MB) while extracted.
    raw(`${dl('ROME')}Start.\n${'a\n'.repeat(1_500_000)}${run}`, `${run}-lines-1.5m`),
  ];
}

/** Writes stories as raw-article JSON lines (what `wiredesk ingest <file>.jsonl` reads). */
export async function writeJsonl(file: string, stories: RawStory[]): Promise<void> {
  await writeFile(file, stories.map((s) => JSON.stringify(s)).join('\n') + '\n');
}

/** The distinct story ids (= job ids = Elasticsearch `_id`s) the stories come to, as wiredesk computes them. */
export function storyIds(stories: RawStory[]): Set<string> {
  return new Set(stories.map((s) => prepare(s).id));
}
