import { describe, expect, it } from 'vitest';
import { externalVersionOf, WITHDRAWN_VERSION_BASE } from '../../../src/elastic/document.ts';
import { PIPELINE_REVISION, REVISIONS_PER_VERSION } from '../../../src/version.ts';

const v = (version: number, pipelineRevision: number, withdrawnAt: string | null = null) => externalVersionOf({ version, pipelineRevision, withdrawnAt });

describe('the external version a story document is written with', () => {
  it('orders by story version first, then by the pipeline revision that enriched it', () => {
    expect(v(1, 0)).toBeLessThan(v(1, 1));
    expect(v(1, REVISIONS_PER_VERSION - 1)).toBeLessThan(v(2, 0));
    expect(v(3, 7)).toBe(3007);
  });

  it('keeps a withdrawn story above every version of the story itself, a story version up to a million and any revision', () => {
    expect(v(1, 0, '2024-06-01T09:30:00Z')).toBeGreaterThan(v(999_999, REVISIONS_PER_VERSION - 1));
    expect(v(1, 0, '2024-06-01T09:30:00Z')).toBeGreaterThanOrEqual(WITHDRAWN_VERSION_BASE);
  });

  it('reads a document from before revisions as revision 0', () => {
    expect(externalVersionOf({ version: 2, withdrawnAt: null })).toBe(2000);
  });

  it('has room for the current revision', () => {
    expect(Number.isInteger(PIPELINE_REVISION) && PIPELINE_REVISION >= 1 && PIPELINE_REVISION < REVISIONS_PER_VERSION).toBe(true);
  });
});
