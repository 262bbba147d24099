import { describe, expect, it } from 'vitest';
import { containsWords, headOf, quotationKey, quoteWords, sameQuotation, shinglesOf } from '../../../src/lineage/normalise.ts';

describe('quotation identity', () => {
  it('normalises case, punctuation, apostrophes and spacing away', () => {
    expect(quoteWords('  We will NOT,  under any   circumstances — back down. ')).toEqual(['we', 'will', 'not', 'under', 'any', 'circumstances', 'back', 'down']);
    expect(quoteWords('We don’t negotiate')).toEqual(['we', 'dont', 'negotiate']);
    expect(quotationKey(quoteWords('The port is closed.'))).toBe(quotationKey(quoteWords('the port  is CLOSED')));
  });

  it('treats spacing as absent: "co-operation" and "cooperation" are one text', () => {
    expect(quotationKey(quoteWords('full co-operation'))).toBe(quotationKey(quoteWords('full cooperation')));
    expect(sameQuotation(quoteWords('full co-operation'), quoteWords('Full cooperation!'))).toBe(true);
  });

  it('keys differ for different words', () => {
    expect(quotationKey(quoteWords('the port is closed'))).not.toBe(quotationKey(quoteWords('the port is open')));
    expect(quotationKey(quoteWords('x'))).toMatch(/^q[0-9a-f]{16}$/);
  });

  it('a partial quote of six words or more is the same quotation as the longer one holding it', () => {
    const full = quoteWords('We will not move a single ship until the talks resume, and we mean it.');
    expect(sameQuotation(full, quoteWords('not move a single ship until the talks resume'))).toBe(true);
    expect(sameQuotation(quoteWords('not move a single ship until the talks resume'), full)).toBe(true);
  });

  it('a fragment under six words is not enough, nor words out of order', () => {
    const full = quoteWords('We will not move a single ship until the talks resume.');
    expect(sameQuotation(full, quoteWords('a single ship until the'))).toBe(false);
    expect(sameQuotation(full, quoteWords('until the talks resume we will not'))).toBe(false);
  });

  it('containment is on whole words, never across word boundaries', () => {
    expect(containsWords(['the', 'harbour', 'masters', 'said'], ['harbour', 'master'])).toBe(false);
    expect(containsWords(['a', 'a', 'b', 'a', 'a', 'a', 'c'], ['a', 'a', 'c'])).toBe(true);
    expect(containsWords(['a', 'b'], ['a', 'b', 'c'])).toBe(false);
  });

  it('a partial quote\'s head is among the windows of the quote holding it', () => {
    const full = quoteWords('We will not move a single ship until the talks resume.');
    const part = quoteWords('move a single ship until the talks');
    expect(shinglesOf(full)).toContain(headOf(part));
    expect(headOf(quoteWords('five words only here now'))).toBeNull();
    expect(shinglesOf(full)).toHaveLength(full.length - 5);
  });
});
