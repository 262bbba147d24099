import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import { createLogger, type Logger } from '../logger.ts';

export interface CliContext {
  config: Config;
  logger: Logger;
}

/** The configuration (global `--config` wins over WIREDESK_CONFIG) and a logger for a command. */
export function contextOf(command: Command): CliContext {
  const globals = command.optsWithGlobals<{ config?: string }>();
  const config = loadConfig(process.env, globals.config);
  return { config, logger: createLogger(config) };
}
