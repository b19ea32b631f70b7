/**
 * Uploads: multipart, many files (and .zip archives) at once, each through the same ingest code
 * as the CLI, each in its own transaction, answered file by file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addToTally, emptyTally } from '../ingest/batch.ts';
import { failedResult, ingestBuffer } from '../ingest/ingest.ts';
import type { IngestResult } from '../ingest/ingest.ts';
import { walkInputs } from '../ingest/inputs.ts';
import { DEFAULT_LIMITS, megabytes } from '../ingest/limits.ts';
import { prepareOffThread } from '../ingest/prepare.ts';
import { ApiError, badRequest } from '../plugins/errors.ts';
import { errorResponses } from '../schemas/common.ts';
import { UploadResponse, UploadTooLarge } from '../schemas/uploads.ts';

const uploadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limits = { ...DEFAULT_LIMITS, maxFileBytes: app.limits.maxFileBytes };

  /** A zip goes through the ingest's own archive walker (limits, nested archives, GBK names). */
  async function ingestZip(fileName: string, bytes: Buffer, county: string | undefined): Promise<IngestResult[]> {
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-upload-'));
    try {
      const path = join(dir, 'upload.zip');
      await writeFile(path, bytes);
      const out: IngestResult[] = [];
      for await (const item of walkInputs([path], limits)) {
        const label = item.label.replace(path, fileName);
        if (item.kind === 'error') out.push(failedResult(label, item.reason.replaceAll(path, fileName).replaceAll('upload.zip', fileName)));
        else out.push(await ingestBuffer(app.db, { fileName: item.fileName, label, bytes: item.bytes, via: 'upload', county, maxBytes: limits.maxFileBytes, prepare: prepareOffThread }));
      }
      return out;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

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
    let county: string | undefined;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === 'county' && typeof part.value === 'string' && part.value.trim()) county = part.value.trim();
          continue;
        }
        const fileName = part.filename || '未命名文件';
        const bytes = await part.toBuffer();
        if (extname(fileName).toLowerCase() === '.zip') results.push(...await ingestZip(fileName, bytes, county));
        else results.push(await ingestBuffer(app.db, { fileName, bytes, via: 'upload', county, maxBytes: limits.maxFileBytes, prepare: prepareOffThread }));
      }
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
        const tooMany = code !== 'FST_REQ_FILE_TOO_LARGE';
        const message = tooMany
          ? `一次最多上传 ${app.limits.maxFiles} 个文件，超出的文件没有导入。请分批上传。`
          : `有文件超过了单个文件 ${megabytes(app.limits.maxFileBytes)} 的上限，它和它之后的文件没有导入。年度报告通常不到 5 MB，请确认文件是否正确。`;
        // The files before it were ingested (each in its own transaction): say which.
        throw new ApiError(413, tooMany ? 'too_many_files' : 'file_too_large', message, { results });
      }
      throw e;
    }
    if (results.length === 0) throw badRequest('请求内容“files”无效：没有收到任何文件。');
    const tally = emptyTally();
    for (const r of results) addToTally(tally, r);
    const { failures: _f, unknownCounty: _u, ...counts } = tally;
    return { results, tally: counts };
  });
};

export default uploadRoutes;
