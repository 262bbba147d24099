import type { Command } from 'commander';

/** Adds one command (or a family: search + quotes) with its options and action to the program. */
export type Register = (program: Command, setExit: (code: number) => void) => void;

export interface CommandEntry {
  /** The names a user types; the first word after `wiredesk`. */
  names: string[];
  /** `name <args>` and the one-line description, for the top-level help (kept equal to the module's by a test). */
  usage: Record<string, { args: string; description: string }>;
  load: () => Promise<Register>;
}

/**
 * Every command, loaded only when it runs: `wiredesk --help` reads this table and imports no
 * command module, and `wiredesk extract` never loads the Elasticsearch client or BullMQ.
 */
export const COMMANDS: CommandEntry[] = [
  {
    names: ['extract'],
    usage: { extract: { args: '[file...]', description: 'enrich stories with no services and print story documents as JSON' } },
    load: async () => (await import('./extract.ts')).registerExtract,
  },
  {
    names: ['setup'],
    usage: { setup: { args: '', description: 'create or update the index template and the write alias (idempotent)' } },
    load: async () => (await import('./setup.ts')).registerSetup,
  },
  {
    names: ['ingest'],
    usage: { ingest: { args: '[paths...]', description: 'validate stories and put them on the queue (job id = story id)' } },
    load: async () => (await import('./ingest.ts')).registerIngest,
  },
  {
    names: ['worker'],
    usage: { worker: { args: '', description: 'process story jobs (and poll the configured feeds) until SIGINT/SIGTERM: jobs in flight get WIREDESK_SHUTDOWN_GRACE_MS to finish; a second signal exits at once' } },
    load: async () => (await import('./worker.ts')).registerWorker,
  },
  {
    names: ['reprocess'],
    usage: { reprocess: { args: '', description: 'enrich indexed stories again from their kept raw articles (a lower-priority queue: live stories go first)' } },
    load: async () => (await import('./reprocess.ts')).registerReprocess,
  },
  {
    names: ['search', 'quotes'],
    usage: {
      search: { args: '[query...]', description: 'full-text search over the indexed stories, with filters and facets' },
      quotes: { args: '[query...]', description: 'quotes matching words and a speaker, with the story each comes from' },
    },
    load: async () => (await import('./search.ts')).registerSearch,
  },
  {
    names: ['quote', 'speaker'],
    usage: {
      quote: { args: '<id>', description: 'one quotation: its longest form, aggregated speaker, first occurrence and every story that carried it, oldest first' },
      speaker: { args: '<name>', description: 'a speaker: stories and quotes, the titles stories gave them over time, organisations named around them' },
    },
    load: async () => (await import('./quotations.ts')).registerQuotations,
  },
  {
    names: ['status'],
    usage: { status: { args: '', description: 'job counts by state and the latest failures with their reasons; --watch for a live table' } },
    load: async () => (await import('./status.ts')).registerStatus,
  },
  {
    names: ['kibana'],
    usage: { kibana: { args: '', description: 'Kibana saved objects: a data view, a saved search, charts, a map and a dashboard' } },
    load: async () => (await import('./kibana.ts')).registerKibana,
  },
  {
    names: ['serve'],
    usage: { serve: { args: '', description: 'the HTTP API (ingest, jobs, queues, health, metrics, dashboard, search) until SIGINT/SIGTERM (a second signal exits at once)' } },
    load: async () => (await import('./serve.ts')).registerServe,
  },
  {
    names: ['job'],
    usage: { job: { args: '<id>', description: 'one story job: state, stage reached, attempts, failure reason, document id, timings, log' } },
    load: async () => (await import('./job.ts')).registerJob,
  },
  {
    names: ['review'],
    usage: { review: { args: '', description: "editors' review of doubtful attributions: list quotes whose speaker is uncertain (list), correct one (set), export the corrections as training data (export)" } },
    load: async () => (await import('./review.ts')).registerReview,
  },
  {
    names: ['retry'],
    usage: { retry: { args: '[ids...]', description: 'put failed story jobs back on the queue, their attempts reset' } },
    load: async () => (await import('./retry.ts')).registerRetry,
  },
];

/** The command a command line runs: the first word that is not an option (nor `--config`'s value). */
export function commandNameOf(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--config') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return a;
  }
  return null;
}
