import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../../src/extract/quotes/index.ts';

const raw = readFileSync(new URL('../../../samples/000_482e6b3d5c193770.txt', import.meta.url), 'utf8');
const body = raw.slice(raw.indexOf('(ANI):') + '(ANI):'.length).trim();
const { quotes, entities } = extractQuotes(body, []);
const find = (start: string) => quotes.find((q) => q.text.startsWith(start));

describe('the seed story (ANI, Moscow, 2021-08-26)', () => {
  it('gives the first quote to Vladimir Putin, via Tass', () => {
    const q = find('Naturally, we will not interfere');
    expect(q?.speaker).toEqual({ name: 'Vladimir Putin', title: 'Russian President', type: 'person' });
    expect(q?.via).toBe('Tass');
    expect(q?.partial).toBe(false);
    expect(body.slice(q!.start, q!.end)).toBe(q!.text);
  });

  it('resolves the `he said` quote to Putin', () => {
    const q = find('You know how difficult and alarming');
    expect(q?.speaker?.name).toBe('Vladimir Putin');
    expect(q?.verb).toBe('said');
  });

  it('gives the quote after `He further said ... and added,` to Putin, via Tass', () => {
    const q = find('The former Soviet Union has its own experience');
    expect(q?.speaker?.name).toBe('Vladimir Putin');
    expect(q?.via).toBe('Tass');
    expect(q?.text).toContain('We have learned the lesson');
  });

  it("finds Amrullah Saleh's partial quote", () => {
    const q = find('the caretaker president');
    expect(q).toMatchObject({ text: 'the caretaker president', partial: true });
    expect(q?.speaker).toEqual({ name: 'Amrullah Saleh', title: 'Vice President', type: 'person' });
  });

  it('gives every quote a speaker, a confidence and a rule', () => {
    for (const q of quotes) {
      expect(q.speaker).not.toBeNull();
      expect(q.confidence).toBeGreaterThan(0.5);
      expect(q.how.length).toBeGreaterThan(3);
    }
  });

  it('adds the speakers the (empty) entity list lacks, with their mentions', () => {
    const putin = entities.find((e) => e.name === 'Vladimir Putin');
    expect(putin?.type).toBe('person');
    expect(putin?.mentions.map((m) => m.text)).toEqual(['Vladimir Putin', 'Putin', 'Putin']);
    for (const m of putin!.mentions) expect(body.slice(m.start, m.end)).toBe(m.text);
    expect(entities.find((e) => e.name === 'Amrullah Saleh')?.count).toBe(1);
  });
});
