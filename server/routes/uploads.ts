/**
 * Uploads: multipart, many files (and .zip archives) at once, each through the same ingest code
 * as the CLI, each in its own transaction, answered file by file. Every file's answer is also
 * kept in the upload log (who, when, which file, what became of it), read back at /uploads/log.
 */
import type { Multipart } from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addToTally, emptyTally, ingestItems } from '../ingest/batch.ts';
import type { IngestResult } from '../ingest/ingest.ts';
import { uploadedItems } from '../ingest/inputs.ts';
import type { InputItem } from '../ingest/inputs.ts';
import { DEFAULT_LIMITS, megabytes } from '../ingest/limits.ts';
import { ApiError, badRequest } from '../plugins/errors.ts';
import { errorResponses } from '../schemas/common.ts';
import { UploadLogQuery, UploadLogResponse, UploadResponse, UploadTooLarge } from '../schemas/uploads.ts';
import { insertUploadLog, listUploadLog } from '../repositories/upload-log.repository.ts';
import type { UploadLogRow } from '../repositories/upload-log.repository.ts';
import type { CsvColumn } from '../csv.ts';
import { pageOf } from '../plugins/csv.ts';
import { UPLOAD_OUTCOME_LABEL } from '../../shared/enums.ts';

/** Who sent the files: the form's author field (经办人), else 管理员. */
const authorOf = (given: string | undefined) => given?.trim().slice(0, 50) || '管理员';

const LOG_CSV: readonly CsvColumn<UploadLogRow>[] = [
  { header: '时间（UTC）', value: (r) => r.created_at },
  { header: '方式', value: (r) => (r.via === 'manual' ? '手工录入' : '上传') },
  { header: '经办人', value: (r) => r.author },
  { header: '来源地址', value: (r) => r.client },
  { header: '文件', value: (r) => r.file_name },
  { header: '结果', value: (r) => UPLOAD_OUTCOME_LABEL[r.outcome] },
  { header: '说明', value: (r) => r.reason },
  { header: '县区', value: (r) => r.county },
  { header: '机关', value: (r) => r.organ },
  { header: '年度', value: (r) => r.year },
  { header: '报告编号', value: (r) => r.report_id },
];

const uploadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limits = { ...DEFAULT_LIMITS, maxFileBytes: app.limits.maxFileBytes };

  app.post('/uploads', {
    preHandler: app.requireAdmin,
    schema: {
      tags: ['uploads'], summary: '上传报告文件（可多个，可为 ZIP）（管理员）', security: [{ admin: [] }], consumes: ['multipart/form-data'],
      description: `multipart/form-data：可选字段 county（县区名，放在文件之前），然后是一个或多个文件。每个文件不超过 ${megabytes(app.limits.maxFileBytes)}，一次最多 ${app.limits.maxFiles} 个。`,
      response: { ...errorResponses, 200: UploadResponse, 413: UploadTooLarge },
    },
  }, async (request) => {
    if (!request.isMultipart()) throw badRequest('请用 multipart/form-data 上传文件（表单字段 files）。');
    const results: IngestResult[] = [];
    // The form's files, as the ingest reads them (a .zip is walked like one on disk); the county
    // field applies to the files after it. A multipart error ends the files; it is answered below.
    let stopped: unknown = null;
    let author: string | undefined;
    async function* files(parts: AsyncIterable<Multipart>): AsyncGenerator<InputItem & { county?: string | undefined }> {
      let county: string | undefined;
      try {
        for await (const part of parts) {
          if (part.type === 'field') {
            if (part.fieldname === 'county' && typeof part.value === 'string' && part.value.trim()) county = part.value.trim();
            if (part.fieldname === 'author' && typeof part.value === 'string') author = part.value;
            continue;
          }
          const fileName = part.filename || '未命名文件';
          const bytes = await part.toBuffer();
          for await (const item of uploadedItems(fileName, bytes, limits)) yield { ...item, county };
        }
      } catch (e) {
        stopped = e;
      }
    }
    // Each file in its own transaction, as the API promises (batchFiles 1), in the order sent.
    try {
      for await (const r of ingestItems(app.db, files(request.parts()), { via: 'upload', limits, batchFiles: 1 })) results.push(r);
    } finally {
      await insertUploadLog(app.db, results.map((r) => ({
        via: 'upload' as const, author: authorOf(author), client: request.ip, file_name: r.file, outcome: r.outcome, reason: r.reason,
        report_id: r.reportId, organ: r.organ, county: r.county, year: r.year,
      })));
    }
    if (stopped) {
      const code = (stopped as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
        const tooMany = code !== 'FST_REQ_FILE_TOO_LARGE';
        const message = tooMany
          ? `一次最多上传 ${app.limits.maxFiles} 个文件，超出的文件没有导入。请分批上传。`
          : `有文件超过了单个文件 ${megabytes(app.limits.maxFileBytes)} 的上限，它和它之后的文件没有导入。年度报告通常不到 5 MB，请确认文件是否正确。`;
        // The files before it were ingested (each in its own transaction): say which.
        throw new ApiError(413, tooMany ? 'too_many_files' : 'file_too_large', message, { results });
      }
      throw stopped;
    }
    if (results.length === 0) throw badRequest('请求内容“files”无效：没有收到任何文件。');
    const tally = emptyTally();
    for (const r of results) addToTally(tally, r);
    const { failures: _f, unknownCounty: _u, ...counts } = tally;
    return { results, tally: counts };
  });

  app.get('/uploads/log', {
    schema: {
      tags: ['uploads'], summary: '导入记录：每个上传或手工录入的文件，谁、何时、结果如何（最新的在前）',
      querystring: UploadLogQuery, response: { 200: UploadLogResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const page = pageOf(request, request.query);
    const { rows, total } = await listUploadLog(app.db, { outcome: request.query.outcome, limit: page.limit, offset: page.offset });
    if (page.csv) return reply.csv('导入记录', LOG_CSV, rows);
    return {
      rows: rows.map((r) => ({
        id: r.id, at: r.created_at, via: r.via, author: r.author, client: r.client, file: r.file_name, outcome: r.outcome, reason: r.reason,
        reportId: r.report_id, organ: r.organ, county: r.county, year: r.year,
      })),
      total, limit: page.limit, offset: page.offset,
    };
  });
};

export default uploadRoutes;
