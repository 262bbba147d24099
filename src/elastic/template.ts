import { readFileSync } from 'node:fs';
import type { Client, estypes } from '@elastic/elasticsearch';

const TEMPLATE_FILE = new URL('../../config/elasticsearch/stories.template.json', import.meta.url);

type Mapping = Record<string, unknown> & { properties?: Record<string, Mapping>; fields?: Record<string, unknown> };

interface TemplateFile {
  version: number;
  template: { settings: Record<string, unknown>; mappings: Mapping };
}

/** The text fields that get an `english` subfield where the cluster has that analyzer. */
const ENGLISH_FIELDS = [['headline'], ['body'], ['quotes', 'text']];

export function loadTemplateFile(): TemplateFile {
  const { _comment, ...file } = JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as TemplateFile & { _comment?: string };
  return file;
}

/** Whether the cluster offers the `english` analyzer (the minimal distribution does not). */
export async function hasEnglishAnalyzer(client: Client): Promise<boolean> {
  try {
    await client.indices.analyze({ analyzer: 'english', text: 'wires' });
    return true;
  } catch (err) {
    // Only "no such analyzer" (400) means no; an unreachable cluster must not yield a template without it.
    if ((err as { meta?: { statusCode?: number } }).meta?.statusCode === 400) return false;
    throw err;
  }
}

/**
 * The filtered alias that leaves withdrawn stories out: what Kibana's data view reads, so killed
 * copy disappears there as it does from `search` and `quotes`. Every index of the template carries it.
 */
export const liveAliasOf = (alias: string) => `${alias}-live`;
export const LIVE_FILTER: estypes.QueryDslQueryContainer = { bool: { must_not: [{ term: { pubStatus: 'canceled' } }] } };

/** The concrete index a template version writes to: `<alias>-v<version>`. */
export const indexNameFor = (alias: string, version: number) => `${alias}-v${version}`;

/** The index template body for an alias, with `english` subfields when asked. */
export function templateFor(alias: string, opts: { english: boolean }): estypes.IndicesPutIndexTemplateRequest & { version: number } {
  const file = loadTemplateFile();
  const mappings = structuredClone(file.template.mappings);
  if (opts.english) {
    for (const path of ENGLISH_FIELDS) {
      let node: Mapping | undefined = mappings;
      for (const key of path) node = node?.properties?.[key];
      if (node) node.fields = { ...(node.fields ?? {}), english: { type: 'text', analyzer: 'english' } };
    }
  }
  return {
    name: alias,
    index_patterns: [`${alias}-v*`],
    version: file.version,
    priority: 200,
    template: { settings: file.template.settings, mappings: mappings as estypes.MappingTypeMapping, aliases: { [liveAliasOf(alias)]: { filter: LIVE_FILTER } } },
    _meta: { managedBy: 'wiredesk', english: opts.english },
  };
}
