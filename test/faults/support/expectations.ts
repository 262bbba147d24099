import { expect } from 'vitest';
import type { FaultSandbox } from './sandbox.ts';

export interface Outcome {
  sent: number;
  indexed: number;
  missing: string[];
  unexpected: string[];
  partial: number;
  status: { completed: number; failed: number; active: number; waiting: number; delayed: number; prioritized: number };
  failures: { id: string; reason: string }[];
  stalled: number;
}

/** What a run came to: the index against the stories sent, and `wiredesk status --json`. */
export async function outcomeOf(box: FaultSandbox, expected: Set<string>): Promise<Outcome> {
  const { ids, count, partial } = await box.indexed();
  const status = await box.status();
  const c = status.counts;
  return {
    sent: expected.size,
    indexed: count,
    missing: [...expected].filter((id) => !ids.has(id)).slice(0, 10),
    unexpected: [...ids].filter((id) => !expected.has(id)).slice(0, 10),
    partial,
    status: { completed: c.completed, failed: c.failed, active: c.active, waiting: c.waiting, delayed: c.delayed, prioritized: c.prioritized },
    failures: status.failures.map((f) => ({ id: f.id, reason: f.reason.slice(0, 200) })),
    stalled: box.stalled.length,
  };
}

/**
 * The promise every fault scenario checks: Elasticsearch holds exactly the distinct stories
 * sent (each once), no job failed, none is stuck active or left waiting, and `wiredesk status`
 * counts every story as completed.
 */
export function expectNothingLost(o: Outcome): void {
  // One readable object first, so a failure shows the whole picture.
  expect({ missing: o.missing, unexpected: o.unexpected, failed: o.status.failed, failures: o.failures }).toEqual({ missing: [], unexpected: [], failed: 0, failures: [] });
  expect(o.indexed).toBe(o.sent);
  expect(o.status.active).toBe(0);
  expect(o.status.waiting + o.status.delayed + o.status.prioritized).toBe(0);
  expect(o.status.completed).toBe(o.sent);
}
