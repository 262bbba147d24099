import { readFileSync } from 'node:fs';
import { REVIEW_BELOW } from './extract/quotes/calibration.ts';
import { z } from 'zod';
import { ConfigError } from './errors.ts';

/**
 * All configuration in one zod schema. Sources, later ones winning: defaults, the optional
 * JSON config file (`WIREDESK_CONFIG` or `--config`), environment variables.
 */

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `not a ${protocols.map((p) => `${p}//`).join(' or ')} URL`);

/** One URL, or several separated by commas (the nodes of one cluster). */
const urlList = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return v.split(',').every((u) => protocols.includes(new URL(u.trim()).protocol));
    } catch {
      return false;
    }
  }, `not a ${protocols.map((p) => `${p}//`).join(' or ')} URL (or a comma-separated list of them)`);

const positiveInt = z.coerce.number().int('not a whole number').positive('not a positive number');

/** On or off: a JSON boolean, or true/false/1/0 from the environment. */
const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'], { error: 'not true, false, 1 or 0' }).transform((v) => v === 'true' || v === '1')]);

/** A bearer token: long enough that guessing is hopeless. */
const token = z.string().min(16, 'is shorter than 16 characters; make one with `openssl rand -hex 32`');

export const configSchema = z.strictObject({
  redisUrl: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  /** Redis Cluster seed nodes (`host:port,host:port`); set, they replace redisUrl's host (its credentials and TLS still apply). */
  redisClusterNodes: z.string().regex(/^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/, 'not a comma-separated list of host:port').optional(),
  es: z
    .strictObject({
      url: urlList(['http:', 'https:']).default('http://127.0.0.1:9200'),
      apiKey: z.string().min(1).optional(),
      username: z.string().min(1).optional(),
      password: z.string().min(1).optional(),
    })
    .refine((es) => !(es.username && !es.password) && !(es.password && !es.username), {
      message: 'username and password go together',
      path: ['username'],
    })
    .default({ url: 'http://127.0.0.1:9200' }),
  index: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,200}$/, 'not a valid index name (lower case letters, digits, - _ .)')
    .default('wire-stories'),
  queuePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_{}.-]{1,100}$/, 'not a valid prefix (letters, digits, - _ . and a {hash tag})')
    .refine((p) => !p.includes('{') || /^[^{}]*\{[^{}]+\}[^{}]*$/.test(p), 'an unbalanced or empty {hash tag}')
    .default('wiredesk'),
  queueName: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/).default('stories'),
  kibanaUrl: url(['http:', 'https:']).default('http://127.0.0.1:5601'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  logFormat: z.enum(['auto', 'json', 'pretty']).default('auto'),
  worker: z
    .strictObject({
      /** Jobs in flight: enough that one batch fills while the previous ones are indexed (see ARCHITECTURE.md). */
      concurrency: positiveInt.max(1000).default(1000),
      attempts: positiveInt.max(100).default(5),
      backoffMs: positiveInt.default(2000),
      /** Enrichment threads; 0 = one per core. */
      threads: z.coerce.number().int('not a whole number').min(0).max(256).default(0),
      /** Time a story may spend in extraction before it is indexed with what the cheap stages found. */
      extractBudgetMs: positiveInt.default(10_000),
      /** Old-generation heap per enrichment thread, in MB (0: V8's own limit): a story that needs more fails its thread, not the process. */
      threadHeapMb: z.coerce.number().int('not a whole number').min(0).max(65_536).refine((n) => n === 0 || n >= 128, 'is under 128 (a thread needs that to load its model)').default(512),
      /** How long Elasticsearch may be unreachable before a story's attempt counts as failed. */
      outageWindowMs: positiveInt.default(15 * 60_000),
      /** BullMQ job lock: a worker that stops renewing it for this long has its jobs taken back. */
      lockMs: positiveInt.min(1000, 'is under a second').default(30_000),
      /** How often a worker looks for jobs whose lock expired (a dead worker's jobs). */
      stalledIntervalMs: positiveInt.min(1000, 'is under a second').default(30_000),
      /** Times a job may be taken back from a dead worker before it fails. */
      maxStalledCount: positiveInt.max(100).default(3),
      /** Backfill mode: the index without refresh and replicas while the worker runs (`worker --bulk-load`). */
      bulkLoad: flag.default(false),
      /** Join each indexed story to its cluster of near-duplicates (a refresh and a search a story). */
      clusters: flag.default(true),
    })
    .default({ concurrency: 1000, attempts: 5, backoffMs: 2000, threads: 0, extractBudgetMs: 10_000, threadHeapMb: 512, outageWindowMs: 15 * 60_000, lockMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 3, bulkLoad: false, clusters: true }),
  bulk: z
    .strictObject({
      maxDocs: positiveInt.max(10_000).default(500),
      maxBytes: positiveInt.default(5 * 1024 * 1024),
      flushMs: positiveInt.max(60_000).default(250),
      /** `_bulk` requests under way at once. */
      requests: positiveInt.max(16).default(2),
    })
    .default({ maxDocs: 500, maxBytes: 5 * 1024 * 1024, flushMs: 250, requests: 2 }),
  /** Stop: jobs in flight get this long to finish before the process lets go of them (they go back to the queue as stalled). */
  shutdownGraceMs: positiveInt.max(10 * 60_000).default(30_000),
  server: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.coerce.number().int('not a whole number').min(0).max(65535, 'not a port number').default(8080),
      /** Scopes ingest + read. */
      apiToken: token.optional(),
      /** Scopes ingest + read + admin (retries, the dashboard's buttons). */
      adminToken: token.optional(),
      /** Scope read (job status, queues, search, the dashboard read-only). */
      readToken: token.optional(),
      /** Scopes read + editor (the review of doubtful attributions: `/review`, `POST /review/…`). */
      editorToken: token.optional(),
      bodyLimit: positiveInt.max(100 * 1024 * 1024).default(5 * 1024 * 1024),
      maxArticles: positiveInt.max(10_000).default(500),
      /** Requests per minute per token; 429 beyond. */
      rateLimit: positiveInt.default(1200),
      /** Waiting jobs beyond which POST /articles answers 429 (back-pressure). */
      maxBacklog: positiveInt.default(100_000),
    })
    .default({ host: '127.0.0.1', port: 8080, bodyLimit: 5 * 1024 * 1024, maxArticles: 500, rateLimit: 1200, maxBacklog: 100_000 }),
  review: z
    .strictObject({
      /** Quotes whose speaker confidence is below this are offered for review (`wiredesk review list`, `/review`). */
      below: z.coerce.number().min(0, 'is below 0').max(1, 'is above 1').default(REVIEW_BELOW),
      /** How long a worker trusts its copy of the editors' corrections before reading them again. */
      cacheMs: positiveInt.max(10 * 60_000).default(2000),
    })
    .default({ below: REVIEW_BELOW, cacheMs: 2000 }),
  /** RSS/Atom feeds polled on a schedule (a BullMQ job scheduler each). */
  feeds: z.preprocess(
    (v) => {
      if (typeof v !== 'string') return v;
      try {
        return JSON.parse(v);
      } catch {
        return v;
      }
    },
    z
      .array(
        z.strictObject({
          name: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'not a valid feed name (letters, digits, - _ .)'),
          url: url(['http:', 'https:']),
          everyMs: positiveInt.min(1000, 'is under a second').default(300_000),
        }),
        { error: 'not a JSON array of feeds' },
      )
      .refine((feeds) => new Set(feeds.map((f) => f.name)).size === feeds.length, 'two feeds share a name')
      .default([]),
  ),
});
export type Config = z.infer<typeof configSchema>;

