import type { Client } from '@elastic/elasticsearch';

/**
 * "Everything acknowledged before I asked is now searchable": one `_refresh` shared by every
 * caller waiting at the time. A refresh already under way may have started before a caller's
 * write was acknowledged, so a caller joins the next one; refreshes start at most every
 * `minIntervalMs`, so many stories cost one refresh, not one each.
 */
export class RefreshBarrier {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private lastStart = 0;

  constructor(
    private readonly client: Client,
    private readonly index: string,
    private readonly minIntervalMs = 100,
  ) {}

  /** Resolves after a refresh that started after this call. */
  visible(): Promise<void> {
    if (!this.running) return (this.running = this.start());
    return (this.queued ??= this.running.catch(() => undefined).then(() => {
      this.queued = null;
      return (this.running = this.start());
    }));
  }

  private async start(): Promise<void> {
    const wait = this.lastStart + this.minIntervalMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.lastStart = Date.now();
    try {
      await this.client.indices.refresh({ index: this.index });
    } finally {
      this.running = null;
    }
  }
}
