/**
 * One metric engine: each metric is defined once (shared/metrics.ts) and computed in JS
 * (`computeMetrics`, what the API returns and the web shows) and in SQL (metric-sql.ts, what
 * lists and aggregates filter and sort by). On generated reports — blanks, zeros, rates with
 * halves at the rounding digit — both give the same value for every metric, per report and
 * per group, and a value filter keeps the same rows in SQL as `passes` does in JS.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valueColumn } from '../../db/schema.ts';
import { groupFilterSql, groupMetricSql, isSqlMetric } from '../../server/repositories/aggregates.repository.ts';
import { insertReport, insertReportValues } from '../../server/repositories/reports.repository.ts';
import { filterSql, metricSql } from '../../server/repositories/report-read.repository.ts';
import { passes } from '../../shared/filters.ts';
import type { ValueFilter } from '../../shared/filters.ts';
import { CELLS } from '../../shared/template.ts';
import { METRICS, computeMetrics } from '../../shared/metrics.ts';
import { tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';
import { record } from '../support/records.ts';
import { prng } from '../../server/report/render.ts';


const METRIC_IDS = METRICS.filter((m) => isSqlMetric(m.id)).map((m) => m.id);
const RATE_CELLS = [...new Set(METRICS.filter((m) => m.kind === 'rate').flatMap((m) => [...m.cells, ...(m.denominator ?? [])]))];
const REPORTS = 240;
const ORGANS = 24;

let t: TestDb;
/** Values of each stored report by cell key, as stored. */
const stored = new Map<number, { organId: number; cells: Map<string, number | null> }>();

