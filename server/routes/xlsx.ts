/**
 * Excel downloads in the template's layout: the county's 全县汇总表 (the overview's table) and one
 * report, its tables with the current values plus a sheet of what a person must still check.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { countyTotal } from '../aggregates/index.ts';
import { attachment, safeFileName } from '../csv.ts';
import { workbook } from '../export/xlsx.ts';
import { listFlags } from '../flags/review.ts';
import { notFound } from '../plugins/errors.ts';
import { reportCells } from '../repositories/cells.repository.ts';
import { reportRecord } from '../repositories/report-read.repository.ts';
import { countyRef } from '../repositories/search.repository.ts';
import { IdParams, Type, Year, errorResponses } from '../schemas/common.ts';
import { OrganScope } from '../schemas/common.ts';
import { cellDef } from '../../shared/template.ts';
import { tablesOfCells } from '../schemas/reports.map.ts';
import { SEVERITY_LABEL } from '../../shared/enums.ts';
import { fileName, requireScope } from './scope.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'an .xlsx workbook' });
const SummaryQuery = Type.Object({ year: Year, ...OrganScope });

const xlsxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/export/summary.xlsx', {
    schema: { tags: ['export'], summary: '全县汇总表（Excel，模板格式）', querystring: SummaryQuery, response: { 200: Binary, ...errorResponses } },
  }, async (request, reply) => {
    const q = request.query;
    await requireScope(app.db, q);
    const total = await countyTotal(app.db, q.year, q.county, [], q.kind);
    const notes = Object.fromEntries(Object.entries(total.blanks).filter(([, n]) => n > 0).map(([k, n]) => [k, `${n} 份报告此格空白（不计为 0）`]));
    const bytes = await workbook([{
      name: '全县汇总表',
      title: `${(await countyRef(app.db, q.county))?.name ?? '全部县区'} ${q.year} 年度政府信息公开工作年度报告汇总`,
      info: [`${total.reports} 份报告相加（${total.organs} 个单位）。空白格不计为 0：合计只加有数字的报告；有批注的格有报告空白。`, `导出时间：${new Date().toISOString().slice(0, 16).replace('T', ' ')}`],
      tables: total.tables, notes,
    }]);
    return reply.header('content-type', XLSX).header('content-disposition', attachment(`${await fileName(app.db, q, '全县汇总表')}.xlsx`)).send(bytes);
  });

  app.get('/reports/:id/export.xlsx', {
    schema: { tags: ['reports'], summary: '一份报告（Excel，模板格式）', params: IdParams, response: { 200: Binary, ...errorResponses } },
  }, async (request, reply) => {
    const id = request.params.id;
    const r = await reportRecord(app.db, id);
    if (!r) throw notFound(`没有编号为 ${id} 的报告。`);
    const [cells, flags] = await Promise.all([reportCells(app.db, id), listFlags(app.db, { reportId: id, limit: 1000 })]);
    const tables = tablesOfCells(cells, 'value');
    const review = cells.filter((c) => c.review !== null && !c.corrected);
    const notes = Object.fromEntries([
      ...review.map((c) => [c.key, `待核对：${c.review}`]),
      ...cells.filter((c) => c.corrected).map((c) => [c.key, `已更正（原文读出 ${c.parsed ?? '空白'}）`]),
    ]);
    const bytes = await workbook([{
      name: '年度报告',
      title: `${r.organ} ${r.year} 年度政府信息公开工作年度报告`,
      info: [
        `标题所署：${r.organ_printed} · ${r.county ?? '县区未知'} · 发布日期 ${r.published ?? '未注明'}`,
        `原件：${r.file_name} · 空白格为空白，不是 0；有批注的格待核对或已更正。`,
      ],
      tables, notes,
    }], [{
      name: '待核对与提示',
      columns: [{ header: '类别', width: 10 }, { header: '表', width: 26 }, { header: '行', width: 36 }, { header: '列', width: 18 }, { header: '说明', width: 80 }],
      rows: [
        ...review.map((c) => { const d = cellDef(c.key); return ['待核对', d?.sectionLabel ?? '', d?.rowLabel ?? '', d?.columnLabel ?? '', c.review ?? '']; }),
        ...flags.rows.filter((f) => f.state !== 'dismissed').map((f) => [SEVERITY_LABEL[f.severity], '', '', '', `${f.title}：${f.message}`]),
      ],
    }]);
    return reply.header('content-type', XLSX).header('content-disposition', attachment(safeFileName(`${r.organ}_${r.year}年度报告.xlsx`))).send(bytes);
  });
};

export default xlsxRoutes;
