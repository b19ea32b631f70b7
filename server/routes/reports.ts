/** Reports: the list, one report in full, its original file, corrections and (soft) deletion. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isRuleId } from '../checks/registry.ts';
import { listFlags } from '../flags/review.ts';
import type { CsvColumn } from '../csv.ts';
import { attachment, safeFileName } from '../csv.ts';
import { attachmentFile, attachmentOf } from '../repositories/attachments.repository.ts';
import { pageOf, wantsCsv } from '../plugins/csv.ts';
import { badRequest, notFound, refused } from '../plugins/errors.ts';
import { carryOver } from '../corrections/carry-over.ts';
import { correctReport } from '../corrections/correct.ts';
import { CELLS, cellDef } from '../../shared/template.ts';
import { listCorrections } from '../repositories/corrections.repository.ts';
import type { CorrectionRow } from '../repositories/corrections.repository.ts';
import { reportCells } from '../repositories/cells.repository.ts';
import { documentOfReport, isReportSort, listReports, reportRecord } from '../repositories/report-read.repository.ts';
import { organYearVersions, reportActions } from '../repositories/versions.repository.ts';
import { VersionError, deleteVersion, makeVersionCurrent, moveVersion, undeleteVersion } from '../versions/versions.ts';
import { moveToOrgan } from '../versions/move-organ.ts';
import type { ReportListRow } from '../repositories/report-read.repository.ts';
import { IdParams, Type, errorResponses } from '../schemas/common.ts';
import {
  CarryOverBody, CarryOverResult, CellsResponse, CorrectionBody, CorrectionResult, CorrectionsQuery, CorrectionsResponse, DeleteQuery, DeleteResult,
  MadeCurrentResult, MoveBody, MoveOrganBody, MoveOrganResult, MoveResult, ReportDetail, ReportsQuery, ReportsResponse, VersionActionBody,
} from '../schemas/reports.ts';
import { toCellView, toReportDetail } from '../schemas/reports.map.ts';
import { REPORT_STATUS_LABEL } from '../../shared/enums.ts';
import type { ReportStatus } from '../../shared/enums.ts';
import { sendCachedJson } from './cached-json.ts';
import { actionBy, fileName, filtersFrom, requireScope } from './scope.ts';


const REPORT_CSV: CsvColumn<ReportListRow>[] = [
  { header: '报告编号', value: (r) => r.id }, { header: '县区', value: (r) => r.county ?? '县区未知' }, { header: '单位', value: (r) => r.organ },
  { header: '报告标题中的单位', value: (r) => r.organPrinted }, { header: '年度', value: (r) => r.year },
  { header: '状态', value: (r) => REPORT_STATUS_LABEL[r.status as ReportStatus] ?? r.status }, { header: '发布日期', value: (r) => r.published },
  { header: '错误提示', value: (r) => r.flags.error }, { header: '警告提示', value: (r) => r.flags.warning }, { header: '参考提示', value: (r) => r.flags.info },
  { header: '待核对单元格', value: (r) => r.reviews }, { header: '更正次数', value: (r) => r.corrections },
  { header: '文件名', value: (r) => r.fileName }, { header: '格式', value: (r) => r.format }, { header: '导入时间', value: (r) => r.createdAt },
];

const CORRECTION_CSV: CsvColumn<CorrectionRow>[] = [
  { header: '单元格', value: (r) => cellDef(r.key)?.header ?? r.key }, { header: '键', value: (r) => r.key }, { header: '更正值', value: (r) => r.value },
  { header: '理由', value: (r) => r.reason }, { header: '更正人', value: (r) => r.author }, { header: '时间', value: (r) => r.at },
];

const TEXT_ENCODINGS = /^(utf-8|utf-16le|utf-16be|gb18030|gbk|gb2312|big5)$/i;

/** The Content-Type a browser needs to open or save the original file. */
export function contentTypeOf(format: string, extraction: string): string {
  const charset = TEXT_ENCODINGS.test(extraction) ? extraction.toLowerCase() : 'utf-8';
  const types: Record<string, string> = {
    txt: `text/plain; charset=${charset}`, html: `text/html; charset=${charset}`, pdf: 'application/pdf',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', doc: 'application/msword',
    wps: 'application/vnd.ms-works', rtf: 'application/rtf',
    // Scans: read by OCR (png, jpeg, tiff, …) or attached to a hand entry (jpg, tif).
    png: 'image/png', jpeg: 'image/jpeg', jpg: 'image/jpeg', tiff: 'image/tiff', tif: 'image/tiff', gif: 'image/gif', bmp: 'image/bmp',
    // Several images read as one report: the images, in page order, in one ZIP (readers/image-set.ts).
    images: 'application/zip',
  };
  return types[format] ?? 'application/octet-stream';
}

