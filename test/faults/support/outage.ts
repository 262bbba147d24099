import { withTimeout, type Counts, type FaultSandbox } from './sandbox.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface OutageRecord {
  /** Completed jobs when the fault began and when it ended. */
  completedAtStart: number | null;
  completedAtEnd: number | null;
  /** Jobs that failed for good while the fault lasted. */
  failedDuring: number | null;
  ms: number;
}

/**
 * Runs a queue to its end with one fault in the middle: once `startAfter` jobs have completed,
 * `begin()` runs, then `end()` after `durationMs`. Waits for the fault to be over before
 * reading the result, so a run that "settles" only because every job failed during the fault
 * still sees the service come back. Returns the last counts and what happened when.
 */
export async function runWithFault(
  box: FaultSandbox,
  opts: { expected: number; startAfter: number; durationMs: number; timeoutMs: number; begin: () => unknown; end: () => unknown },
): Promise<{ counts: Counts; fault: OutageRecord }> {
  const fault: OutageRecord = { completedAtStart: null, completedAtEnd: null, failedDuring: null, ms: opts.durationMs };
  let running: Promise<void> | null = null;
  const deadline = Date.now() + opts.timeoutMs;
  await box.waitUntilSettled(opts.expected, opts.timeoutMs, (c) => {
    if (running || c.completed < opts.startAfter) return;
    fault.completedAtStart = c.completed;
    const failedBefore = box.failed.length;
    running = (async () => {
      await opts.begin();
      await sleep(opts.durationMs);
      fault.failedDuring = box.failed.length - failedBefore;
      fault.completedAtEnd = (await withTimeout(box.counts(), 5000).catch(() => null))?.completed ?? null;
      await opts.end();
    })();
  });
  if (running) await running;
  const counts = await box.waitUntilSettled(opts.expected, Math.max(10_000, deadline - Date.now()));
  return { counts, fault };
}
