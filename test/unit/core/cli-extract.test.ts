import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/wiredesk.js', import.meta.url));
const SEED = fileURLToPath(new URL('../../../samples/000_482e6b3d5c193770.txt', import.meta.url));
const FEED = fileURLToPath(new URL('../../fixtures/items/wire-30.xml', import.meta.url));
const run = (args: string[], input = '') => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });

describe('wiredesk extract (no services)', () => {
  it('prints the seed’s story document', () => {
    const r = run(['extract', SEED]);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.dateline).toMatchObject({ city: 'Moscow', region: 'Russia', country: 'RU', date: '2021-08-26', agency: 'ANI' });
    expect(doc.body.startsWith('Russian President Vladimir Putin')).toBe(true);
  });

  it('--jsonl writes exactly one line per input line, in order, errors included', () => {
    const lines = [
      JSON.stringify({ content: 'LONDON, Aug 26 (Reuters) - One.', source: 'one' }),
      'not json',
      '',
      JSON.stringify({ content: '' }),
      JSON.stringify({ content: 'PARIS, Aug 26 (AFP) - Two.', source: 'two' }),
    ];
    const r = run(['extract', '--jsonl'], `${lines.join('\n')}\n`);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(5);
    expect(out[0].source.name).toBe('one');
    expect(out[1].error.code).toBe('invalid_json');
    expect(out[2].error.code).toBe('invalid_json');
    expect(out[3].error).toEqual({ code: 'invalid_article', message: 'content: is empty' });
    expect(out[4].source.name).toBe('two');
  });

  it('explains a field zod refuses in English (the bundle keeps only its English messages)', () => {
    const r = run(['extract', '--jsonl'], `${JSON.stringify({ content: 'x', format: 'bogus' })}\n`);
    expect(JSON.parse(r.stdout).error).toEqual({ code: 'invalid_article', message: expect.stringMatching(/^format: Invalid option: expected one of "auto"\|"text"/) });
  });

  it('--jsonl ends lines at LF only: a raw CR inside a line does not make two output lines', () => {
    const input = `{"content": "LONDON, Aug 26 (Reuters) - One.",\r "source": "cr"}\n{"content": "x\ry"}\r\n${JSON.stringify({ content: 'PARIS, Aug 26 (AFP) - Two.' })}\r\n`;
    const r = run(['extract', '--jsonl'], input);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(3);
    expect(out[0].source.name).toBe('cr');
    expect(out[1].error.code).toBe('invalid_json');
    expect(out[2].dateline.city).toBe('Paris');
  });

  it('reads stdin as `ingest -` and POST /articles do: a plain story, or raw articles; nothing invisible', () => {
    const plain = run(['extract', '-'], 'WASHINGTON (AP) — The Senate voted on Tuesday.\n');
    expect(plain.status, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ dateline: { city: 'Washington' }, source: { name: 'stdin' } });
    const raw = run(['extract', '-'], JSON.stringify({ content: 'PARIS, Aug 26 (AFP) - Two.', source: 'raw' }));
    expect(JSON.parse(raw.stdout)).toMatchObject({ dateline: { city: 'Paris' }, source: { name: 'raw' } });
    const blank = run(['extract', '-'], '\u200b\u200b');
    expect(blank.status).toBe(1);
    expect(blank.stderr).toMatch(/stdin: stdin holds only whitespace or invisible characters/);
    const jsonl = run(['extract', '--jsonl'], `${JSON.stringify({ content: '\u200b' })}\n`);
    expect(JSON.parse(jsonl.stdout).error.message).toMatch(/no visible characters/);
  });

  it('prints every item of a feed file, an odd item as an error in its place, and exits 1', () => {
    const r = run(['extract', FEED]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toHaveLength(30);
    expect(out.filter((d: any) => d.error)).toEqual([
      { error: { code: 'unreadable_article', message: expect.stringContaining('neither <description>'), file: FEED, item: 17 } },
    ]);
    expect(out[0]).toMatchObject({ headline: 'Portugal tightens rules on short-term rentals', dateline: { city: 'Lisbon' }, source: { name: 'wire-30.xml' } });
    expect(new Set(out.filter((d: any) => !d.error).map((d: any) => d.id)).size).toBe(29);
    expect(r.stderr).toMatch(/wire-30\.xml item 17: RSS: an <item> has neither/);
  });

  it('with files, --jsonl writes one line per item; on stdin one line per raw article (a feed: its first item)', () => {
    const lines = run(['extract', '--jsonl', FEED]).stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(30);
    expect(lines[17].error.item).toBe(17);
    expect(lines[29].headline).toBe('Argentina soy harvest forecast cut again');
    const stdin = run(['extract', '--jsonl'], `${JSON.stringify({ content: readFileSync(FEED, 'utf8') })}\n`);
    expect(stdin.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).headline)).toEqual(['Portugal tightens rules on short-term rentals']);
  });

  it('splits a feed on stdin (a story as received) like a file', () => {
    expect(JSON.parse(run(['extract', '-'], readFileSync(FEED, 'utf8')).stdout)).toHaveLength(30);
  });

  it('caps an error message built from the input (100,000 unclosed tags)', () => {
    const r = run(['extract', '-'], `<nitf><body>${'<p>'.repeat(100_000)}`);
    expect(r.status).toBe(1);
    expect(r.stderr.length).toBeLessThan(500);
    expect(r.stderr).toMatch(/never closed: .*more characters\)/);
  });

  it('says which file it cannot read and exits non-zero', () => {
    const r = run(['extract', '/nonexistent/story.txt']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\/nonexistent\/story\.txt: ENOENT/);
  });

  it('answers a bad configuration with one line', () => {
    const r = spawnSync(process.execPath, [BIN, 'status'], { encoding: 'utf8', env: { ...process.env, WIREDESK_REDIS_URL: 'nope' } });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('wiredesk: WIREDESK_REDIS_URL="nope": not a redis:// or rediss:// URL; example: redis://127.0.0.1:6379');
  });
});
