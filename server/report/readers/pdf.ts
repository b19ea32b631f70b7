/**
 * PDF -> text lines. pdfjs-dist (its legacy build, the one for Node) reads each page's text items
 * and drawn lines in a worker thread (pdf-extract.ts, pdf-worker.mjs); pdf-layout.ts rebuilds the
 * tables here. The worker keeps pdfjs's polyfills out of this thread (they replace
 * Array.prototype.push and JSON.stringify with slower copies), keeps a long PDF from holding up the
 * server, and bounds a PDF that never finishes. A PDF without a text layer (a scan) is refused with
 * a request to OCR it first.
 */
import { Worker } from 'node:worker_threads';
import { ReportError } from '../errors.ts';
import type { ReportErrorCode } from '../errors.ts';
import { layoutPages, type PdfPage, type PdfText } from './pdf-layout.ts';

/** Fewer visible characters than this in the whole file: a scan, not a text PDF. */
const MIN_TEXT_CHARS = 20;

/** A PDF that takes longer than this is given up (the worker is stopped and started afresh). */
const PDF_TIMEOUT_MS = 120_000;

export async function readPdf(bytes: Buffer, fileName: string): Promise<PdfText> {
  const pages = await worker.extract(bytes, fileName);
  const chars = pages.reduce((n, p) => n + p.items.reduce((m, i) => m + i.str.replace(/\s/g, '').length, 0), 0);
  if (chars < MIN_TEXT_CHARS) {
    throw new ReportError('needs_ocr', `PDF 文件“${fileName}”里没有可读取的文字（可能是扫描件或图片）。请先用 OCR 文字识别软件转成带文字的 PDF 或 Word，或上传原始的 Word 文件。`);
  }
  return layoutPages(pages);
}

type Reply = { id: number; pages: PdfPage[] } | { id: number; error: { code: ReportErrorCode | null; message: string } };

interface Job {
  fileName: string;
  resolve(pages: PdfPage[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * One worker thread, started on the first PDF and kept for the next ones. It holds the process
 * open only while a PDF is being read. Should it die or hang, the PDFs it had are failed with a
 * reason a clerk can read, and the next PDF starts a new one.
 */
class PdfWorker {
  private thread: Worker | null = null;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  extract(bytes: Buffer, fileName: string): Promise<PdfPage[]> {
    const thread = this.start();
    const id = this.nextId++;
    return new Promise<PdfPage[]>((resolve, reject) => {
      const timer = setTimeout(() => this.stop(thread, id), PDF_TIMEOUT_MS);
      this.jobs.set(id, { fileName, resolve, reject, timer });
      thread.ref();
      // A copy: the caller keeps its Buffer (it is stored as the original).
      thread.postMessage({ id, bytes: new Uint8Array(bytes), fileName });
    });
  }

  private start(): Worker {
    if (this.thread) return this.thread;
    const thread = new Worker(new URL('./pdf-worker.mjs', import.meta.url));
    thread.on('message', (reply: Reply) => this.settle(thread, reply));
    thread.on('error', () => this.stop(thread, null));
    thread.on('exit', () => this.stop(thread, null));
    this.thread = thread;
    return thread;
  }

  private settle(thread: Worker, reply: Reply): void {
    const job = this.jobs.get(reply.id);
    if (!job) return;
    this.jobs.delete(reply.id);
    clearTimeout(job.timer);
    if ('pages' in reply) job.resolve(reply.pages);
    else job.reject(reply.error.code ? new ReportError(reply.error.code, reply.error.message) : new Error(reply.error.message));
    if (this.jobs.size === 0) thread.unref();
  }

  /** The worker died, or is stopped because PDF `timedOut` hangs: fail what it had; the next PDF starts a new one. */
  private stop(thread: Worker, timedOut: number | null): void {
    if (this.thread !== thread) return;
    this.thread = null;
    void thread.terminate();
    for (const [id, job] of this.jobs) {
      clearTimeout(job.timer);
      job.reject(new ReportError('unsupported_format', id === timedOut
        ? `PDF 文件“${job.fileName}”读取超时（超过 ${PDF_TIMEOUT_MS / 1000} 秒），可能已损坏或过于复杂。请重新导出 PDF 后再上传。`
        : `PDF 文件“${job.fileName}”未能读完：读取程序意外中止。请重新上传；仍不行时请重新导出 PDF。`));
    }
    this.jobs.clear();
  }
}

const worker = new PdfWorker();
