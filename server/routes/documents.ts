/**
 * The pages of a scan read by OCR, as images for the 原文 panel: GET /api/documents/:id/pages/:page.png.
 * A document's bytes never change, so a page is the same image for ever (`immutable`). Rendering
 * (sharp, or pdftoppm for a PDF page) runs one page at a time, at most 8 waiting (then 429), and
 * the last pages rendered are kept in memory, so a clerk clicking from cell to cell on one page
 * renders it once.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { scanPagePng } from '../report/readers/scan-page.ts';
import { documentContent, documentScan } from '../repositories/documents.repository.ts';
import { ApiError, notFound } from '../plugins/errors.ts';
import { ReportError } from '../report/errors.ts';
import { Type, errorResponses } from '../schemas/common.ts';

/** Rendered pages kept (a grey PNG of a page is a few hundred KB). */
const CACHED_PAGES = 16;

/** Page images by `sha256:page` (the bytes, whatever database they are in), oldest first (a Map keeps insertion order): the promise, so a second request waits for the first. */
const rendered = new Map<string, Promise<Buffer>>();
/** The render queue's tail: one page at a time. */
let queue: Promise<unknown> = Promise.resolve();
/** Pages waiting or rendering; past MAX_PENDING a new page is refused (429) rather than queued for minutes. */
let pending = 0;
const MAX_PENDING = 8;

function pageImage(key: string, render: () => Promise<Buffer>): Promise<Buffer> {
  const hit = rendered.get(key);
  if (hit) {
    rendered.delete(key);
    rendered.set(key, hit);
    return hit;
  }
  if (pending >= MAX_PENDING) {
    throw new ApiError(429, 'too_many_requests', '正在生成其他扫描页，请 5 秒后再试。', {}, { 'retry-after': '5' });
  }
  pending++;
  const job = queue.then(render).finally(() => { pending--; });
  queue = job.catch(() => {});
  rendered.set(key, job);
  job.catch(() => rendered.delete(key));
  while (rendered.size > CACHED_PAGES) rendered.delete(rendered.keys().next().value!);
  return job;
}

const PageParams = Type.Object({
  id: Type.Integer({ minimum: 1, description: 'document id (`document.id` of a report’s detail)' }),
  page: Type.Integer({ minimum: 1, maximum: 10_000, description: '1-based page of the file' }),
});

const documentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/documents/:id/pages/:page.png', {
    schema: {
      tags: ['reports'], summary: '扫描件的一页（PNG，灰度）', params: PageParams,
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the page as PNG' }), ...errorResponses },
    },
  }, async (request, reply) => {
    const { id, page } = request.params;
    const doc = await documentScan(app.db, id);
    if (!doc) throw notFound(`编号为 ${id} 的原文不是识别过的扫描件。`);
    if (!doc.scan.pages.some((p) => p.page === page)) throw notFound(`扫描件“${doc.fileName}”没有识别过的第 ${page} 页。`);
    const etag = `"${doc.sha256.slice(0, 16)}-${page}"`;
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', etag);
    if (request.headers['if-none-match']?.split(',').some((t) => t.trim() === etag)) return reply.code(304).send(Buffer.alloc(0));
    const png = await pageImage(`${doc.sha256}:${page}`, async () => {
      const bytes = await documentContent(app.db, id);
      if (!bytes) throw notFound(`没有编号为 ${id} 的原文。`);
      return scanPagePng(bytes, doc.fileName, doc.format, page);
    }).catch((e: unknown) => {
      // The reader's own words (a PDF page pdftoppm cannot render, an image sharp cannot decode).
      throw e instanceof ReportError ? new ApiError(500, 'internal', e.message) : e;
    });
    return reply.header('content-type', 'image/png').header('x-content-type-options', 'nosniff').send(png);
  });
};

export default documentRoutes;
