/**
 * wiredesk's Kibana saved objects, built in code so they stay in step with the mapping:
 * `npm run kibana:objects` writes them to config/kibana/wiredesk.ndjson, which
 * `wiredesk kibana import` posts to Kibana's saved objects API. Nested fields (quotes,
 * entities) are not usable in Lens, so the charts read the flat `facets.*` keyword arrays.
 */

import { quotesAliasOf } from '../elastic/quotations.ts';
import { liveAliasOf } from '../elastic/template.ts';

export interface SavedObject {
  id: string;
  type: 'index-pattern' | 'search' | 'lens' | 'map' | 'dashboard';
  attributes: Record<string, unknown>;
  references: { id: string; type: string; name: string }[];
  coreMigrationVersion: string;
  typeMigrationVersion: string;
}

export const DATA_VIEW_ID = 'wiredesk-stories';
/** The data view's title in the file; `kibana import` replaces it with the configured alias. */
export const DEFAULT_ALIAS = 'wire-stories';

/** The data view over quotation occurrences (`<alias>-quotes`), one document per story carrying a quote. */
export const QUOTES_DATA_VIEW_ID = 'wiredesk-quotes';

const CORE = '8.8.0';
const KUERY = { query: '', language: 'kuery' };
const dataViewRef = (name: string) => ({ id: DATA_VIEW_ID, type: 'index-pattern', name });

function dataView(): SavedObject {
  return {
    id: DATA_VIEW_ID,
    type: 'index-pattern',
    attributes: { title: liveAliasOf(DEFAULT_ALIAS), name: 'wiredesk stories', timeFieldName: 'publishedAt' },
    references: [],
    coreMigrationVersion: CORE,
    typeMigrationVersion: '8.0.0',
  };
}

function savedSearch(): SavedObject {
  return {
    id: 'wiredesk-latest-stories',
    type: 'search',
    attributes: {
      title: 'wiredesk: latest stories',
      description: 'Stories newest first, with headline, agency and dateline.',
      columns: ['headline', 'agency', 'dateline.city', 'dateline.country', 'facets.speakers'],
      sort: [['publishedAt', 'desc']],
      kibanaSavedObjectMeta: {
        searchSourceJSON: JSON.stringify({ query: KUERY, filter: [], indexRefName: 'kibanaSavedObjectMeta.searchSourceJSON.index' }),
      },
    },
    references: [dataViewRef('kibanaSavedObjectMeta.searchSourceJSON.index')],
    coreMigrationVersion: CORE,
    typeMigrationVersion: '8.0.0',
  };
}

const COUNT = { label: 'Stories', dataType: 'number', operationType: 'count', sourceField: '___records___', isBucketed: false, scale: 'ratio', params: { emptyAsNull: true } };

function lens(id: string, title: string, description: string, bucket: Record<string, unknown>, seriesType: 'bar_stacked' | 'bar_horizontal'): SavedObject {
  return {
    id,
    type: 'lens',
    attributes: {
      title,
      description,
      visualizationType: 'lnsXY',
      state: {
        datasourceStates: {
          formBased: { layers: { layer1: { columns: { bucket, count: COUNT }, columnOrder: ['bucket', 'count'], incompleteColumns: {} } } },
        },
        visualization: {
          preferredSeriesType: seriesType,
          legend: { isVisible: false, position: 'right' },
          valueLabels: 'hide',
          layers: [{ layerId: 'layer1', layerType: 'data', seriesType, xAccessor: 'bucket', accessors: ['count'] }],
        },
        query: KUERY,
        filters: [],
        adHocDataViews: {},
        internalReferences: [],
      },
    },
    references: [dataViewRef('indexpattern-datasource-layer-layer1')],
    coreMigrationVersion: CORE,
    typeMigrationVersion: '8.9.0',
  };
}

const topTerms = (field: string, label: string) => ({
  label,
  dataType: 'string',
  operationType: 'terms',
  sourceField: field,
  isBucketed: true,
  scale: 'ordinal',
  params: { size: 10, orderBy: { type: 'column', columnId: 'count' }, orderDirection: 'desc', otherBucket: false, missingBucket: false },
});

