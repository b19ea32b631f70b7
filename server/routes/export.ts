/** Bulk data: every value of every current report, long form or wide form, streamed as CSV. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { valueColumn } from '../../db/schema.ts';
import type { CsvColumn } from '../csv.ts';
import { CELLS, cellDef } from '../../shared/template.ts';
import { exportCells, exportValues } from '../repositories/report-read.repository.ts';
import type { ExportReport, ExportScope } from '../repositories/report-read.repository.ts';
import { Type, errorResponses } from '../schemas/common.ts';
import { REPORT_STATUS_LABEL } from '../../shared/enums.ts';
import type { ReportStatus } from '../../shared/enums.ts';
import { fileName, requireScope } from './scope.ts';

const ExportQuery = Type.Object({
  year: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100 })), county: Type.Optional(Type.Integer({ minimum: 1 })),
  format: Type.Optional(Type.Literal('csv')),
});
const CsvResponse = Type.String({ description: 'text/csv; UTF-8 with BOM' });

interface LongRow {
  report: ExportReport;
  key: string;
  value: number | null;
  status: string;
}

function cellStatus(c: { value: number | null; review: string | null; corrected: number }): string {
  if (c.corrected) return '已更正';
  if (c.review !== null) return '待核对';
  return c.value === null ? '空白' : '原值';
}

async function* longRows(app: Parameters<FastifyPluginAsyncTypebox>[0], scope: ExportScope): AsyncGenerator<LongRow> {
  // Cells come in template order.
  for await (const { report, cells } of exportCells(app.db, scope)) {
    for (const c of cells) yield { report, key: c.key, value: c.value, status: cellStatus(c) };
  }
}

const def = (key: string) => cellDef(key)!;
const LONG_CSV: CsvColumn<LongRow>[] = [
  { header: '县区', value: (r) => r.report.county ?? '县区未知' }, { header: '单位', value: (r) => r.report.organ },
  { header: '年度', value: (r) => r.report.year }, { header: '报告编号', value: (r) => r.report.id },
  { header: '表', value: (r) => def(r.key).sectionLabel }, { header: '行', value: (r) => def(r.key).rowLabel },
  { header: '列', value: (r) => def(r.key).columnLabel }, { header: '键', value: (r) => r.key },
  { header: '值', value: (r) => r.value }, { header: '状态', value: (r) => r.status },
];

type WideRow = { report: ExportReport; values: Record<string, number | null> };
const WIDE_CSV: CsvColumn<WideRow>[] = [
  { header: '县区', value: (r) => r.report.county ?? '县区未知' }, { header: '单位', value: (r) => r.report.organ },
  { header: '年度', value: (r) => r.report.year }, { header: '报告编号', value: (r) => r.report.id },
  { header: '状态', value: (r) => REPORT_STATUS_LABEL[r.report.status as ReportStatus] ?? r.report.status },
  ...CELLS.map((c) => {
    const column = valueColumn(c.key);
    return { header: c.header, value: (r: WideRow) => r.values[column] ?? null };
  }),
];

const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {

  app.get('/export/long', {
    // Many MB of CSV: compressed when the client accepts it (brotli or gzip).
    compress: {},
    schema: {
      tags: ['export'], summary: '全部数值（长表：每个单元格一行），CSV', description: '也可写作 /api/export/long.csv',
      querystring: ExportQuery, produces: ['text/csv'], response: { 200: CsvResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const q = request.query;
    await requireScope(app.db, q);
    return reply.csv(await fileName(app.db, q, '年报数据', '长表'), LONG_CSV, longRows(app, { year: q.year, countyId: q.county }));
  });

  app.get('/export/wide', {
    // Many MB of CSV: compressed when the client accepts it (brotli or gzip).
    compress: {},
    schema: {
      tags: ['export'], summary: '全部数值（宽表：每份报告一行，每个单元格一列），CSV', description: '也可写作 /api/export/wide.csv',
      querystring: ExportQuery, produces: ['text/csv'], response: { 200: CsvResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const q = request.query;
    await requireScope(app.db, q);
    return reply.csv(await fileName(app.db, q, '年报数据', '宽表'), WIDE_CSV, exportValues(app.db, { year: q.year, countyId: q.county }));
  });
};

export default exportRoutes;
