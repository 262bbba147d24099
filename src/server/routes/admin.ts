import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import type { Authenticator } from '../auth.ts';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board's page links its fonts (IBM Plex) from fonts.googleapis.com: on a closed newsroom
 * network that is a broken stylesheet, and anywhere else it tells Google who opens the
 * dashboard. Every `<link>` to another host is dropped from the page, so the browser loads
 * only what this server sends; the stylesheet's own fallbacks (the system's sans-serif and
 * monospace) take the fonts' place.
 */
export function withoutOutsideLinks(html: string): string {
  return html.replace(/<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?\/\/[^>]*>/gi, '');
}

export interface AdminRouteOptions {
  queues: Queue[];
  auth: Authenticator;
}

/**
 * The bull-board dashboard at /admin/queues, behind the same tokens (Bearer, or HTTP Basic with
 * the token as password so a browser can log in). A read token sees everything and changes
 * nothing: every request other than GET/HEAD needs the admin scope, and the queue list tells
 * the UI the board is read-only so it hides the buttons. No GET changes state.
 */
export async function adminRoutes(app: FastifyInstance, opts: AdminRouteOptions): Promise<void> {
  const { auth } = opts;
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: opts.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false, allowRetries: true, description: q.name === 'stories' ? 'story jobs: enrich and index' : `${q.name}` })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'wiredesk queues' } },
  });

  const readOnly = new Set(['GET', 'HEAD']);
  const readHook = auth.require('read', { browser: true });
  const adminHook = auth.require('admin', { browser: true });

  await app.register(
    async (board) => {
      board.addHook('onRequest', async (request, reply) => (readOnly.has(request.method) ? readHook(request, reply) : adminHook(request, reply)));
      board.addHook('onSend', async (_request, reply, payload) => {
        if (!String(reply.getHeader('content-type') ?? '').includes('text/html')) return payload;
        if (typeof payload === 'string') return withoutOutsideLinks(payload);
        if (Buffer.isBuffer(payload)) return withoutOutsideLinks(payload.toString('utf8'));
        return payload;
      });
      board.addHook('onSend', async (request, reply, payload) => {
        if (request.principal?.scopes.has('admin') || typeof payload !== 'string' || !request.url.startsWith(`${DASHBOARD_PATH}/api/queues`)) return payload;
        if (!String(reply.getHeader('content-type') ?? '').includes('json')) return payload;
        try {
          const body = JSON.parse(payload) as { queues?: Record<string, unknown>[] } & Record<string, unknown>;
          const patch = (q: Record<string, unknown>) => Object.assign(q, { readOnlyMode: true, allowRetries: false, allowCompletedRetries: false });
          if (Array.isArray(body.queues)) body.queues.forEach(patch);
          return JSON.stringify(body);
        } catch {
          return payload;
        }
      });
      await board.register(serverAdapter.registerPlugin(), { prefix: DASHBOARD_PATH });
    },
  );
}
