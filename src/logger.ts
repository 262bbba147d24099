import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/** Paths whose values never reach a log line. */
export const REDACT_PATHS = [
  'password',
  'apiKey',
  '*.password',
  '*.apiKey',
  '*.*.password',
  '*.*.apiKey',
  '*.apiToken',
  '*.readToken',
  '*.adminToken',
  '*.editorToken',
  '*.*.apiToken',
  '*.*.readToken',
  '*.*.adminToken',
  '*.*.editorToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
];

/**
 * The process logger: JSON lines on stderr (stdout is kept for command output), pretty on a
 * terminal unless `logFormat` says otherwise.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, name = 'wiredesk'): Logger {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stderr.isTTY === true);
  const options = { name, level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (pretty) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { destination: 2, colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino(options, pino.destination({ fd: 2, sync: false }));
}
