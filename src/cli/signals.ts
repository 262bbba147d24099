import type { Logger } from '../logger.ts';

/**
 * Graceful stop on SIGINT/SIGTERM: the first signal calls `stop` (once), a second one exits
 * at once with 130. Returns a function that removes the handlers.
 */
export function onStopSignals(logger: Logger, what: string, stop: () => unknown): () => void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    logger.info({ signal }, `signal received: ${what}`);
    void stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
