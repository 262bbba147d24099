import type { FastifyRequest } from 'fastify';

/**
 * Query parameters whose values are secrets. The API reads tokens from the Authorization header
 * only, but a client may still put one in the URL (`?token=…`, `?access_token=…`): the request
 * is refused with 401, and the log must not keep the token.
 */
const SECRET_PARAM = /(?:token|key|secret|passw|pwd|auth|credential|signature|^sig$|session|cookie)/i;

/** The longest URL a log line keeps (a 16 KB query string is no use in a log). */
const MAX_LOGGED_URL = 512;

/**
 * A request URL fit for a log: the value of every query parameter whose name looks like a
 * secret replaced by `[redacted]` (however it is spelled or encoded), the whole cut to 512
 * characters.
 */
export function redactedUrl(url: string): string {
  const q = url.indexOf('?');
  let out = url;
  if (q >= 0) {
    const params = url
      .slice(q + 1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const rawName = eq >= 0 ? pair.slice(0, eq) : pair;
        let name = rawName;
        try {
          name = decodeURIComponent(rawName.replace(/\+/g, ' '));
        } catch {
          // A malformed escape: judge the name as written.
        }
        return SECRET_PARAM.test(name) ? `${rawName}=[redacted]` : pair;
      });
    out = `${url.slice(0, q)}?${params.join('&')}`;
  }
  return out.length > MAX_LOGGED_URL ? `${out.slice(0, MAX_LOGGED_URL)}…(${out.length - MAX_LOGGED_URL} more characters)` : out;
}

/** The `req` serializer of the request log: method, route, redacted URL, remote address. */
export function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactedUrl(request.url),
    route: request.routeOptions?.url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
