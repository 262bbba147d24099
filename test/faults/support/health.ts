/**
 * Polls a liveness URL every `everyMs` (one request at a time), recording each answer's latency;
 * a request with no answer within `limitMs` counts as a miss. `stop()` returns what was seen.
 */
export function pollHealth(url: string, everyMs = 200, limitMs = 1000) {
  const seen = { polls: 0, misses: 0, maxMs: 0, slow: [] as { at: string; ms: number; error?: string }[] };
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      let error: string | undefined;
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(limitMs) });
        await r.arrayBuffer();
        if (!r.ok) error = `HTTP ${r.status}`;
      } catch (err) {
        error = (err as Error).name === 'TimeoutError' ? `no answer within ${limitMs} ms` : (err as Error).message;
      }
      const ms = Math.round(performance.now() - t0);
      seen.polls += 1;
      seen.maxMs = Math.max(seen.maxMs, ms);
      if (error || ms >= limitMs) {
        seen.misses += 1;
        if (seen.slow.length < 20) seen.slow.push({ at: new Date().toISOString().slice(11, 23), ms, ...(error ? { error } : {}) });
      }
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - ms)));
    }
  })();
  return {
    seen,
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}