function storiesOverTime(): SavedObject {
  const bucket = { label: 'Published', dataType: 'date', operationType: 'date_histogram', sourceField: 'publishedAt', isBucketed: true, scale: 'interval', params: { interval: 'auto', includeEmptyRows: true, dropPartials: false } };
  return lens('wiredesk-stories-over-time', 'wiredesk: stories over time', 'Stories by publication date.', bucket, 'bar_stacked');
}

function datelineMap(): SavedObject {
  const layers = [
    { id: 'basemap', type: 'EMS_VECTOR_TILE', label: null, minZoom: 0, maxZoom: 24, alpha: 1, visible: true, sourceDescriptor: { type: 'EMS_TMS', isAutoSelect: true }, style: { type: 'EMS_VECTOR_TILE' } },
    {
      id: 'datelines',
      type: 'GEOJSON_VECTOR',
      label: 'Dateline locations',
      minZoom: 0,
      maxZoom: 24,
      alpha: 0.8,
      visible: true,
      sourceDescriptor: {
        type: 'ES_SEARCH',
        id: 'datelines-source',
        geoField: 'dateline.location',
        scalingType: 'LIMIT',
        applyGlobalQuery: true,
        applyGlobalTime: true,
        tooltipProperties: ['headline', 'dateline.city', 'agency', 'publishedAt'],
        indexPatternRefName: 'layer_1_source_index_pattern',
      },
      style: { type: 'VECTOR', properties: {}, isTimeAware: true },
    },
  ];
  return {
    id: 'wiredesk-dateline-map',
    type: 'map',
    attributes: {
      title: 'wiredesk: dateline locations',
      description: 'Where stories were filed, from the dateline.',
      layerListJSON: JSON.stringify(layers),
      mapStateJSON: JSON.stringify({ zoom: 1.4, center: { lon: 30, lat: 25 }, query: KUERY, filters: [], settings: { autoFitToDataBounds: true } }),
      uiStateJSON: JSON.stringify({ isLayerTOCOpen: true, openTOCDetails: [] }),
    },
    references: [dataViewRef('layer_1_source_index_pattern')],
    coreMigrationVersion: CORE,
    typeMigrationVersion: '8.4.0',
  };
}

function dashboard(panels: { object: SavedObject; x: number; y: number; w: number; h: number }[]): SavedObject {
  const panelsJSON = panels.map((p, i) => ({
    type: p.object.type,
    panelIndex: `p${i + 1}`,
    gridData: { x: p.x, y: p.y, w: p.w, h: p.h, i: `p${i + 1}` },
    embeddableConfig: { enhancements: {} },
    panelRefName: `panel_p${i + 1}`,
  }));
  return {
    id: 'wiredesk-overview',
    type: 'dashboard',
    attributes: {
      title: 'wiredesk overview',
      description: 'Stories over time, top speakers and entities, where stories were filed, and the latest stories.',
      panelsJSON: JSON.stringify(panelsJSON),
      optionsJSON: JSON.stringify({ useMargins: true, syncColors: false, syncCursor: true, syncTooltips: false, hidePanelTitles: false }),
      timeRestore: true,
      timeFrom: 'now-50y',
      timeTo: 'now',
      refreshInterval: { pause: true, value: 60_000 },
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify({ query: KUERY, filter: [] }) },
    },
    references: panels.map((p, i) => ({ id: p.object.id, type: p.object.type, name: `p${i + 1}:panel_p${i + 1}` })),
    coreMigrationVersion: CORE,
    typeMigrationVersion: '8.9.0',
  };
}

function quotesDataView(): SavedObject {
  return {
    id: QUOTES_DATA_VIEW_ID,
    type: 'index-pattern',
    attributes: { title: quotesAliasOf(DEFAULT_ALIAS), name: 'wiredesk quotation occurrences', timeFieldName: 'publishedAt' },
    references: [],
    coreMigrationVersion: CORE,
    typeMigrationVersion: '8.0.0',
  };
}

/**
 * The most carried quotes: one row per quotation (its canonical text), the stories carrying it
 * and when it was first seen, most carried first.
 */
