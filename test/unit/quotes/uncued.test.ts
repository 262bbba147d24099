import { describe, expect, it } from 'vitest';
import { analyseQuotes } from '../../../src/extract/quotes/index.ts';
import { UNCUED_RULES } from '../../../src/extract/quotes/uncued.ts';

describe('the uncued rules', () => {
  it('names every rule once', () => {
    const names = UNCUED_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });

  // Each rule's example is a test: the rule decides the example's quote and gives its speaker.
  for (const rule of UNCUED_RULES) {
    it(`${rule.name}: ${rule.example.text.replace(/\n/g, ' ')}`, () => {
      const { kept } = analyseQuotes(rule.example.text, []);
      const pc = kept[rule.example.quote];
      expect(pc, 'the example holds the quote').toBeDefined();
      expect(pc!.cued, 'the quote has no cue of its own').toBe(false);
      expect(pc!.uncuedRule).toBe(rule.name);
      if (rule.example.speaker) expect(pc!.how).toBe(rule.how);
      expect(pc!.speaker?.name ?? null).toBe(rule.example.speaker);
    });
  }
});
