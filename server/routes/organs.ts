/** Counties, organs (search by part of a name) and the years present. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CsvColumn } from '../csv.ts';
import { badRequest, notFound, refused } from '../plugins/errors.ts';
import { importRegistry, readRegistryCsv } from '../organs/registry.ts';
import { mergeOrgans } from '../versions/merge-organs.ts';
import { VersionError } from '../versions/versions.ts';
import { pageOf, wantsCsv } from '../plugins/csv.ts';
import { yearsPresent } from '../repositories/aggregates.repository.ts';
import { countiesWithStats, organById, searchOrgans } from '../repositories/search.repository.ts';
import type { CountyStats, OrganRow } from '../repositories/search.repository.ts';
import type { ReportStatus } from '../../db/schema.ts';
import { IdParams, errorResponses } from '../schemas/common.ts';
import { ORGAN_KIND_LABEL } from '../../shared/enums.ts';
import {
  CountiesQuery, CountiesResponse, MergeBody, MergeResult, OrganDetail, OrgansQuery, OrgansResponse, RegistryImportResult, YearsQuery, YearsResponse,
} from '../schemas/organs.ts';
import { actionBy, requireScope } from './scope.ts';


const COUNTY_CSV: CsvColumn<CountyStats>[] = [
  { header: '编号', value: (r) => r.id }, { header: '县区', value: (r) => r.name }, { header: '单位数', value: (r) => r.organs },
  { header: '报告数', value: (r) => r.reports }, { header: '年度', value: (r) => r.years.join('、') },
];
const ORGAN_CSV: CsvColumn<OrganRow>[] = [
  { header: '编号', value: (r) => r.id }, { header: '县区', value: (r) => r.county }, { header: '单位', value: (r) => r.name },
  { header: '全称', value: (r) => r.fullName }, { header: '类别', value: (r) => ORGAN_KIND_LABEL[r.kind] },
  { header: '在名录中', value: (r) => r.inRegistry }, { header: '别名', value: (r) => r.aliases.join('、') },
  { header: '报告数', value: (r) => r.reports }, { header: '年度', value: (r) => r.years.join('、') },
];

const organRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/organs/:id/merge', {
    preHandler: app.requireAdmin,
    schema: {
      tags: ['organs'], summary: '把本单位并入另一单位（同一机关的两种写法）（管理员，须填理由）', security: [{ admin: [] }], params: IdParams, body: MergeBody,
      response: { 200: MergeResult, ...errorResponses },
    },
  }, async (request) => {
    const by = actionBy(request.body, true);
    try {
      const result = await mergeOrgans(app.db, request.params.id, request.body.into, by);
      request.log.info({ from: request.params.id, ...result }, 'organs merged');
      return result;
    } catch (e) {
      if (e instanceof VersionError) throw refused(e);
      throw e;
    }
  });

  app.post('/organs/registry', {
    preHandler: app.requireAdmin,
    schema: {
      tags: ['organs'], summary: '导入机关名录 CSV（管理员）', security: [{ admin: [] }], consumes: ['multipart/form-data'],
      description: 'multipart/form-data：一个 CSV 文件，列为 县区,机关名称,类型,别名（多个别名用分号隔开）；UTF-8 或 GBK。与命令行 npm run organs -- import 相同。',
      response: { 200: RegistryImportResult, ...errorResponses },
    },
  }, async (request) => {
    if (!request.isMultipart()) throw badRequest('请用 multipart/form-data 上传名录 CSV 文件。');
    const file = await request.file();
    if (!file) throw badRequest('请选择名录 CSV 文件。');
    const { rows, problems, encoding } = readRegistryCsv(await file.toBuffer());
    if (rows.length === 0) throw badRequest(`文件“${file.filename}”中没有可导入的机关。CSV 列：县区,机关名称,类型,别名。${problems.length ? `（${problems.length} 行有问题，如第 ${problems[0]!.line} 行：${problems[0]!.reason}）` : ''}`);
    const result = await importRegistry(app.db, rows);
    request.log.info({ rows: rows.length, ...result, problems: problems.length }, 'registry imported');
    return { rows: rows.length, ...result, encoding, problems };
  });

  app.get('/counties', {
    schema: { tags: ['reference'], summary: '县区', querystring: CountiesQuery, response: { 200: CountiesResponse, ...errorResponses } },
  }, async (request, reply) => {
    const rows = await countiesWithStats(app.db);
    if (wantsCsv(request)) return reply.csv('县区', COUNTY_CSV, rows);
    return { rows, total: rows.length, limit: rows.length, offset: 0 };
  });

  app.get('/organs', {
    schema: { tags: ['reference'], summary: '单位（可按名称的一部分搜索）', querystring: OrgansQuery, response: { 200: OrgansResponse, ...errorResponses } },
  }, async (request, reply) => {
    const q = request.query;
    await requireScope(app.db, { county: q.county });
    const { csv, limit, offset } = pageOf(request, q);
    const { rows, total } = await searchOrgans(app.db, { q: q.q, countyId: q.county, kind: q.kind, limit, offset });
    if (csv) return reply.csv('单位', ORGAN_CSV, rows);
    return { rows, total, limit, offset };
  });

  app.get('/organs/:id', {
    schema: { tags: ['reference'], summary: '一个单位及其各年报告', params: IdParams, response: { 200: OrganDetail, ...errorResponses } },
  }, async (request) => {
    const organ = await organById(app.db, request.params.id);
    if (!organ) throw notFound(`没有编号为 ${request.params.id} 的单位。`);
    // report.status is a ReportStatus column (db/schema.ts), read back as text.
    return { ...organ, reportList: organ.reportList.map((r) => ({ ...r, status: r.status as ReportStatus })) };
  });

  app.get('/years', {
    schema: { tags: ['reference'], summary: '有报告的年度', querystring: YearsQuery, response: { 200: YearsResponse, ...errorResponses } },
  }, async (request, reply) => {
    const q = request.query;
    await requireScope(app.db, q);
    const rows = await yearsPresent(app.db, { ...(q.county !== undefined ? { countyId: q.county } : {}), ...(q.organ !== undefined ? { organId: q.organ } : {}) });
    if (wantsCsv(request)) {
      return reply.csv('年度', [{ header: '年度', value: (r: (typeof rows)[number]) => r.year }, { header: '报告数', value: (r) => r.reports }, { header: '单位数', value: (r) => r.organs }], rows);
    }
    return { rows, total: rows.length, limit: rows.length, offset: 0 };
  });
};

export default organRoutes;