function mostCarriedQuotes(): SavedObject {
  const columns = {
    quotation: {
      label: 'Quotation',
      dataType: 'string',
      operationType: 'terms',
      sourceField: 'quotation.text',
      isBucketed: true,
      scale: 'ordinal',
      params: { size: 20, orderBy: { type: 'column', columnId: 'stories' }, orderDirection: 'desc', otherBucket: false, missingBucket: false },
    },
    stories: { label: 'Stories carrying it', dataType: 'number', operationType: 'unique_count', sourceField: 'storyId', isBucketed: false, scale: 'ratio', params: { emptyAsNull: true } },
    first: { label: 'First seen', dataType: 'date', operationType: 'min', sourceField: 'publishedAt', isBucketed: false, scale: 'ratio', params: { emptyAsNull: true } },
  };
  return {
    id: 'wiredesk-most-carried-quotes',
    type: 'lens',
    attributes: {
      title: 'wiredesk: most carried quotes',
      description: 'Each quotation once (partial quotes joined to the longer one), with the number of stories that carried it and when it was first seen.',
      visualizationType: 'lnsDatatable',
      state: {
        datasourceStates: { formBased: { layers: { layer1: { columns, columnOrder: ['quotation', 'stories', 'first'], incompleteColumns: {} } } } },
        visualization: {
          layerId: 'layer1',
          layerType: 'data',
          columns: [{ columnId: 'quotation' }, { columnId: 'stories' }, { columnId: 'first' }],
          sorting: { columnId: 'stories', direction: 'desc' },
        },
        query: KUERY,
        filters: [],
        adHocDataViews: {},
        internalReferences: [],
      },
    },
    references: [{ id: QUOTES_DATA_VIEW_ID, type: 'index-pattern', name: 'indexpattern-datasource-layer-layer1' }],
    coreMigrationVersion: CORE,
    typeMigrationVersion: '8.9.0',
  };
}

/** Every saved object, data view first (import order matters for references). */
export function kibanaObjects(): SavedObject[] {
  const overTime = storiesOverTime();
  const speakers = lens('wiredesk-top-speakers', 'wiredesk: top speakers', 'Who is quoted most.', topTerms('facets.speakers', 'Speaker'), 'bar_horizontal');
  const people = lens('wiredesk-top-people', 'wiredesk: top people', 'People named most.', topTerms('facets.people', 'Person'), 'bar_horizontal');
  const orgs = lens('wiredesk-top-organizations', 'wiredesk: top organisations', 'Organisations named most.', topTerms('facets.organizations', 'Organisation'), 'bar_horizontal');
  const places = lens('wiredesk-top-locations', 'wiredesk: top places', 'Places named most.', topTerms('facets.locations', 'Place'), 'bar_horizontal');
  const map = datelineMap();
  const search = savedSearch();
  const carried = mostCarriedQuotes();
  return [
    dataView(),
    quotesDataView(),
    carried,
    search,
    overTime,
    speakers,
    people,
    orgs,
    places,
    map,
    dashboard([
      { object: overTime, x: 0, y: 0, w: 48, h: 10 },
      { object: speakers, x: 0, y: 10, w: 16, h: 14 },
      { object: people, x: 16, y: 10, w: 16, h: 14 },
      { object: orgs, x: 32, y: 10, w: 16, h: 14 },
      { object: map, x: 0, y: 24, w: 32, h: 18 },
      { object: places, x: 32, y: 24, w: 16, h: 18 },
      { object: search, x: 0, y: 42, w: 48, h: 16 },
      { object: carried, x: 0, y: 58, w: 48, h: 16 },
    ]),
  ];
}

/** The NDJSON file Kibana imports, its data views on the alias's live view (withdrawn stories left out) and on its quotation occurrences. */
export function kibanaNdjson(alias = DEFAULT_ALIAS): string {
  return kibanaObjects()
    .map((o) => (o.type === 'index-pattern' ? { ...o, attributes: { ...o.attributes, title: o.id === QUOTES_DATA_VIEW_ID ? quotesAliasOf(alias) : liveAliasOf(alias) } } : o))
    .map((o) => JSON.stringify(o))
    .join('\n')
    .concat('\n');
}
