import { Command, CommanderError } from 'commander';
import { WiredeskError } from '../errors.ts';
import { COMMANDS, commandNameOf } from './commands/index.ts';
import { PIPELINE_VERSION } from '../version.ts';

/**
 * One line for an error from Elasticsearch or Redis (unreachable, refusing): a person can act on
 * that; a stack trace helps nobody. Null for anything else, which is a bug and keeps its trace.
 */
function serviceErrorLine(err: unknown): string | null {
  if (!(err instanceof Error)) return null;
  const name = err.name;
  const first = err.message.split('\n')[0]!.trim();
  if (['ConnectionError', 'NoLivingConnectionsError', 'TimeoutError'].includes(name)) {
    return `Elasticsearch cannot be reached (${first}); start it with scripts/services up or set WIREDESK_ES_URL`;
  }
  if (name === 'ResponseError') return `Elasticsearch refused the request: ${first}`;
  if (name === 'MaxRetriesPerRequestError' || /ECONNREFUSED|ENOTFOUND|Connection is closed/.test(first)) {
    return `Redis cannot be reached (${first}); start it with scripts/services up or set WIREDESK_REDIS_URL`;
  }
  return null;
}

/** Runs the CLI with the given argv and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = Math.max(exitCode, code);
  };
  const program = new Command('wiredesk')
    .description('news-wire ingestion: queue stories, enrich them, index them into Elasticsearch')
    .version(PIPELINE_VERSION)
    .option('--config <file>', 'a JSON config file (overrides WIREDESK_CONFIG)')
    .exitOverride()
    .showHelpAfterError();
  // Only the command that runs is loaded; the help lists them all from the table.
  const args = argv.slice(2);
  let name = commandNameOf(args);
  if (name === 'help' && args.length > args.indexOf('help') + 1) {
    name = args[args.indexOf('help') + 1]!;
    argv = [...argv.slice(0, 2), name, '--help'];
  }
  const entry = COMMANDS.find((c) => name !== null && c.names.includes(name));
  if (entry) (await entry.load())(program, setExit);
  else {
    for (const c of COMMANDS) {
      for (const [n, u] of Object.entries(c.usage)) program.command(`${n}${u.args ? ` ${u.args}` : ''}`).description(u.description);
    }
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof WiredeskError) {
      process.stderr.write(`wiredesk: ${err.message}\n`);
      return 1;
    }
    const service = serviceErrorLine(err);
    if (service) {
      process.stderr.write(`wiredesk: ${service}\n`);
      return 1;
    }
    throw err;
  }
  return exitCode;
}
