/** Aggregates, county totals, trends and comparisons: thin wrappers over server/aggregates. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { metricCsvValue, metricDef } from '../../shared/metrics.ts';
import { aggregateByGroup, compare, countyTotal, trends } from '../aggregates/index.ts';
import type { AggregateRow, CompareRow, TrendRow } from '../aggregates/index.ts';
import type { CsvColumn } from '../csv.ts';
import { pageOf, wantsCsv } from '../plugins/csv.ts';
import { badRequest } from '../plugins/errors.ts';
import { CELLS } from '../../shared/template.ts';
import { countyRef } from '../repositories/search.repository.ts';
import { errorResponses } from '../schemas/common.ts';
import {
  AggregatesQuery, AggregatesResponse, CompareQuery, CompareResponse, TotalQuery, TotalResponse, TrendsQuery, TrendsResponse,
} from '../schemas/aggregates.ts';
import { sendCachedJson } from './cached-json.ts';
import { fileName, filtersFrom, metricsFrom, requireScope } from './scope.ts';

const ref = (id: string) => {
  const m = metricDef(id)!;
  return { id: m.id, label: m.label, unit: m.unit };
};
const labelOf = (id: string) => metricDef(id)?.label ?? id;

const aggregateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/aggregates', {
    schema: {
      tags: ['aggregates'], summary: '某年按单位（或县区）汇总的指标', querystring: AggregatesQuery,
      response: { 200: AggregatesResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const q = request.query;
    await requireScope(app.db, q);
    const metrics = metricsFrom(q.metrics, 'metrics', 'dashboard');
    const filters = filtersFrom(q.filter);
    if (q.sort && q.sort !== 'name' && !metricDef(q.sort)) throw badRequest(`参数 sort：“${q.sort}”不是指标，也不是 name。`);
    const { csv, limit, offset } = pageOf(request, q);
    const by = q.by ?? 'organ';
    const query = { year: q.year, countyId: q.county, kinds: q.kind, by, metrics, filters, sort: q.sort, order: q.order, limit, offset };
    if (!csv) {
      return sendCachedJson(app.db, request, reply, async () => {
        const result = await aggregateByGroup(app.db, query);
        const county = await countyRef(app.db, q.county);
        return { year: q.year, county, by, metrics: metrics.map(ref), rows: result.rows, total: result.total, limit, offset, sum: { values: result.sum } };
      });
    }
    const result = await aggregateByGroup(app.db, query);
    const cols: CsvColumn<AggregateRow>[] = [
      { header: '县区', value: (r) => r.county ?? '县区未知' },
      ...(by === 'organ' ? [{ header: '单位', value: (r: AggregateRow) => r.organ }] : []),
      { header: '年度', value: () => q.year },
      ...metrics.map((m) => ({ header: labelOf(m), value: (r: AggregateRow) => metricCsvValue(m, r.values[m]) })),
    ];
    return reply.csv(await fileName(app.db, q, by === 'organ' ? '各单位汇总' : '各县区汇总'), cols, result.rows);
  });

  app.get('/aggregates/total', {
    schema: {
      tags: ['aggregates'], summary: '县区合计：模板三张表按单位相加', querystring: TotalQuery,
      response: { 200: TotalResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const q = request.query;
    await requireScope(app.db, q);
    const metrics = metricsFrom(q.metrics);
    if (!wantsCsv(request)) {
      return sendCachedJson(app.db, request, reply, async () => {
        const total = await countyTotal(app.db, q.year, q.county, metrics, q.kind);
        const county = await countyRef(app.db, q.county);
        return { ...total, county, metrics: metrics.map(ref) };
      });
    }
    const total = await countyTotal(app.db, q.year, q.county, metrics, q.kind);
    const values = new Map(CELLS.map((c) => [c.key, c]));
    const cols: CsvColumn<(typeof CELLS)[number]>[] = [
      { header: '表', value: (c) => c.sectionLabel }, { header: '行', value: (c) => c.rowLabel }, { header: '列', value: (c) => c.columnLabel },
      { header: '合计', value: (c) => (total.tables[c.section] as Record<string, Record<string, number | null>>)[c.row]?.[c.column] ?? null },
      { header: '空白报告数', value: (c) => total.blanks[c.key] ?? 0 },
    ];
    return reply.csv(await fileName(app.db, q, '全县汇总表'), cols, values.values());
  });

  app.get('/trends', {
    schema: { tags: ['aggregates'], summary: '逐年趋势（单位、县区或全部）', querystring: TrendsQuery, response: { 200: TrendsResponse, ...errorResponses } },
  }, async (request, reply) => {
    const q = request.query;
    await requireScope(app.db, q);
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw badRequest('参数 from 不能晚于 to。');
    const metrics = metricsFrom(q.metrics);
    const tq = { organId: q.organ, countyId: q.county, kinds: q.kind, metrics, from: q.from, to: q.to };
    if (!wantsCsv(request)) {
      return sendCachedJson(app.db, request, reply, async () => ({
        scope: {
          ...(q.organ !== undefined ? { organ: q.organ } : {}), ...(q.county !== undefined ? { county: q.county } : {}),
          ...(q.kind?.length ? { kind: q.kind } : {}),
        },
        metrics: metrics.map(ref), rows: await trends(app.db, tq),
      }));
    }
    const rows = await trends(app.db, tq);
    const cols: CsvColumn<TrendRow>[] = [
      { header: '年度', value: (r) => r.year },
      ...metrics.flatMap((m) => [
        { header: labelOf(m), value: (r: TrendRow) => metricCsvValue(m, r.values[m]) },
        { header: `${labelOf(m)}·较上年`, value: (r: TrendRow) => r.change[m] ?? null },
      ]),
    ];
    return reply.csv(await fileName(app.db, { county: q.county, organ: q.organ }, '历年趋势'), cols, rows);
  });

  app.get('/compare', {
    schema: { tags: ['aggregates'], summary: '单位 × 年度对比（含较上年变化）', querystring: CompareQuery, response: { 200: CompareResponse, ...errorResponses } },
  }, async (request, reply) => {
    const q = request.query;
    await requireScope(app.db, q);
    if (!metricDef(q.metric)) throw badRequest(`参数 metric：指标“${q.metric}”不存在，可用的指标见 /api/template 的 metrics。`);
    const years = q.years ? [...new Set(q.years.split(',').map((y) => Number(y.trim())))] : undefined;
    if (years && years.length > 50) throw badRequest('参数 years 最多 50 个年度。');
    const filters = filtersFrom(q.filter);
    const cq = { metric: q.metric, countyId: q.county, kinds: q.kind, years, filters, sort: q.sort ?? 'name', order: q.order ?? 'asc' } as const;
    if (!wantsCsv(request)) {
      return sendCachedJson(app.db, request, reply, async () => ({ metric: ref(q.metric), ...(await compare(app.db, cq)) }));
    }
    const result = await compare(app.db, cq);
    const cols: CsvColumn<CompareRow>[] = [
      { header: '县区', value: (r) => r.county ?? '县区未知' }, { header: '单位', value: (r) => r.organ },
      ...result.years.flatMap((y, i) => [
        { header: `${y}年${labelOf(q.metric)}`, value: (r: CompareRow) => metricCsvValue(q.metric, r.cells[i]?.value) },
        { header: `${y}年较上年`, value: (r: CompareRow) => r.cells[i]?.change ?? null },
      ]),
    ];
    return reply.csv(await fileName(app.db, { county: q.county }, '单位对比', labelOf(q.metric)), cols, result.rows);
  });
};

export default aggregateRoutes;
