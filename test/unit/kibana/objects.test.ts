import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { loadTemplateFile } from '../../../src/elastic/template.ts';
import { loadQuotesTemplate } from '../../../src/elastic/quotations.ts';
import { importKibanaObjects } from '../../../src/kibana/import.ts';
import { DATA_VIEW_ID, QUOTES_DATA_VIEW_ID, kibanaNdjson, type SavedObject } from '../../../src/kibana/objects.ts';

const FILE = new URL('../../../config/kibana/wiredesk.ndjson', import.meta.url);
const objects = () => readFileSync(FILE, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as SavedObject);

type Mapping = { properties?: Record<string, Mapping>; fields?: Record<string, unknown>; type?: string };
/** Every field path the template maps, subfields included. */
function mappedFields(m: Mapping, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [name, child] of Object.entries(m.properties ?? {})) {
    const path = prefix + name;
    out.add(path);
    for (const sub of Object.keys(child.fields ?? {})) out.add(`${path}.${sub}`);
    for (const p of mappedFields(child, `${path}.`)) out.add(p);
  }
  return out;
}

describe('Kibana saved objects (config/kibana/wiredesk.ndjson)', () => {
  it('are what `npm run kibana:objects` generates', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(kibanaNdjson());
  });

  it('hold a data view, a saved search, a dashboard, the charts and a map of dateline locations', () => {
    const byType = objects().reduce<Record<string, number>>((n, o) => ({ ...n, [o.type]: (n[o.type] ?? 0) + 1 }), {});
    expect(byType).toMatchObject({ 'index-pattern': 2, search: 1, dashboard: 1, map: 1 });
    expect(byType.lens).toBeGreaterThanOrEqual(3);
    const titles = objects().map((o) => o.attributes.title);
    expect(titles).toEqual(expect.arrayContaining(['wiredesk: stories over time', 'wiredesk: top speakers', 'wiredesk: dateline locations']));
  });

  it('have unique ids, and every reference points at an object in the file', () => {
    const all = objects();
    const ids = new Set(all.map((o) => `${o.type}:${o.id}`));
    expect(ids.size).toBe(all.length);
    for (const o of all) for (const r of o.references) expect(ids.has(`${r.type}:${r.id}`), `${o.id} → ${r.type}:${r.id}`).toBe(true);
    expect(all[0]!.type).toBe('index-pattern');
  });

  it('give every dashboard panel a reference, and use only fields the mapping has', () => {
    const dashboard = objects().find((o) => o.type === 'dashboard')!;
    const panels = JSON.parse(dashboard.attributes.panelsJSON as string) as { panelIndex: string; panelRefName: string }[];
    for (const p of panels) expect(dashboard.references.some((r) => r.name === `${p.panelIndex}:${p.panelRefName}`)).toBe(true);

    const fields = new Set([...mappedFields(loadTemplateFile().template.mappings as Mapping), ...mappedFields(loadQuotesTemplate().template.mappings as Mapping)]);
    const text = readFileSync(FILE, 'utf8');
    const used = [...text.matchAll(/\\?"(?:sourceField|geoField|timeFieldName)\\?":\\?"([^"\\]+)/g)].map((m) => m[1]!).filter((f) => f !== '___records___');
    const columns = objects().flatMap((o) => (o.type === 'search' ? (o.attributes.columns as string[]) : []));
    expect(used.length).toBeGreaterThan(5);
    for (const f of [...used, ...columns]) expect(fields.has(f), f).toBe(true);
  });

  it('are imported with the data view on the configured alias, overwriting, with the credentials', async () => {
    let seen: { url: string; headers: Record<string, string | string[] | undefined>; body: string } | null = null;
    const kibana = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = { url: req.url ?? '', headers: req.headers, body };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ success: true, successCount: 9 }));
      });
    });
    await new Promise<void>((r) => kibana.listen(0, '127.0.0.1', r));
    const port = (kibana.address() as AddressInfo).port;
    const config = loadConfig({ WIREDESK_KIBANA_URL: `http://127.0.0.1:${port}`, WIREDESK_INDEX: 'newsroom', WIREDESK_ES_API_KEY: 'k3y' });
    const result = await importKibanaObjects(config);
    kibana.close();
    expect(result).toEqual({ successCount: 9, errors: [] });
    expect(seen!.url).toBe('/api/saved_objects/_import?overwrite=true');
    expect(seen!.headers['kbn-xsrf']).toBeDefined();
    expect(seen!.headers.authorization).toBe('ApiKey k3y');
    expect(seen!.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(seen!.body).toContain(`"id":"${DATA_VIEW_ID}","type":"index-pattern","attributes":{"title":"newsroom-live"`);
    expect(seen!.body).toContain(`"id":"${QUOTES_DATA_VIEW_ID}","type":"index-pattern","attributes":{"title":"newsroom-quotes"`);
  });

  it('hold a "most carried quotes" table over the quotation occurrences', () => {
    const table = objects().find((o) => o.id === 'wiredesk-most-carried-quotes')!;
    expect(table).toMatchObject({ type: 'lens', attributes: { title: 'wiredesk: most carried quotes', visualizationType: 'lnsDatatable' } });
    expect(table.references).toEqual([{ id: QUOTES_DATA_VIEW_ID, type: 'index-pattern', name: 'indexpattern-datasource-layer-layer1' }]);
    const columns = (table.attributes.state as { datasourceStates: { formBased: { layers: { layer1: { columns: Record<string, { sourceField: string; operationType: string }> } } } } }).datasourceStates.formBased.layers.layer1.columns;
    expect(Object.values(columns).map((c) => `${c.operationType}:${c.sourceField}`)).toEqual(['terms:quotation.text', 'unique_count:storyId', 'min:publishedAt']);
  });

  it('say what to do when Kibana cannot be reached', async () => {
    const config = loadConfig({ WIREDESK_KIBANA_URL: 'http://127.0.0.1:9' });
    await expect(importKibanaObjects(config)).rejects.toThrow(/Kibana at http:\/\/127\.0\.0\.1:9 cannot be reached .*WIREDESK_KIBANA_URL/);
  });
});
