/**
 * Uploads: multipart, many files (and .zip archives) at once, each through the same ingest code
 * as the CLI, each in its own transaction, answered file by file. Every file's answer is also
 * kept in the upload log (who, when, which file, what became of it), read back at /uploads/log.
 */
import type { Multipart } from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addToTally, emptyTally, ingestItems } from '../ingest/batch.ts';
import type { IngestResult } from '../ingest/ingest.ts';
import { imageSetItem, setTooLarge, uploadedItems } from '../ingest/inputs.ts';
import { imageSetLabel, type ImageFile } from '../report/readers/image-set.ts';
import type { InputItem } from '../ingest/inputs.ts';
import { DEFAULT_LIMITS, megabytes } from '../ingest/limits.ts';
import { ApiError, badRequest, notFound } from '../plugins/errors.ts';
import { errorResponses } from '../schemas/common.ts';
import {
  UploadJobParams, UploadJobResponse, UploadLogQuery, UploadLogResponse, UploadQueued, UploadResponse, UploadResult as UploadResultSchema, UploadTooLarge,
} from '../schemas/uploads.ts';
import { insertUploadLog, listUploadLog } from '../repositories/upload-log.repository.ts';
import type { UploadLogRow } from '../repositories/upload-log.repository.ts';
import { finishUploadJob, getUploadJob, insertUploadJob, updateUploadJobProgress } from '../repositories/upload-job.repository.ts';
import type { JobProgress as Progress, UploadJobRow } from '../repositories/upload-job.repository.ts';
import type { FastifyInstance } from 'fastify';
import type { Static } from '../schemas/common.ts';
import type { CsvColumn } from '../csv.ts';
import { pageOf } from '../plugins/csv.ts';
import { UPLOAD_OUTCOME_LABEL } from '../../shared/enums.ts';
import { authorOf } from './scope.ts';


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

/** A running job not updated for this long lost its server (a heartbeat is written every minute). */
export const STALE_JOB_MS = 10 * 60_000;
/** At most one progress write per job this often. */
const PROGRESS_EVERY_MS = 1000;
const HEARTBEAT_MS = 60_000;
export const INTERRUPTED = '上传处理中断（服务器可能已重启），请重新上传这些文件。';
/** Values of the form field oneReport that turn it on (a checkbox sends `on`). */
const ONE_REPORT = /^(1|true|on|yes)$/i;

/**
 * An upload's progress: kept in memory while its request waits, written to its job (small
 * autocommit updates, at most one a second, and a heartbeat) once it answered 202.
 */
class JobProgress {
  current: Progress | null = null;
  private id: number | null = null;
  private lastWrite = 0;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private writes: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly app: FastifyInstance) {}

  set(p: Progress): void {
    this.current = p;
    if (this.id === null || this.closed || this.timer) return;
    const wait = Math.max(0, this.lastWrite + PROGRESS_EVERY_MS - Date.now());
    this.timer = setTimeout(() => { this.timer = undefined; this.write(); }, wait);
  }

  async start(): Promise<number> {
    this.id = await insertUploadJob(this.app.db, this.current);
    this.lastWrite = Date.now();
    this.heartbeat = setInterval(() => this.write(), HEARTBEAT_MS);
    this.heartbeat.unref();
    return this.id;
  }

  private write(): void {
    const id = this.id;
    if (id === null || this.closed) return;
    this.lastWrite = Date.now();
    const progress = this.current;
    this.writes = this.writes
      .then(() => (this.closed ? undefined : updateUploadJobProgress(this.app.db, id, progress)))
      .catch((error: unknown) => { this.app.log.warn({ err: error }, 'upload job progress not written'); });
  }

  async finish(state: 'done' | 'failed', answer: unknown): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    await this.writes;
    await finishUploadJob(this.app.db, this.id!, state, answer);
  }
}

type UploadResult = Static<typeof UploadResultSchema>;
type JobError = { code: string; message: string; results?: UploadResult[] };