beforeAll(async () => {
  t = await tempDb('nianbao-metrics-');
  const rnd = prng(20261203);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const county = await t.db.insertInto('county').values({ name: '生成县', sort_key: null }).returning('id').executeTakeFirstOrThrow();
  const organs: number[] = [];
  for (let i = 0; i < ORGANS; i++) {
    const o = await t.db.insertInto('organ').values({
      county_id: county.id, name: `第${i}镇`, full_name: `生成县第${i}镇`, sort_key: null, kind: 'township', in_registry: 1,
    }).returning('id').executeTakeFirstOrThrow();
    organs.push(o.id);
  }
  const doc = await t.db.insertInto('document').values({
    sha256: 'x'.repeat(64), file_name: 'g.txt', format: 'txt', extraction: 'utf-8', size: 0, content: Buffer.alloc(0), text: '', received_via: 'seed',
  }).returning('id').executeTakeFirstOrThrow();
  for (let i = 0; i < REPORTS; i++) {
    const organId = organs[i % ORGANS]!;
    const values: Record<string, number | null> = {};
    for (const c of CELLS) {
      const r = rnd();
      // Rate cells get the interesting values: blanks, zeros, and denominators that put a half at
      // the 7th decimal (1/128 = 0.0078125, 3/640 = 0.0046875); other cells are mostly 0.
      values[c.key] = RATE_CELLS.includes(c.key)
        ? (r < 0.15 ? null : r < 0.3 ? 0 : pick([1, 2, 3, 5, 7, 64, 128, 640, 1_000_000, 3_000_000, Math.floor(rnd() * 500)]))
        : (r < 0.1 ? null : r < 0.8 ? 0 : Math.floor(rnd() * 50));
    }
    const reportId = await insertReport(t.db, {
      document_id: doc.id, organ_id: organId, county_id: county.id, year: 2000 + i, organ_printed: `第${i % ORGANS}镇`,
      published: null, published_source: null, template: '2021', status: 'ok', current: 1, deleted_at: null,
      headings: '[]', overview: null, problems: null, other: null, cell_lines: null,
    });
    await insertReportValues(t.db, reportId, record(`第${i % ORGANS}镇`, 2000 + i, values));
    stored.set(reportId, { organId, cells: new Map(CELLS.map((c) => [c.key, values[c.key] ?? null])) });
  }
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('one metric engine: SQL and JS agree', () => {
  it('per report: every metric in SQL (metricSql) equals computeMetrics on the stored values', async () => {
    const rows = await t.db.selectFrom('report as r').innerJoin('report_value as rv', 'rv.report_id', 'r.id')
      .select('r.id').select(METRIC_IDS.map((id, i) => metricSql(id).as(`m${i}`))).execute() as unknown as Record<string, number | null>[];
    expect(rows).toHaveLength(REPORTS);
    let rates = 0;
    for (const row of rows) {
      const js = computeMetrics(METRIC_IDS, stored.get(Number(row.id))!.cells, { reports: 1 });
      METRIC_IDS.forEach((id, i) => {
        expect(row[`m${i}`] ?? null, `${id} of report ${row.id}`).toBe(js[id]);
        if (js[id] !== null && id.endsWith('_rate')) rates++;
      });
    }
    expect(rates).toBeGreaterThan(100);
  });

  it('per group: every metric over summed cells (groupMetricSql) equals computeMetrics on the sums', async () => {
    const rows = await t.db.selectFrom('report as r').innerJoin('report_value as rv', 'rv.report_id', 'r.id')
      .select(sql<number>`r.organ_id`.as('organ'))
      .select(METRIC_IDS.map((id, i) => groupMetricSql(id).as(`m${i}`)))
      .select(CELLS.map((c, i) => sql<number | null>`sum(${sql.ref(`rv.${valueColumn(c.key)}`)})`.as(`s${i}`)))
      .groupBy('r.organ_id').execute() as unknown as Record<string, number | null>[];
    expect(rows).toHaveLength(ORGANS);
    for (const row of rows) {
      const sums = new Map(CELLS.map((c, i) => [c.key, row[`s${i}`] ?? null]));
      const js = computeMetrics(METRIC_IDS, sums, { reports: REPORTS / ORGANS });
      METRIC_IDS.forEach((id, i) => expect(row[`m${i}`] ?? null, `${id} of organ ${row.organ}`).toBe(js[id]));
    }
  });

  it('a value filter keeps the same reports and groups in SQL as passes() does in JS', async () => {
    const filters: ValueFilter[] = [];
    for (const metric of ['disclosure_rate', 'review_correction_rate', 'litigation_correction_rate', 'denied', 'requests.new.total', 'reports']) {
      for (const op of ['>', '<', '=', '>=', '<=', '!='] as const) for (const value of [0, 0.007813, 0.5, 1, 3]) filters.push({ metric, op, value });
      filters.push({ metric, op: '=', value: null }, { metric, op: '!=', value: null });
    }
    const reportJs = new Map([...stored].map(([id, s]) => [id, computeMetrics(METRIC_IDS, s.cells, { reports: 1 })]));
    for (const f of filters) {
      const inSql = (await t.db.selectFrom('report as r').innerJoin('report_value as rv', 'rv.report_id', 'r.id')
        .select('r.id').where(filterSql(f)).orderBy('r.id').execute()).map((r) => r.id);
      const inJs = [...reportJs].filter(([, v]) => passes(f, v[f.metric])).map(([id]) => id).sort((a, b) => a - b);
      expect(inSql, `${f.metric}${f.op}${f.value} on reports`).toEqual(inJs);

      const groups = await t.db.selectFrom('report as r').innerJoin('report_value as rv', 'rv.report_id', 'r.id')
        .select(sql<number>`r.organ_id`.as('organ'))
        .select(CELLS.map((c, i) => sql<number | null>`sum(${sql.ref(`rv.${valueColumn(c.key)}`)})`.as(`s${i}`)))
        .groupBy('r.organ_id').having(groupFilterSql(f)).execute() as unknown as Record<string, number | null>[];
      const all = await t.db.selectFrom('report as r').innerJoin('report_value as rv', 'rv.report_id', 'r.id')
        .select(sql<number>`r.organ_id`.as('organ'))
        .select(CELLS.map((c, i) => sql<number | null>`sum(${sql.ref(`rv.${valueColumn(c.key)}`)})`.as(`s${i}`)))
        .groupBy('r.organ_id').execute() as unknown as Record<string, number | null>[];
      const passing = all.filter((row) => passes(f, computeMetrics([f.metric], new Map(CELLS.map((c, i) => [c.key, row[`s${i}`] ?? null])), { reports: REPORTS / ORGANS })[f.metric]));
      expect(groups.map((g) => g.organ).sort(), `${f.metric}${f.op}${f.value} on groups`).toEqual(passing.map((g) => g.organ).sort());
    }
  }, 60_000);
});