/** Each environment variable, where it lands in the config, and an example of a good value. */
const ENV: { name: string; path: string[]; example: string }[] = [
  { name: 'WIREDESK_REDIS_URL', path: ['redisUrl'], example: 'redis://127.0.0.1:6379' },
  { name: 'WIREDESK_REDIS_CLUSTER_NODES', path: ['redisClusterNodes'], example: '127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003' },
  { name: 'WIREDESK_ES_URL', path: ['es', 'url'], example: 'http://127.0.0.1:9200' },
  { name: 'WIREDESK_ES_API_KEY', path: ['es', 'apiKey'], example: 'a base64 API key from Kibana' },
  { name: 'WIREDESK_ES_USERNAME', path: ['es', 'username'], example: 'elastic' },
  { name: 'WIREDESK_ES_PASSWORD', path: ['es', 'password'], example: 'a non-empty password' },
  { name: 'WIREDESK_INDEX', path: ['index'], example: 'wire-stories' },
  { name: 'WIREDESK_KIBANA_URL', path: ['kibanaUrl'], example: 'http://127.0.0.1:5601' },
  { name: 'WIREDESK_QUEUE_PREFIX', path: ['queuePrefix'], example: '{wiredesk}' },
  { name: 'WIREDESK_LOG_LEVEL', path: ['logLevel'], example: 'info' },
  { name: 'WIREDESK_LOG_FORMAT', path: ['logFormat'], example: 'json' },
  { name: 'WIREDESK_CONCURRENCY', path: ['worker', 'concurrency'], example: '128' },
  { name: 'WIREDESK_ATTEMPTS', path: ['worker', 'attempts'], example: '5' },
  { name: 'WIREDESK_THREADS', path: ['worker', 'threads'], example: '2' },
  { name: 'WIREDESK_EXTRACT_BUDGET_MS', path: ['worker', 'extractBudgetMs'], example: '10000' },
  { name: 'WIREDESK_THREAD_HEAP_MB', path: ['worker', 'threadHeapMb'], example: '512' },
  { name: 'WIREDESK_OUTAGE_WINDOW_MS', path: ['worker', 'outageWindowMs'], example: '900000' },
  { name: 'WIREDESK_LOCK_MS', path: ['worker', 'lockMs'], example: '30000' },
  { name: 'WIREDESK_STALLED_INTERVAL_MS', path: ['worker', 'stalledIntervalMs'], example: '30000' },
  { name: 'WIREDESK_MAX_STALLED', path: ['worker', 'maxStalledCount'], example: '3' },
  { name: 'WIREDESK_BULK_LOAD', path: ['worker', 'bulkLoad'], example: 'true' },
  { name: 'WIREDESK_CLUSTERS', path: ['worker', 'clusters'], example: 'false' },
  { name: 'WIREDESK_BULK_MAX_DOCS', path: ['bulk', 'maxDocs'], example: '250' },
  { name: 'WIREDESK_BULK_MAX_BYTES', path: ['bulk', 'maxBytes'], example: '5242880' },
  { name: 'WIREDESK_BULK_FLUSH_MS', path: ['bulk', 'flushMs'], example: '250' },
  { name: 'WIREDESK_BULK_REQUESTS', path: ['bulk', 'requests'], example: '2' },
  { name: 'WIREDESK_SHUTDOWN_GRACE_MS', path: ['shutdownGraceMs'], example: '30000' },
  { name: 'WIREDESK_HOST', path: ['server', 'host'], example: '127.0.0.1' },
  { name: 'WIREDESK_PORT', path: ['server', 'port'], example: '8080' },
  { name: 'WIREDESK_API_TOKEN', path: ['server', 'apiToken'], example: 'the output of `openssl rand -hex 32`' },
  { name: 'WIREDESK_ADMIN_TOKEN', path: ['server', 'adminToken'], example: 'the output of `openssl rand -hex 32`' },
  { name: 'WIREDESK_READ_TOKEN', path: ['server', 'readToken'], example: 'the output of `openssl rand -hex 32`' },
  { name: 'WIREDESK_EDITOR_TOKEN', path: ['server', 'editorToken'], example: 'the output of `openssl rand -hex 32`' },
  { name: 'WIREDESK_BODY_LIMIT', path: ['server', 'bodyLimit'], example: '5242880' },
  { name: 'WIREDESK_MAX_ARTICLES', path: ['server', 'maxArticles'], example: '500' },
  { name: 'WIREDESK_RATE_LIMIT', path: ['server', 'rateLimit'], example: '1200' },
  { name: 'WIREDESK_MAX_BACKLOG', path: ['server', 'maxBacklog'], example: '100000' },
  { name: 'WIREDESK_REVIEW_BELOW', path: ['review', 'below'], example: String(REVIEW_BELOW) },
  { name: 'WIREDESK_REVIEW_CACHE_MS', path: ['review', 'cacheMs'], example: '2000' },
  { name: 'WIREDESK_FEEDS', path: ['feeds'], example: '[{"name":"ap-top","url":"https://example.com/rss.xml","everyMs":300000}]' },
];

