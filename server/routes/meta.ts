/** What the dashboard needs before anything else: counts, years, the template and the rules. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { METRICS, SUMMARY_METRICS } from '../../shared/metrics.ts';
import { RULES } from '../checks/index.ts';
import { RULE_FAMILY_LABEL, RULE_SCOPE_LABEL } from '../checks/registry.ts';
import type { RuleScope } from '../checks/registry.ts';
import {
  ACTIVE_FIELD_LABELS, ACTIVE_ITEMS, APPEAL_COLUMNS, APPEAL_GROUPS, CELLS, REQUEST_COLUMNS, REQUEST_ROWS, SECTIONS, TEMPLATE_ID,
} from '../../shared/template.ts';
import { allYears } from '../repositories/aggregates.repository.ts';
import { totals } from '../repositories/search.repository.ts';
import { errorResponses } from '../schemas/common.ts';
import { SEVERITY_LABEL } from '../../shared/enums.ts';
import type { Severity } from '../../shared/enums.ts';
import type { CsvColumn } from '../csv.ts';
import { wantsCsv } from '../plugins/csv.ts';
import { MetaResponse, RulesQuery, RulesResponse, TemplateResponse } from '../schemas/meta.ts';

const RULE_CSV: readonly CsvColumn<{ id: string; title: string; severity: Severity; family: string; scope: RuleScope }>[] = [
  { header: '规则编号', value: (r) => r.id },
  { header: '规则', value: (r) => r.title },
  { header: '级别', value: (r) => SEVERITY_LABEL[r.severity] },
  { header: '类别', value: (r) => RULE_FAMILY_LABEL[r.family] ?? r.family },
  { header: '范围', value: (r) => RULE_SCOPE_LABEL[r.scope] },
];

const metaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/meta', { schema: { tags: ['meta'], summary: '数据库概况', response: { 200: MetaResponse, ...errorResponses } } }, async () => {
    const [t, years] = await Promise.all([totals(app.db), allYears(app.db)]);
    return { templateId: TEMPLATE_ID, ...t, years, latestYear: years[years.length - 1] ?? null, empty: t.reports === 0 };
  });

  app.get('/template', { schema: { tags: ['meta'], summary: '报告模板：表格、单元格和指标', response: { 200: TemplateResponse, ...errorResponses } } }, async () => ({
    templateId: TEMPLATE_ID,
    sections: SECTIONS.map((s) => ({ ...s })),
    activeItems: ACTIVE_ITEMS.map((i) => ({ ...i, fields: [...i.fields] })),
    activeFieldLabels: { ...ACTIVE_FIELD_LABELS },
    requestRows: REQUEST_ROWS.map((r) => ({ ...r })),
    requestColumns: REQUEST_COLUMNS.map((c) => ({ ...c })),
    appealGroups: APPEAL_GROUPS.map((g) => ({ ...g })),
    appealColumns: APPEAL_COLUMNS.map((c) => ({ ...c })),
    cells: CELLS.map((c) => ({ ...c })),
    metrics: METRICS.map((m) => ({ id: m.id, label: m.label, unit: m.unit, kind: m.kind })),
    summaryMetrics: [...SUMMARY_METRICS],
  }));

  app.get('/rules', {
    schema: { tags: ['meta'], summary: '核查规则', querystring: RulesQuery, response: { 200: RulesResponse, ...errorResponses } },
  }, async (request, reply) => {
    const rows = Object.entries(RULES).map(([id, r]) => ({ id, title: r.title, severity: r.severity, family: r.family, scope: r.scope }));
    if (wantsCsv(request)) return reply.csv('核查规则', RULE_CSV, rows);
    return { rows };
  });
};

export default metaRoutes;
