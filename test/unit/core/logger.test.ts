import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACT_PATHS } from '../../../src/logger.ts';

describe('log redaction', () => {
  it('never writes passwords, API keys or authorization headers', () => {
    let out = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk.toString()), done()) });
    const log = pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
    log.info({ config: { es: { password: 'hunter2', apiKey: 'abc' }, server: { apiToken: 'tok-1', readToken: 'tok-2', adminToken: 'tok-3' } }, req: { headers: { authorization: 'Bearer t0ken' } } }, 'start');
    expect(out).not.toMatch(/hunter2|abc|t0ken|tok-\d/);
    expect(out).toContain('[redacted]');
  });
});
