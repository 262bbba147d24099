import { describe, expect, it } from 'vitest';
import { analyseQuotes } from '../../../src/extract/quotes/index.ts';
import { RULES } from '../../../src/extract/quotes/rules.ts';

describe('the rule table', () => {
  it('names every rule once', () => {
    const names = RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });

  // Each rule's example is a test: the rule fires on it and proposes the example's speaker.
  for (const rule of RULES) {
    it(`${rule.name}: ${rule.example.text.replace(/\n/g, ' ')}`, () => {
      const { kept } = analyseQuotes(rule.example.text, []);
      expect(kept, 'the example holds one quote').toHaveLength(1);
      const proposal = kept[0]!.candidates.find((c) => c.rule === rule.name);
      expect(proposal, `${rule.name} fires`).toBeDefined();
      expect(proposal!.speaker?.name ?? null).toBe(rule.example.speaker);
    });
  }

  it('a rule reads the context and changes nothing in it', () => {
    const text = 'Anna Berg said: "Rates will stay where they are," the governor added.';
    const before = JSON.stringify(analyseQuotes(text, []).kept.map((p) => p.candidates.map((c) => [c.rule, c.speaker?.name])));
    expect(JSON.stringify(analyseQuotes(text, []).kept.map((p) => p.candidates.map((c) => [c.rule, c.speaker?.name])))).toBe(before);
  });
});
