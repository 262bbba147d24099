import type { Command } from 'commander';
import { startHeapTrim } from '../../runtime/heap-trim.ts';
import { startServer } from '../../server/serve.ts';
import { contextOf } from '../context.ts';
import { onStopSignals } from '../signals.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('the HTTP API (ingest, jobs, queues, health, metrics, dashboard, search) until SIGINT/SIGTERM (a second signal exits at once)')
    .option('--worker', 'also process story jobs (and poll the configured feeds) in this process')
    .option('--feeds', 'poll the configured feeds from this process')
    .option('--port <n>', 'port (default WIREDESK_PORT or 8080; 0 picks a free one)', (v) => Number.parseInt(v, 10))
    .option('--host <host>', 'address to listen on (default WIREDESK_HOST or 127.0.0.1)')
    .action(async (opts: { worker?: boolean; feeds?: boolean; port?: number; host?: string }, command: Command) => {
      const { config, logger } = contextOf(command);
      const server = await startServer(config, logger, {
        worker: opts.worker ?? false,
        ...(opts.feeds !== undefined ? { feeds: opts.feeds } : {}),
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(opts.host ? { host: opts.host } : {}),
      });
      process.stdout.write(`listening on ${server.url}\n`);
      // With --worker, jobs in flight and `_bulk` bodies live here too (see the worker command).
      const trim = opts.worker ? startHeapTrim({ logger }) : null;
      onStopSignals(logger, 'stopping gracefully', () =>
        server.stop().then(({ clean }) => {
          process.stdout.write(`server stopped${clean ? '' : ' (grace period over)'}\n`);
          // Whatever is left (a request that outlived the grace period) is abandoned.
          if (!clean) process.exit(1);
        }),
      );
      await server.stopped;
      trim?.stop();
    });
}
