/**
 * docs/api.md against the server: every documented route exists, every route is documented,
 * every documented query parameter is accepted, and every top-level field a JSON response is
 * documented with is in its response schema (so the docs cannot promise what the code lacks).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../db/open.ts';
import { build } from './helper.ts';

interface DocRow {
  method: string;
  path: string;
  query: string;
  response: string;
}

/** The `| \`GET /api/x\` | query | response |` rows of the docs' tables. */
function docRows(): DocRow[] {
  const md = readFileSync(join(PROJECT_ROOT, 'docs', 'api.md'), 'utf8');
  const rows: DocRow[] = [];
  for (const line of md.split('\n')) {
    const m = /^\| `(GET|POST|DELETE) (\/api\/[^`\s]+)`[^|]*\|(.*)\|(.*)\|\s*$/.exec(line.replaceAll('\\|', '¦'));
    if (!m) continue;
    rows.push({ method: m[1]!, path: m[2]!.replace(/\.csv$/, '').replace(/:(\w+)/g, '{$1}'), query: m[3]!, response: m[4]! });
  }
  return rows;
}

/** Top-level keys of the first `{…}` in a response cell: nested braces, brackets and asides removed. */
function topLevelKeys(response: string): string[] {
  const code = /`(\{.*?\})`/.exec(response)?.[1];
  if (!code) return [];
  let inner = code.slice(1, -1);
  for (let prev = ''; prev !== inner;) {
    prev = inner;
    inner = inner.replace(/\{[^{}]*\}|\[[^[\]]*\]|\([^()]*\)/g, '');
  }
  return inner.split(',').map((p) => /^\s*(?:…\s*)?([A-Za-z]+)/.exec(p)?.[1]).filter((k): k is string => !!k);
}

type Schema = { properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[] };
type Op = { parameters?: { in: string; name: string }[]; responses: Record<string, { content?: Record<string, { schema: Schema }> }> };

function propertiesOf(s: Schema | undefined): Record<string, Schema> {
  if (!s) return {};
  return { ...s.properties, ...Object.assign({}, ...(s.allOf ?? []).map(propertiesOf)) };
}

describe('docs/api.md agrees with the server', () => {
  it('documents every route, and every documented route, parameter and response field exists', async () => {
    const { app } = await build();
    const spec = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Op>> };
    const rows = docRows();
    expect(rows.length).toBeGreaterThan(25);

    const documented = new Set(rows.map((r) => `${r.method} ${r.path}`));
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const method of Object.keys(methods)) expect(documented, `undocumented: ${method} ${path}`).toContain(`${method.toUpperCase()} ${path}`);
    }

    for (const row of rows) {
      const op = spec.paths[row.path]?.[row.method.toLowerCase()];
      expect(op, `${row.method} ${row.path} is documented but not served`).toBeDefined();
      if (!op || row.method !== 'GET') continue;
      const params = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
      // Backticked names in the query column (`by=organ¦county` names `by`).
      // Values in asides (“(default `dashboard`)”) are not parameters.
      let query = row.query;
      for (let prev = ''; prev !== query;) { prev = query; query = query.replace(/\([^()]*\)/g, ''); }
      for (const [, token] of query.matchAll(/`([a-z]+)(?:[=`])/g)) {
        expect(params, `${row.method} ${row.path}: documented parameter “${token}”`).toContain(token);
      }
      const schema = op.responses['200']?.content?.['application/json']?.schema;
      if (!schema) continue;
      const list = /^\s*list of /.test(row.response);
      const props = propertiesOf(list ? schema.properties?.rows?.items : schema);
      for (const key of topLevelKeys(row.response)) {
        expect(Object.keys(props), `${row.method} ${row.path}: documented field “${key}”`).toContain(key);
      }
      // One level down where the docs spell it out: the report of the detail page.
      if (row.path === '/api/reports/{id}') {
        const report = Object.keys(propertiesOf(props.report));
        const listRow = Object.keys(propertiesOf(spec.paths['/api/reports']!.get!.responses['200']!.content!['application/json']!.schema.properties!.rows!.items));
        for (const key of listRow) expect(report, `report.${key} (a list field)`).toContain(key);
      }
    }
  });

  it('reads the response notation the docs use', () => {
    expect(topLevelKeys('`{report:{…list fields, narrative:{a,b}}, document:{id}, tables (values, shape), cells:[{key}], text}`'))
      .toEqual(['report', 'document', 'tables', 'cells', 'text']);
  });
});
