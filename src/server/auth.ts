import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';

/**
 * Scopes: `ingest` posts articles; `read` sees jobs, queues, search and the dashboard;
 * `editor` reviews doubtful attributions (sets a quote's speaker); `admin` retries jobs and
 * uses the dashboard's buttons.
 *
 *   WIREDESK_API_TOKEN     ingest + read   (feeds, agencies' push clients)
 *   WIREDESK_READ_TOKEN    read            (monitoring, newsroom tools)
 *   WIREDESK_EDITOR_TOKEN  read + editor   (the desk: the review page)
 *   WIREDESK_ADMIN_TOKEN   ingest + read + editor + admin   (operators)
 */
export type Scope = 'ingest' | 'read' | 'editor' | 'admin';

interface Principal {
  name: 'api' | 'read' | 'editor' | 'admin';
  scopes: ReadonlySet<Scope>;
  digest: Buffer;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: { name: string; scopes: ReadonlySet<Scope> } | null;
  }
}

const digestOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export class Authenticator {
  private readonly principals: Principal[];
  private limiter: ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) | null = null;

  constructor(server: Pick<Config['server'], 'apiToken' | 'adminToken' | 'readToken' | 'editorToken'>) {
    const principals: Principal[] = [];
    if (server.apiToken) principals.push({ name: 'api', scopes: new Set<Scope>(['ingest', 'read']), digest: digestOf(server.apiToken) });
    if (server.readToken) principals.push({ name: 'read', scopes: new Set<Scope>(['read']), digest: digestOf(server.readToken) });
    if (server.editorToken) principals.push({ name: 'editor', scopes: new Set<Scope>(['read', 'editor']), digest: digestOf(server.editorToken) });
    if (server.adminToken) principals.push({ name: 'admin', scopes: new Set<Scope>(['ingest', 'read', 'editor', 'admin']), digest: digestOf(server.adminToken) });
    this.principals = principals;
  }

  /**
   * The per-token request budget (`@fastify/rate-limit` with its Redis store, keyed by the
   * principal): applied by `require` to requests whose token and scope are good.
   */
  limitWith(limiter: (request: FastifyRequest, reply: FastifyReply) => Promise<void>): void {
    this.limiter = limiter;
  }

  get configured(): boolean {
    return this.principals.length > 0;
  }

  /**
   * The token in `Authorization: Bearer …`, or, where `basic` allows it (the dashboard only),
   * the password of `Basic …`. Browsers resend Basic credentials on their own, even for requests
   * another site makes them send, so the API proper takes bearer tokens only.
   */
  static tokenOf(header: string | undefined, opts: { basic?: boolean } = {}): string | null {
    if (!header) return null;
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (bearer) return bearer[1]!;
    if (!opts.basic) return null;
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon >= 0 ? decoded.slice(colon + 1) : null;
    }
    return null;
  }

  /**
   * The principal a token belongs to. Compares SHA-256 digests with `timingSafeEqual`, against
   * every configured token without stopping early, so timing tells nothing about the token.
   */
  identify(token: string | null): Principal | null {
    if (token === null) return null;
    const candidate = digestOf(token);
    let found: Principal | null = null;
    for (const p of this.principals) if (timingSafeEqual(candidate, p.digest) && !found) found = p;
    return found;
  }

  /**
   * An onRequest hook: 401 without a known token, 403 without the scope, 429 over the rate
   * limit. Runs before the body is read, so an unauthenticated upload costs nothing.
   */
  require(scope: Scope, opts: { browser?: boolean } = {}) {
    return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const token = Authenticator.tokenOf(request.headers.authorization, { basic: opts.browser === true });
      if (opts.browser && token !== null && !/^Bearer\s/i.test(request.headers.authorization ?? '') && !['GET', 'HEAD'].includes(request.method) && !sameOrigin(request)) {
        // A state change with browser credentials must come from the dashboard's own pages.
        await reply.code(403).send({ error: 'cross_origin', message: 'a dashboard action must come from the dashboard page itself (Origin or Referer of this host)' });
        return reply;
      }
      const principal = this.identify(token);
      if (!principal) {
        reply.header('WWW-Authenticate', opts.browser ? 'Basic realm="wiredesk", charset="UTF-8"' : 'Bearer realm="wiredesk"');
        await reply.code(401).send({
          error: 'unauthorized',
          message: token === null ? 'an Authorization: Bearer <token> header is required' : 'the token is not valid',
        });
        return reply;
      }
      if (!principal.scopes.has(scope)) {
        await reply.code(403).send({ error: 'forbidden', message: `the ${principal.name} token does not have the ${scope} scope` });
        return reply;
      }
      request.principal = { name: principal.name, scopes: principal.scopes };
      // Over the budget: throws a RateLimitedError, which the error handler answers with 429.
      if (this.limiter) await this.limiter(request, reply);
    };
  }
}

/** Whether a request's Origin (or, lacking it, Referer) names this very host. */
function sameOrigin(request: FastifyRequest): boolean {
  const from = request.headers.origin ?? request.headers.referer;
  if (!from) return false;
  try {
    return new URL(from).host === request.headers.host;
  } catch {
    return false;
  }
}
