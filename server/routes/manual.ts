/** 手工录入: store a report typed in the template's layout (see server/ingest/manual.ts). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ManualEntryError, storeManualReport } from '../ingest/manual.ts';
import { badRequest } from '../plugins/errors.ts';
import { Nullable, NullableInt, NullableString, StringEnum, Type, Year, errorResponses } from '../schemas/common.ts';
import { CELLS, emptyTables, setCell } from '../../shared/template.ts';

const KEYS = new Set(CELLS.map((c) => c.key));
// `nullable`, not a union with null: with coerceTypes, ajv would turn a null into 0 or ''.
const Text = Type.Optional(Nullable(Type.String({ maxLength: 20_000 })));
const ManualBody = Type.Object({
  organ: Type.String({ minLength: 1, maxLength: 100 }),
  county: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  year: Year,
  published: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }))),
  /** Cell key → number (≥ 0) or null (blank); keys not given are blank. */
  cells: Type.Record(Type.String({ maxLength: 100 }), Nullable(Type.Number({ minimum: 0, maximum: 1e12 }))),
  narrative: Type.Optional(Type.Object({ overview: Text, problems: Text, other: Text })),
});
const ManualResult = Type.Object({
  outcome: StringEnum(['ingested', 'unchanged', 'replaced'] as const), reportId: NullableInt, organ: NullableString, county: NullableString, year: NullableInt,
});

const manualRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/reports/manual', {
    preHandler: app.requireAdmin,
    schema: { tags: ['reports'], summary: '手工录入一份报告（管理员）', security: [{ admin: [] }], body: ManualBody, response: { 200: ManualResult, ...errorResponses } },
  }, async (request) => {
    const b = request.body;
    const unknown = Object.keys(b.cells).filter((k) => !KEYS.has(k));
    if (unknown.length) throw badRequest(`没有这些单元格：${unknown.slice(0, 5).join('、')}。`);
    const tables = emptyTables();
    for (const c of CELLS) setCell(tables, c, b.cells[c.key] ?? null);
    try {
      const r = await storeManualReport(app.db, { organ: b.organ, county: b.county, year: b.year, published: b.published ?? null, tables, narrative: b.narrative });
      return { outcome: r.outcome, reportId: r.reportId, organ: r.organ, county: r.county, year: r.year };
    } catch (e) {
      if (e instanceof ManualEntryError) throw badRequest(e.message);
      throw e;
    }
  });
};

export default manualRoutes;
