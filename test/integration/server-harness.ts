import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { startServer, type RunningServer, type ServeOptions } from '../../src/server/serve.ts';
import type { Sandbox } from './harness.ts';

export const TOKENS = {
  api: 'api-token-0123456789abcdef',
  read: 'read-token-0123456789abcdef',
  admin: 'admin-token-0123456789abcdef',
};

export const TOKEN_ENV = {
  WIREDESK_API_TOKEN: TOKENS.api,
  WIREDESK_READ_TOKEN: TOKENS.read,
  WIREDESK_ADMIN_TOKEN: TOKENS.admin,
};

/** The sandbox's configuration with the test tokens and any overrides (env names). */
export function serverConfig(box: Sandbox, env: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, ...box.env, ...TOKEN_ENV, WIREDESK_SHUTDOWN_GRACE_MS: '5000', ...env });
}

/** A real `serve` in this process, on a free port of 127.0.0.1. */
export async function startTestServer(box: Sandbox, opts: ServeOptions = {}, env: Record<string, string> = {}): Promise<RunningServer> {
  const config = serverConfig(box, env);
  return startServer(config, createLogger({ logLevel: 'silent', logFormat: 'json' }), { port: 0, ...opts });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
