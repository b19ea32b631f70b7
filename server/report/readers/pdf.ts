/**
 * PDF -> text lines. pdfjs-dist (its legacy build, the one for Node) reads each page's text items
 * and drawn lines in a pool of worker threads (pdf-extract.ts, pdf-worker.mjs); pdf-layout.ts
 * rebuilds the tables here. The worker keeps pdfjs's polyfills out of this thread (they replace
 * Array.prototype.push and JSON.stringify with slower copies), keeps a long PDF from holding up the
 * server, and bounds a PDF that never finishes. A PDF without a text layer (a scan) is refused with
 * a request to OCR it first.
 */
import { ReportError } from '../errors.ts';
import type { ReportErrorCode } from '../errors.ts';
import { layoutPages, type PdfPage, type PdfText } from './pdf-layout.ts';
import { CORES, WorkerPool, type WorkerLimits } from './serial-worker.ts';

/** Fewer visible characters than this in the whole file: a scan, not a text PDF. */
const MIN_TEXT_CHARS = 20;

/** A PDF that takes longer than this is given up (its thread is stopped and started afresh). */
const PDF_TIMEOUT_MS = 120_000;

export async function readPdf(bytes: Buffer, fileName: string): Promise<PdfText> {
  return textOfPages(await extractPdfPages(bytes, fileName), fileName);
}

/** Visible characters of a page's text layer. */
export function pageChars(page: PdfPage): number {
  return page.items.reduce((m, i) => m + i.str.replace(/\s/g, '').length, 0);
}

/** The text of pages read by `extractPdfPages`; a file with (almost) no text layer is refused as a scan. */
export function textOfPages(pages: readonly PdfPage[], fileName: string): PdfText {
  const chars = pages.reduce((n, p) => n + pageChars(p), 0);
  if (chars < MIN_TEXT_CHARS) {
    throw new ReportError('needs_ocr', `PDF 文件“${fileName}”里没有可读取的文字（可能是扫描件或图片）。请先用 OCR 文字识别软件转成带文字的 PDF 或 Word，或上传原始的 Word 文件。`);
  }
  return layoutPages(pages);
}

/** Each page's text items and drawn lines, in page order (layoutPages() makes the text of any run of them). */
export function extractPdfPages(bytes: Buffer, fileName: string): Promise<PdfPage[]> {
  return worker.run({ bytes, fileName });
}

type Reply = { id: number; pages: PdfPage[]; heapUsed: number } | { id: number; error: { code: ReportErrorCode | null; message: string }; heapUsed: number };

/**
 * The PDF threads: one per core, so at most that many PDFs are open at once (each holds its
 * document, fonts and pages). A thread is replaced after `RECYCLE.jobs` PDFs or once its heap
 * passes `RECYCLE.heapMb` (pdfjs caches fonts and CMaps per thread), so memory stays flat over
 * thousands of files. A PDF that kills, hangs or overfills its thread fails alone, with a reason
 * a clerk can read; the next PDF starts a new thread.
 */
export const PDF_WORKER_LIMITS: WorkerLimits = { memoryMb: 512, timeoutMs: PDF_TIMEOUT_MS };
const RECYCLE = { jobs: 200, heapMb: 128 };

/** For tests: other limits for the next threads (null: the defaults). Idle threads are stopped. */
export function setPdfWorkerLimits(next: Partial<WorkerLimits> | null): void {
  worker.setLimits({ ...PDF_WORKER_LIMITS, ...next });
}

/** Threads started so far (the benchmark shows how often they were recycled). */
export function pdfThreadsStarted(): number {
  return worker.threadsStarted;
}

const worker = new WorkerPool<{ bytes: Buffer; fileName: string }, PdfPage[], Reply>(CORES, {
  url: new URL('./pdf-worker.mjs', import.meta.url),
  limits: PDF_WORKER_LIMITS,
  youngGenerationMb: 16,
  recycle: RECYCLE,
  // Not this process's `--import tsx`: the worker loads pdfjs before it registers tsx (see pdf-worker.mjs).
  execArgv: [],
  // A copy: the caller keeps its Buffer (it is stored as the original).
  message: (id, { bytes, fileName }) => ({ id, bytes: new Uint8Array(bytes), fileName }),
  settle: (reply) => ('pages' in reply ? { result: reply.pages }
    : { error: reply.error.code ? new ReportError(reply.error.code, reply.error.message) : new Error(reply.error.message) }),
  died: (death, { fileName }, { memoryMb, timeoutMs }) => (death === 'timeout'
    ? new ReportError('unsupported_format', `PDF 文件“${fileName}”读取超时（超过 ${timeoutMs / 1000} 秒），可能已损坏或过于复杂。请重新导出 PDF 后再上传。`)
    : death === 'memory'
      ? new ReportError('too_large', `PDF 文件“${fileName}”内容过大或过于复杂，读取时超出了 ${memoryMb} MB 的内存上限，已停止读取（可能是损坏或恶意构造的文件）。请重新导出 PDF 后再上传。`)
      : new ReportError('unsupported_format', `PDF 文件“${fileName}”未能读完：读取程序意外中止。请重新上传；仍不行时请重新导出 PDF。`)),
});