const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/reports', {
    schema: { tags: ['reports'], summary: '报告列表', querystring: ReportsQuery, response: { 200: ReportsResponse, ...errorResponses } },
  }, async (request, reply) => {
    const q = request.query;
    await requireScope(app.db, q);
    const sort = q.sort ?? 'organ';
    if (!isReportSort(sort)) throw badRequest(`参数 sort：不能按“${sort}”排序。可用 year、organ、county、published、flags、reviews、created、id 或某个指标。`);
    const { csv, limit, offset } = pageOf(request, q);
    const filter = {
      countyId: q.county, organId: q.organ, year: q.year, status: q.status, flagged: q.flagged, q: q.q, deleted: q.deleted, unknownCounty: q.unknownCounty,
      filters: filtersFrom(q.filter), sort, order: q.order ?? 'asc' as const, limit, offset,
    };
    if (!csv) return sendCachedJson(app.db, request, reply, async () => ({ ...(await listReports(app.db, filter)), limit, offset }));
    return reply.csv(await fileName(app.db, q, '报告列表'), REPORT_CSV, (await listReports(app.db, filter)).rows);
  });

  app.get('/reports/:id', {
    schema: { tags: ['reports'], summary: '一份报告：记录、现行数值、待核对、提示、原文', params: IdParams, response: { 200: ReportDetail, ...errorResponses } },
  }, async (request) => {
    const id = request.params.id;
    const r = await reportRecord(app.db, id);
    if (!r) throw notFound(`没有编号为 ${id} 的报告。`);
    const [cells, corrections, flags, history, attachment] = await Promise.all([
      reportCells(app.db, id), listCorrections(app.db, id), listFlags(app.db, { reportId: id, limit: 1000 }), organYearVersions(app.db, r.organ_id, r.year),
      attachmentOf(app.db, id),
    ]);
    const actions = await reportActions(app.db, history.map((h) => h.id));
    return toReportDetail(r, { cells, corrections, flags: flags.rows, history, actions, attachment });
  });

  app.get('/reports/:id/cells', {
    schema: { tags: ['reports'], summary: '一份报告的全部单元格', params: IdParams, response: { 200: CellsResponse, ...errorResponses } },
  }, async (request, reply) => {
    const id = request.params.id;
    if (!(await reportRecord(app.db, id))) throw notFound(`没有编号为 ${id} 的报告。`);
    const byKey = new Map((await reportCells(app.db, id)).map((c) => [c.key, c]));
    const rows = CELLS.filter((d) => byKey.has(d.key)).map((d) => ({
      ...toCellView(byKey.get(d.key)!), sectionLabel: d.sectionLabel, rowLabel: d.rowLabel, columnLabel: d.columnLabel,
    }));
    if (wantsCsv(request)) {
      return reply.csv(`报告${id}_单元格`, [
        { header: '表', value: (r: (typeof rows)[number]) => r.sectionLabel }, { header: '行', value: (r) => r.rowLabel }, { header: '列', value: (r) => r.columnLabel },
        { header: '键', value: (r) => r.key }, { header: '原值', value: (r) => r.parsed }, { header: '现行值', value: (r) => r.value },
        { header: '已更正', value: (r) => r.corrected }, { header: '待核对原因', value: (r) => r.review }, { header: '原文行号', value: (r) => r.line },
      ], rows);
    }
    return { rows, total: rows.length, limit: rows.length, offset: 0 };
  });

  app.get('/reports/:id/original', {
    schema: { tags: ['reports'], summary: '下载原始文件', params: IdParams, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the original bytes' }), ...errorResponses } },
  }, async (request, reply) => {
    const doc = await documentOfReport(app.db, request.params.id);
    if (!doc) throw notFound(`没有编号为 ${request.params.id} 的报告。`);
    return reply.header('content-type', contentTypeOf(doc.format, doc.extraction))
      .header('content-disposition', attachment(doc.file_name))
      .header('x-content-type-options', 'nosniff')
      .send(doc.content);
  });

  app.get('/reports/:id/attachment', {
    schema: { tags: ['reports'], summary: '下载手工录入时附上的扫描件', params: IdParams, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the attached bytes' }), ...errorResponses } },
  }, async (request, reply) => {
    const file = await attachmentFile(app.db, request.params.id);
    if (!file) throw notFound(`编号为 ${request.params.id} 的报告没有附扫描件。`);
    return reply.header('content-type', contentTypeOf(file.format, ''))
      .header('content-disposition', attachment(safeFileName(file.fileName)))
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  });

  app.get('/reports/:id/corrections', {
    schema: { tags: ['reports'], summary: '更正记录', params: IdParams, querystring: CorrectionsQuery, response: { 200: CorrectionsResponse, ...errorResponses } },
  }, async (request, reply) => {
    const id = request.params.id;
    if (!(await reportRecord(app.db, id))) throw notFound(`没有编号为 ${id} 的报告。`);
    const rows = await listCorrections(app.db, id, request.query.key);
    if (wantsCsv(request)) return reply.csv(`报告${id}_更正记录`, CORRECTION_CSV, rows);
    return { rows, total: rows.length, limit: rows.length, offset: 0 };
  });

  app.post('/reports/:id/corrections', {
    preHandler: app.requireAdmin,
    schema: {
      tags: ['reports'], summary: '更正一个单元格（管理员）', security: [{ admin: [] }], params: IdParams, body: CorrectionBody,
      response: { 200: CorrectionResult, ...errorResponses },
    },
  }, async (request) => {
    const id = request.params.id;
    const { key, value, reason } = request.body;
    const author = request.body.author?.trim() || '管理员';
    if (!cellDef(key)) throw badRequest(`请求内容“key”无效：“${key}”不是模板中的单元格。`);
    if (!reason.trim()) throw badRequest('请求内容“reason”无效：请填写更正理由。');
    const found = await reportRecord(app.db, id);
    if (!found) throw notFound(`没有编号为 ${id} 的报告。`);
    if (found.deleted_at) throw badRequest(`报告 ${id} 已删除，不能更正；请先恢复。`);
    const [correctionId] = await correctReport(app.db, id, [{ key, value, reason: reason.trim(), author }]);
    const [cells, corrections, flags, after] = await Promise.all([
      reportCells(app.db, id), listCorrections(app.db, id, key), listFlags(app.db, { reportId: id, limit: 1000 }), reportRecord(app.db, id),
    ]);
    const cell = cells.find((c) => c.key === key)!;
    return { cell: toCellView(cell), correction: corrections.find((c) => c.id === correctionId)!, flags: flags.rows, status: after!.status };
  });

  /** The report in force that corrections and decisions can be carried over to. */
  const carryTarget = async (id: number) => {
    const r = await reportRecord(app.db, id);
    if (!r) throw notFound(`没有编号为 ${id} 的报告。`);
    if (r.deleted_at) throw badRequest(`报告 ${id} 已删除，不能沿用更正；请先恢复。`);
    if (r.current !== 1) throw badRequest(`报告 ${id} 不是现行版本，只能沿用到现行版本。`);
    return { id, organ_id: r.organ_id, year: r.year };
  };

  app.get('/reports/:id/carry-over', {
    schema: {
      tags: ['reports'], summary: '上一版本的更正和核查结论：哪些可以沿用到本版本', params: IdParams, response: { 200: CarryOverResult, ...errorResponses },
    },
  }, async (request) => carryOver(app.db, await carryTarget(request.params.id), {}, false));

  app.post('/reports/:id/carry-over', {
    preHandler: app.requireAdmin,
    // No body at all carries everything, as `{}` does.
    preValidation: async (request) => { request.body ??= {}; },
    schema: {
      tags: ['reports'], summary: '把上一版本的更正和核查结论沿用到本版本（管理员）', security: [{ admin: [] }], params: IdParams, body: CarryOverBody,
      response: { 200: CarryOverResult, ...errorResponses },
    },
  }, async (request) => {
    const body = request.body;
    for (const key of body.corrections ?? []) if (!cellDef(key)) throw badRequest(`请求内容“corrections”无效：“${key}”不是模板中的单元格。`);
    for (const rule of body.decisions ?? []) if (!isRuleId(rule)) throw badRequest(`请求内容“decisions”无效：没有“${rule}”这条规则，规则列表见 /api/rules。`);
    const target = await carryTarget(request.params.id);
    const result = await carryOver(app.db, target, body, true);
    request.log.info({ reportId: target.id, from: result.fromReportId, corrections: result.carried.corrections.length, decisions: result.carried.decisions.length }, 'carried over');
    return result;
  });

  /** A version action's answer, or its error as the API says it. */
  const versionAction = async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (e) {
      if (e instanceof VersionError) throw refused(e);
      throw e;
    }
  };

  app.delete('/reports/:id', {
    preHandler: app.requireAdmin,
    schema: { tags: ['reports'], summary: '删除（隐藏）报告，理由记入历史；删除现行版本时上一版本恢复为现行（管理员）', security: [{ admin: [] }], params: IdParams, querystring: DeleteQuery, response: { 200: DeleteResult, ...errorResponses } },
  }, async (request) => {
    const id = request.params.id;
    const result = await versionAction(() => deleteVersion(app.db, id, actionBy(request.query, false)));
    request.log.info({ reportId: id, reason: request.query.reason ?? null, reinstated: result.reinstated }, 'report deleted');
    return result;
  });

  app.post('/reports/:id/restore', {
    preHandler: app.requireAdmin,
    // No body at all restores without a reason, as before.
    preValidation: async (request) => { request.body ??= {}; },
    schema: {
      tags: ['reports'], summary: '恢复已删除的报告；删除时为现行版本的，重新成为现行版本（管理员）', security: [{ admin: [] }], params: IdParams, body: VersionActionBody,
      response: { 200: DeleteResult, ...errorResponses },
    },
  }, async (request) => versionAction(() => undeleteVersion(app.db, request.params.id, actionBy(request.body, false))));

  app.post('/reports/:id/make-current', {
    preHandler: app.requireAdmin,
    schema: {
      tags: ['reports'], summary: '把较早的版本恢复为现行版本（管理员，须填理由）', security: [{ admin: [] }], params: IdParams, body: VersionActionBody,
      response: { 200: MadeCurrentResult, ...errorResponses },
    },
  }, async (request) => {
    const id = request.params.id;
    const result = await versionAction(() => makeVersionCurrent(app.db, id, actionBy(request.body, true)));
    request.log.info({ reportId: id, replaced: result.replaced }, 'version made current');
    return result;
  });

  app.post('/reports/:id/move', {
    preHandler: app.requireAdmin,
    schema: {
      tags: ['reports'], summary: '把报告（连同本单位本年度的各版本）移到另一县区（管理员，须填理由）', security: [{ admin: [] }], params: IdParams, body: MoveBody,
      response: { 200: MoveResult, ...errorResponses },
    },
  }, async (request) => {
    const id = request.params.id;
    const result = await versionAction(() => moveVersion(app.db, id, request.body.county, actionBy(request.body, true)));
    request.log.info({ reportId: id, county: result.countyId, moved: result.ids }, 'report moved');
    return result;
  });

  app.post('/reports/:id/move-organ', {
    preHandler: app.requireAdmin,
    schema: {
      tags: ['reports'], summary: '把报告移到本县区的另一单位（管理员，须填理由）', security: [{ admin: [] }], params: IdParams, body: MoveOrganBody,
      response: { 200: MoveOrganResult, ...errorResponses },
    },
  }, async (request) => {
    const id = request.params.id;
    const result = await versionAction(() => moveToOrgan(app.db, id, request.body.organ, actionBy(request.body, true)));
    request.log.info({ reportId: id, from: result.fromOrganId, to: result.organId, inForce: result.inForce, reinstated: result.reinstated }, 'report moved to organ');
    return result;
  });
};

export default reportRoutes;
