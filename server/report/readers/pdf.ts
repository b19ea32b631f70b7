/**
 * PDF -> text lines. PDFium (compiled to WebAssembly, pdf-pdfium.ts) reads each page's text items
 * and drawn lines in a pool of worker threads (pdf-worker.mjs), where pdf-layout.ts also rebuilds
 * the tables and lays the text out. The threads keep a long PDF from holding up the server, bound
 * its memory (JavaScript heap and PDFium's) and a PDF that never finishes. A PDF without a text
 * layer (a scan) is refused with a request to OCR it first.
 */
import { ReportError } from '../errors.ts';
import type { ReportErrorCode } from '../errors.ts';
import { pdfTooLarge } from './pdf-errors.ts';
import type { PdfLayer, PdfPage, PdfText } from './pdf-layout.ts';
import { CORES, WorkerPool, type WorkerLimits } from './serial-worker.ts';

/** A PDF that takes longer than this is given up (its thread is stopped and started afresh). */
const PDF_TIMEOUT_MS = 120_000;

/** The text of a PDF; a file with (almost) no text layer is refused as a scan. */
export async function readPdf(bytes: Buffer, fileName: string): Promise<PdfText> {
  return textOfLayer(await readPdfLayer(bytes, fileName), fileName);
}

/** The text of a layer read by `readPdfLayer`, or the clerk's request to OCR a file that has none. */
export function textOfLayer(layer: PdfLayer, fileName: string): PdfText {
  if (!layer.text) {
    throw new ReportError('needs_ocr', `PDF 文件“${fileName}”里没有可读取的文字（可能是扫描件或图片）。请先用 OCR 文字识别软件转成带文字的 PDF 或 Word，或上传原始的 Word 文件。`);
  }
  return layer.text;
}

/**
 * The PDF's text layer, laid out in the PDF thread (pdf-layout.ts `layerOf`): the tables rebuilt
 * there too, under the thread's time and memory limits, so a PDF of a hundred thousand items never
 * holds up this thread.
 */
export async function readPdfLayer(bytes: Buffer, fileName: string): Promise<PdfLayer> {
  return (await worker.run({ bytes, fileName, layer: true })) as PdfLayer;
}

/** Each page's text items and drawn lines, in page order (layoutPages() makes the text of any run of them). */
export async function extractPdfPages(bytes: Buffer, fileName: string): Promise<PdfPage[]> {
  return (await worker.run({ bytes, fileName, layer: false })) as PdfPage[];
}

type Reply = { id: number; pages: PdfPage[]; heapUsed: number } | { id: number; layer: PdfLayer; heapUsed: number } | { id: number; error: { code: ReportErrorCode | null; message: string }; heapUsed: number };

/**
 * The PDF threads: one per core, so at most that many PDFs are open at once (each holds its
 * document, fonts and pages). A thread is replaced after `RECYCLE.jobs` PDFs or once its heap
 * passes `RECYCLE.heapMb` (heap and PDFium's memory, which never shrinks), so memory stays flat over
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

const worker = new WorkerPool<{ bytes: Buffer; fileName: string; layer: boolean }, PdfPage[] | PdfLayer, Reply>(CORES, {
  url: new URL('./pdf-worker.mjs', import.meta.url),
  limits: PDF_WORKER_LIMITS,
  youngGenerationMb: 16,
  recycle: RECYCLE,
  // Not this process's `--import tsx`: the worker registers tsx itself (see pdf-worker.mjs).
  execArgv: [],
  // A copy: the caller keeps its Buffer (it is stored as the original).
  message: (id, { bytes, fileName, layer }) => ({ id, bytes: new Uint8Array(bytes), fileName, layer }),
  settle: (reply) => ('pages' in reply ? { result: reply.pages } : 'layer' in reply ? { result: reply.layer }
    : { error: reply.error.code ? new ReportError(reply.error.code, reply.error.message) : new Error(reply.error.message) }),
  died: (death, { fileName }, { memoryMb, timeoutMs }) => (death === 'timeout'
    ? new ReportError('unsupported_format', `PDF 文件“${fileName}”读取超时（超过 ${timeoutMs / 1000} 秒），可能已损坏或过于复杂。请重新导出 PDF 后再上传。`)
    : death === 'memory'
      ? pdfTooLarge(fileName, memoryMb)
      : new ReportError('unsupported_format', `PDF 文件“${fileName}”未能读完：读取程序意外中止。请重新上传；仍不行时请重新导出 PDF。`)),
});
