/**
 * A one-line progress bar on stderr, drawn only on a terminal and at most ten times a second,
 * so piped or logged output stays clean.
 */
export class ProgressBar {
  private done = 0;
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = stream.isTTY === true;
  }

  get count(): number {
    return this.done;
  }

  grow(total: number): void {
    this.total = Math.max(this.total, total);
  }

  tick(n = 1): void {
    this.done += n;
    const now = Date.now();
    if (now - this.lastDraw >= 100 || this.done >= this.total) {
      this.lastDraw = now;
      this.draw();
    }
  }

  finish(): void {
    if (this.enabled) this.stream.write('\r\x1b[2K');
  }

  private draw(): void {
    if (!this.enabled) return;
    const width = 30;
    const share = this.total ? Math.min(1, this.done / this.total) : 0;
    const filled = Math.round(share * width);
    this.stream.write(`\r\x1b[2K${this.label} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${this.done}/${this.total} ${Math.round(share * 100)}%`);
  }
}