const SECRET = /password|apikey|token/i;

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`WIREDESK_CONFIG=${file}: cannot read the file (${(err as NodeJS.ErrnoException).code}); example: ./config/wiredesk.example.json`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`WIREDESK_CONFIG=${file}: not a JSON object (${(err as Error).message}); example: ./config/wiredesk.example.json`);
  }
}

/**
 * The configuration from the environment (and the config file it names). A bad value throws a
 * ConfigError whose one-line message names the variable, the value's problem and a good value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, configFile?: string): Config {
  const file = configFile ?? env.WIREDESK_CONFIG;
  const input: Record<string, unknown> = file ? readConfigFile(file) : {};
  for (const v of ENV) {
    const value = env[v.name];
    if (value !== undefined && value !== '') setPath(input, v.path, value);
  }
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.map(String);
  const v = ENV.find((e) => e.path.join('.') === where.join('.'));
  const name = v && env[v.name] !== undefined ? v.name : `${file ? `${file}: ` : ''}${where.join('.') || 'config'}`;
  const shown = v && env[v.name] !== undefined ? (SECRET.test(v.name) ? '"(hidden)"' : JSON.stringify(env[v.name])) : '';
  throw new ConfigError(`${name}${shown ? `=${shown}` : ''}: ${issue.message}; example: ${v?.example ?? 'see config/wiredesk.example.json'}`);
}

/** A Redis URL with any password replaced, for logs and status output. */
export function redactUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
