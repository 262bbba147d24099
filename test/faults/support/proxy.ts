import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Bytes held while frozen, per direction, forwarded in order on thaw. */
  held: { up: Buffer[]; down: Buffer[] };
}

/**
 * A TCP proxy in front of a service (here the shared Elasticsearch), so a test can take the
 * service away from wiredesk without touching it:
 * - `cut()`: every connection is destroyed and the port refuses new ones (a stopped server);
 * - `restore()`: listens again on the same port;
 * - `freeze()`: connections stay open (new ones are accepted) but nothing is forwarded, like a
 *   SIGSTOPped server; `thaw()` forwards what was held and carries on.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly pairs = new Set<Pair>();
  private frozen = false;
  private listenPort = 0;
  /** Connections accepted since start. */
  connections = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  get port(): number {
    return this.listenPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.listenPort}`;
  }

  /** Listens on `port` (0: a free one); resolves with the port. */
  async start(port = this.listenPort): Promise<number> {
    if (this.server) return this.listenPort;
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.listenPort = (server.address() as AddressInfo).port;
    return this.listenPort;
  }

  /** Destroys every connection and stops listening: connecting is refused until `restore()`. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
    for (const p of this.pairs) this.drop(p);
    await closed;
  }

  restore(): Promise<number> {
    return this.start(this.listenPort);
  }

  /** Keeps every connection (and accepts new ones) but forwards nothing. */
  freeze(): void {
    this.frozen = true;
  }

  /** Forwards what was held while frozen, then carries on as before. */
  thaw(): void {
    this.frozen = false;
    for (const p of this.pairs) {
      for (const b of p.held.up.splice(0)) p.upstream.write(b);
      for (const b of p.held.down.splice(0)) p.client.write(b);
    }
  }

  async close(): Promise<void> {
    this.frozen = false;
    await this.cut();
  }

  private accept(client: Socket): void {
    this.connections += 1;
    const upstream = connect(this.target.port, this.target.host);
    const pair: Pair = { client, upstream, held: { up: [], down: [] } };
    this.pairs.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (b: Buffer) => (this.frozen ? pair.held.up.push(b) : upstream.write(b)));
    upstream.on('data', (b: Buffer) => (this.frozen ? pair.held.down.push(b) : client.write(b)));
    const end = () => this.drop(pair);
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
      s.on('end', end);
    }
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream.destroy();
  }
}
