/** Flags (through server/checks), their summary, decisions, and report coverage for a year. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isRuleId, ruleTitle } from '../checks/registry.ts';
import { FlagDecisionError, listFlags } from '../flags/review.ts';
import { recordDecision } from '../flags/write.ts';
import type { FlagView as View } from '../flags/review.ts';
import { summarizeFlags } from '../flags/summary.ts';
import type { CsvColumn } from '../csv.ts';
import { pageOf, wantsCsv } from '../plugins/csv.ts';
import { badRequest, refused } from '../plugins/errors.ts';
import { coverage } from '../repositories/coverage.repository.ts';
import type { CoverageRow } from '../repositories/coverage.repository.ts';
import { IdParams, errorResponses } from '../schemas/common.ts';
import { COVERAGE_LABEL, FLAG_STATE_LABEL, SEVERITY_LABEL } from '../../shared/enums.ts';
import type { Severity } from '../../shared/enums.ts';
import {
  CoverageQuery, CoverageResponse, DecisionBody, FlagSummaryQuery, FlagSummaryResponse, FlagView, FlagsQuery, FlagsResponse,
} from '../schemas/flags.ts';
import { fileName, requireScope } from './scope.ts';


const FLAG_CSV: CsvColumn<View>[] = [
  { header: '编号', value: (f) => f.id }, { header: '县区', value: (f) => f.county }, { header: '单位', value: (f) => f.organ },
  { header: '年度', value: (f) => f.year }, { header: '规则', value: (f) => f.title }, { header: '规则编号', value: (f) => f.rule },
  { header: '级别', value: (f) => SEVERITY_LABEL[f.severity as Severity] ?? f.severity }, { header: '说明', value: (f) => f.message },
  { header: '审核状态', value: (f) => FLAG_STATE_LABEL[f.state] }, { header: '审核理由', value: (f) => f.decision?.reason },
  { header: '审核人', value: (f) => f.decision?.author }, { header: '报告编号', value: (f) => f.reportId },
];
const COVERAGE_CSV: CsvColumn<CoverageRow>[] = [
  { header: '县区', value: (r) => r.county }, { header: '单位', value: (r) => r.organ }, { header: '在名录中', value: (r) => r.inRegistry },
  { header: '报送情况', value: (r) => COVERAGE_LABEL[r.status] }, { header: '发布日期', value: (r) => r.published }, { header: '报告编号', value: (r) => r.reportId },
];

const flagRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/flags', {
    schema: { tags: ['flags'], summary: '核查提示', querystring: FlagsQuery, response: { 200: FlagsResponse, ...errorResponses } },
  }, async (request, reply) => {
    const q = request.query;
    await requireScope(app.db, q);
    if (q.rule && !isRuleId(q.rule)) throw badRequest(`参数 rule：没有“${q.rule}”这条规则，规则列表见 /api/rules。`);
    const { csv, limit, offset } = pageOf(request, q);
    const { rows, total } = await listFlags(app.db, {
      ...(q.rule ? { rule: q.rule } : {}), ...(q.severity ? { severity: q.severity } : {}), ...(q.state ? { state: q.state } : {}),
      ...(q.county !== undefined ? { countyId: q.county } : {}), ...(q.organ !== undefined ? { organId: q.organ } : {}),
      ...(q.year !== undefined ? { year: q.year } : {}), ...(q.report !== undefined ? { reportId: q.report } : {}),
      limit, offset,
    });
    if (csv) {
      const name = await fileName(app.db, q, '核查提示', q.rule ? ruleTitle(q.rule) : null, q.severity ? SEVERITY_LABEL[q.severity] : null, q.state ? FLAG_STATE_LABEL[q.state] : null);
      return reply.csv(name, FLAG_CSV, rows);
    }
    return { rows, total, limit, offset };
  });

  app.get('/flags/summary', {
    schema: { tags: ['flags'], summary: '提示按规则、单位和单位×规则统计', querystring: FlagSummaryQuery, response: { 200: FlagSummaryResponse, ...errorResponses } },
  }, async (request, reply) => {
    const q = request.query;
    await requireScope(app.db, q);
    const result = await summarizeFlags(app.db, { year: q.year, countyId: q.county, state: q.state });
    if (wantsCsv(request)) {
      return reply.csv(await fileName(app.db, q, '提示统计', q.state ? FLAG_STATE_LABEL[q.state] : null), [
        { header: '单位', value: (m: (typeof result.matrix)[number]) => m.organ }, { header: '规则', value: (m) => ruleTitle(m.rule) },
        { header: '规则编号', value: (m) => m.rule }, { header: '提示数', value: (m) => m.count },
      ], result.matrix);
    }
    return result;
  });

  app.post('/flags/:id/decision', {
    preHandler: app.requireAdmin,
    schema: { tags: ['flags'], summary: '确认或排除一条提示（管理员）', security: [{ admin: [] }], params: IdParams, body: DecisionBody, response: { 200: FlagView, ...errorResponses } },
  }, async (request) => {
    try {
      return await recordDecision(app.db, request.params.id, request.body);
    } catch (e) {
      if (e instanceof FlagDecisionError) throw refused(e);
      throw e;
    }
  });

  // The same handler twice, registered in a loop so the type provider types each one.
  for (const [url, onlyMissing, summary] of [
    ['/coverage', false, '某年各单位报送情况（按时、逾期、未报送）'], ['/missing', true, '某年未报送年度报告的单位'],
  ] as const) {
    app.get(url, {
      schema: { tags: ['flags'], summary, querystring: CoverageQuery, response: { 200: CoverageResponse, ...errorResponses } },
    }, async (request, reply) => {
      const q = request.query;
      await requireScope(app.db, q);
      const rows = (await coverage(app.db, q.year, q.county)).filter((r) => !onlyMissing || r.status === 'missing');
      if (q.format === 'csv') return reply.csv(await fileName(app.db, q, onlyMissing ? '未报送单位' : '报送情况'), COVERAGE_CSV, rows);
      return { rows, total: rows.length, limit: rows.length, offset: 0 };
    });
  }
};

export default flagRoutes;