/** A failed upload's error as its job keeps it: a 4xx as the request would have answered it; anything else, the 500's words. */
function jobError(error: unknown): JobError {
  if (error instanceof ApiError) {
    const results = error.extra.results as UploadResult[] | undefined;
    return { code: error.code, message: error.message, ...(results ? { results } : {}) };
  }
  return { code: 'internal', message: '服务器内部错误，上传未能完成；请重新上传这些文件。如果一直出现，请联系技术人员。' };
}

/** The poll's answer; a running job whose server stopped updating it is failed (`error.code` interrupted). */
export function jobAnswer(row: UploadJobRow, now: number): Static<typeof UploadJobResponse> {
  const stale = row.state === 'running' && now - Date.parse(row.updated_at) > STALE_JOB_MS;
  if (stale) return { id: row.id, state: 'failed', progress: null, answer: null, error: { code: 'interrupted', message: INTERRUPTED } };
  const stored = row.answer ? JSON.parse(row.answer) as Record<string, unknown> : null;
  return {
    id: row.id,
    state: row.state,
    progress: row.state === 'running' && row.progress ? JSON.parse(row.progress) as Progress : null,
    answer: row.state === 'done' ? stored as Static<typeof UploadJobResponse>['answer'] : null,
    error: row.state === 'failed' ? (stored?.error as JobError | undefined) ?? { code: 'internal', message: INTERRUPTED } : null,
  };
}

const uploadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limits = { ...DEFAULT_LIMITS, maxFileBytes: app.limits.maxFileBytes };

  /** Uploads answered 202 and still being read: awaited when the server closes. */
  const background = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...background]);
  });

  app.post('/uploads', {
    preHandler: app.requireAdmin,
    schema: {
      tags: ['uploads'], summary: '上传报告文件（可多个，可为 ZIP）（管理员）', security: [{ admin: [] }], consumes: ['multipart/form-data'],
      description: `multipart/form-data：可选字段 county（县区名，放在文件之前）；可选字段 oneReport=true（放在文件之前）：本次的图片是同一份报告的各页（按文件名排序，合为一份报告、一个原件）；然后是一个或多个文件。每个文件不超过 ${megabytes(app.limits.maxFileBytes)}，一次最多 ${app.limits.maxFiles} 个。`
        + `文件在 ${app.limits.uploadWaitMs / 1000} 秒内读完时回答 200（结果）；否则回答 202 {job, file}，继续在后台导入，用 GET /api/uploads/jobs/{job} 查询进度和结果。`,
      response: { ...errorResponses, 200: UploadResponse, 202: UploadQueued, 413: UploadTooLarge },
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw badRequest('请用 multipart/form-data 上传文件（表单字段 files）。');
    const results: IngestResult[] = [];
    /** Every file's label, in the order sent (the results come in the same order). */
    const labels: string[] = [];
    const progress = new JobProgress(app);
    // The form's files, as the ingest reads them (a .zip is walked like one on disk); the county
    // field applies to the files after it. A multipart error ends the files; it is answered below.
    let stopped: unknown = null;
    let author: string | undefined;
    let received!: () => void;
    /** Settled once the whole request body is read: an answer is never sent before it. */
    const bodyReceived = new Promise<void>((resolve) => { received = resolve; });
    async function* files(parts: AsyncIterable<Multipart>): AsyncGenerator<InputItem & { county?: string | undefined }> {
      let county: string | undefined;
      /** Field oneReport: the request's files are the pages of one report (an image set), gathered here. */
      let pages: ImageFile[] | null = null;
      let pagesSize = 0;
      const take = (item: InputItem) => {
        labels.push(item.label);
        if (labels.length === 1) progress.set({ file: item.label, page: null, pages: null });
        return { ...item, county };
      };
      try {
        for await (const part of parts) {
          if (part.type === 'field') {
            if (part.fieldname === 'county' && typeof part.value === 'string' && part.value.trim()) county = part.value.trim();
            if (part.fieldname === 'author' && typeof part.value === 'string') author = part.value;
            if (part.fieldname === 'oneReport' && typeof part.value === 'string' && ONE_REPORT.test(part.value.trim())) pages ??= [];
            continue;
          }
          const fileName = part.filename || '未命名文件';
          const bytes = await part.toBuffer();
          if (pages) {
            // Past the limit of one report the images are not kept (the set fails below, with its size).
            pagesSize += bytes.length;
            pages.push({ fileName, bytes: pagesSize > limits.maxFileBytes ? Buffer.alloc(0) : bytes });
            continue;
          }
          for await (const item of uploadedItems(fileName, bytes, limits)) yield take(item);
        }
        // One image is a report like any file; two or more are one report, pages in file-name order.
        if (pages?.length === 1) for await (const item of uploadedItems(pages[0]!.fileName, pages[0]!.bytes, limits)) yield take(item);
        else if (pages?.length && pagesSize > limits.maxFileBytes) {
          const label = imageSetLabel(pages.map((p) => p.fileName));
          yield take({ kind: 'error', label, reason: setTooLarge(label, pagesSize, limits.maxFileBytes) });
        } else if (pages?.length) yield take(await imageSetItem(pages, limits));
      } catch (e) {
        stopped = e;
      } finally {
        received();
      }
    }
    const onProgress = (file: string, page: number, pages: number) => progress.set({ file, page, pages });
    // The whole upload, as it always ran: it goes on after a 202 (then its answer goes to the job).
    const work = (async () => {
      // Each file in its own transaction, as the API promises (batchFiles 1), in the order sent.
      try {
        for await (const r of ingestItems(app.db, files(request.parts()), { via: 'upload', limits, batchFiles: 1, onProgress })) {
          results.push(r);
          const next = labels[results.length];
          if (next !== undefined && progress.current?.file === r.file) progress.set({ file: next, page: null, pages: null });
        }
      } finally {
        await insertUploadLog(app.db, results.map((r) => ({
          via: 'upload' as const, author: authorOf(author?.trim().slice(0, 50)), client: request.ip, file_name: r.file, outcome: r.outcome, reason: r.reason,
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
    })();
    let settled = false;
    const ended = work.then(() => { settled = true; }, () => { settled = true; });

    // Up to uploadWaitMs for the answer, and in any case until the request's body is all read.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ended, new Promise((resolve) => { timer = setTimeout(resolve, app.limits.uploadWaitMs); })]);
    clearTimeout(timer);
    if (!settled) await Promise.race([ended, bodyReceived]);
    if (settled) return work;

    // Still reading (a scan, by OCR, takes seconds a page): answer 202 and let the page poll the job.
    const file = progress.current?.file ?? labels[results.length] ?? labels.at(-1) ?? '未命名文件';
    const job = await progress.start();
    const finished = work.then(
      (answer) => progress.finish('done', answer),
      (error: unknown) => {
        if (!(error instanceof ApiError)) request.log.error({ err: error }, 'upload job failed');
        return progress.finish('failed', { error: jobError(error) });
      },
    ).catch((error: unknown) => { request.log.error({ err: error }, 'upload job could not be finished'); });
    background.add(finished);
    void finished.then(() => background.delete(finished));
    return reply.code(202).send({ job, file });
  });

  // A read (not counted against the write limit: a page polls once a second), with the token checked.
  app.get('/uploads/jobs/:id', {
    preHandler: async (request) => app.requireAdmin(request),
    schema: {
      tags: ['uploads'], summary: '上传任务的进度和结果（管理员）', security: [{ admin: [] }],
      description: 'POST /api/uploads 回答 202 时的任务：state running（progress：正在读取的文件，扫描件为第 page/pages 页）、done（answer：上传的 200 结果）、failed（error：原因）。'
        + '运行中的任务超过 10 分钟没有更新（服务器已停止）时回答 failed。',
      params: UploadJobParams, response: { 200: UploadJobResponse, ...errorResponses },
    },
  }, async (request) => {
    const row = await getUploadJob(app.db, request.params.id);
    if (!row) throw notFound(`上传任务 ${request.params.id} 不存在。`);
    return jobAnswer(row, Date.now());
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
