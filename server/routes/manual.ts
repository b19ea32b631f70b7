/**
 * 手工录入: store a report typed in the template's layout (see server/ingest/manual.ts), with
 * the scanned file attached if the clerk has one: JSON, the file as base64 (`attachment`), so
 * callers that send no file are unchanged. The route's body limit follows the per-file limit.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AttachmentTooLargeError, ManualEntryError, storeManualReport } from '../ingest/manual.ts';
import { ApiError, badRequest } from '../plugins/errors.ts';
import { insertUploadLog } from '../repositories/upload-log.repository.ts';
import type { NewUploadLogRow } from '../repositories/upload-log.repository.ts';
import { Nullable, NullableInt, NullableString, StringEnum, Type, Year, errorResponses } from '../schemas/common.ts';
import { CELLS, emptyTables, setCell } from '../../shared/template.ts';
import { authorOf } from './scope.ts';

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
  /** Who typed it in (经办人), for the upload log; default 管理员. */
  author: Type.Optional(Type.String({ maxLength: 50 })),
  /** The scanned file (PDF, image, Word), kept beside the report byte for byte; never read into numbers. */
  attachment: Type.Optional(Type.Object({
    fileName: Type.String({ minLength: 1, maxLength: 255 }),
    base64: Type.String({ description: 'the file, base64 (standard alphabet, padded)' }),
  }, { additionalProperties: false })),
});
const ManualResult = Type.Object({
  outcome: StringEnum(['ingested', 'unchanged', 'replaced'] as const), reportId: NullableInt, organ: NullableString, county: NullableString, year: NullableInt,
  attached: Type.Boolean({ description: 'a scanned file was linked to the report by this request' }),
});

/** The file of a base64 string, or null when it is not base64 (Buffer.from would skip what it cannot read). */
function fromBase64(s: string): Buffer | null {
  const text = s.replace(/\s+/g, '');
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  return Buffer.from(text, 'base64');
}

const manualRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const maxFileBytes = app.limits.maxFileBytes;
  app.post('/reports/manual', {
    preHandler: app.requireAdmin,
    // The attachment in base64 (4 characters per 3 bytes), plus room for the typed report itself.
    bodyLimit: Math.ceil(maxFileBytes / 3) * 4 + 1024 * 1024,
    schema: { tags: ['reports'], summary: '手工录入一份报告（管理员）', security: [{ admin: [] }], body: ManualBody, response: { 200: ManualResult, ...errorResponses } },
  }, async (request) => {
    const b = request.body;
    const unknown = Object.keys(b.cells).filter((k) => !KEYS.has(k));
    if (unknown.length) throw badRequest(`没有这些单元格：${unknown.slice(0, 5).join('、')}。`);
    const tables = emptyTables();
    for (const c of CELLS) setCell(tables, c, b.cells[c.key] ?? null);
    // The upload log keeps hand entries beside uploads: who, when, what became of it.
    const log = (row: Pick<NewUploadLogRow, 'outcome' | 'reason' | 'report_id' | 'organ' | 'county' | 'year'>) => insertUploadLog(app.db, [{
      via: 'manual', author: authorOf(b.author), client: request.ip, file_name: `手工录入：${b.organ} ${b.year}年`, ...row,
    }]);
    try {
      let attachment: { fileName: string; bytes: Buffer } | undefined;
      if (b.attachment) {
        const bytes = fromBase64(b.attachment.base64);
        if (!bytes) throw new ManualEntryError('扫描件的内容不是有效的 base64，未保存。');
        attachment = { fileName: b.attachment.fileName, bytes };
      }
      const r = await storeManualReport(app.db, {
        organ: b.organ, county: b.county, year: b.year, published: b.published ?? null, tables, narrative: b.narrative, attachment,
      }, { maxAttachmentBytes: maxFileBytes });
      await log({ outcome: r.outcome, reason: null, report_id: r.reportId, organ: r.organ, county: r.county, year: r.year });
      return { outcome: r.outcome, reportId: r.reportId, organ: r.organ, county: r.county, year: r.year, attached: r.attached };
    } catch (e) {
      if (e instanceof ManualEntryError) {
        await log({ outcome: 'failed', reason: e.message, report_id: null, organ: null, county: b.county ?? null, year: b.year });
        if (e instanceof AttachmentTooLargeError) throw new ApiError(413, 'file_too_large', e.message);
        throw badRequest(e.message);
      }
      throw e;
    }
  });
};

export default manualRoutes;
