/**
 * Word .docx -> text lines. The package's directory is checked here (zip-guard.ts: sizes, entry
 * count, compression ratio); the reading itself (mammoth, then the web pages' table reader) runs in
 * a worker thread (docx-read.ts, docx-worker.mjs) with a heap limit and a timeout, so that a
 * hostile or broken document that gets past the checks fails alone: the worker dies or is
 * stopped, its file fails with a reason, and the next file starts a new worker. The process and
 * the other files of a batch are never taken down.
 */
import { Worker } from 'node:worker_threads';
import { ReportError } from '../errors.ts';
import type { ReportErrorCode } from '../errors.ts';
import type { HtmlText } from './html.ts';
import { checkZipPackage } from './zip-guard.ts';

export interface DocxWorkerLimits {
  /** The worker's old-generation heap (resourceLimits.maxOldGenerationSizeMb). */
  memoryMb: number;
  /** A document that takes longer is given up and the worker stopped. */
  timeoutMs: number;
}

export const DOCX_WORKER_LIMITS: DocxWorkerLimits = { memoryMb: 512, timeoutMs: 120_000 };

let limits: DocxWorkerLimits = DOCX_WORKER_LIMITS;

/** For tests: other limits for the next worker (null: the defaults). An idle worker is stopped. */
export function setDocxWorkerLimits(next: Partial<DocxWorkerLimits> | null): void {
  limits = { ...DOCX_WORKER_LIMITS, ...next };
  worker.retire();
}

export async function readDocx(bytes: Buffer, fileName: string): Promise<HtmlText> {
  await checkZipPackage(bytes, fileName);
  return worker.read(bytes, fileName);
}

type Reply = { id: number; text: HtmlText } | { id: number; error: { code: ReportErrorCode | null; message: string } };

interface Job {
  id: number;
  bytes: Buffer;
  fileName: string;
  resolve(text: HtmlText): void;
  reject(error: Error): void;
}

type Death = 'timeout' | 'memory' | 'crash';

/**
 * One worker thread, started on the first document and kept for the next ones; it holds the
 * process open only while a document is being read (as the PDF worker, pdf.ts). Documents are
 * read one at a time, so that when the worker dies it is known whose document killed it: that one
 * fails, and the ones waiting go on in a new worker.
 */
class DocxWorker {
  private thread: Worker | null = null;
  private threadLimits: DocxWorkerLimits = limits;
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: NodeJS.Timeout } | null = null;
  private nextId = 1;

  read(bytes: Buffer, fileName: string): Promise<HtmlText> {
    return new Promise<HtmlText>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, fileName, resolve, reject });
      this.next();
    });
  }

  /** Stop an idle worker so that the next document starts one with the current limits. */
  retire(): void {
    if (this.thread && !this.current) {
      void this.thread.terminate();
      this.thread = null;
    }
  }

  private next(): void {
    if (this.current) return;
    const job = this.queue.shift();
    if (!job) {
      this.thread?.unref();
      return;
    }
    const thread = this.start();
    const timer = setTimeout(() => this.stop(thread, 'timeout'), this.threadLimits.timeoutMs);
    this.current = { job, timer };
    thread.ref();
    // A copy: the caller keeps its Buffer (it is stored as the original).
    thread.postMessage({ id: job.id, bytes: new Uint8Array(job.bytes), fileName: job.fileName });
  }

  private start(): Worker {
    if (this.thread) return this.thread;
    this.threadLimits = limits;
    const thread = new Worker(new URL('./docx-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    thread.on('message', (reply: Reply) => this.settle(reply));
    thread.on('error', (error: Error & { code?: string }) => this.stop(thread, error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash'));
    thread.on('exit', () => this.stop(thread, 'crash'));
    this.thread = thread;
    return thread;
  }

  private settle(reply: Reply): void {
    const current = this.current;
    if (!current || current.job.id !== reply.id) return;
    this.current = null;
    clearTimeout(current.timer);
    const { job } = current;
    if ('text' in reply) job.resolve(reply.text);
    else {
      job.reject(new ReportError(reply.error.code ?? 'unsupported_format', reply.error.code ? reply.error.message
        : `Word 文件“${job.fileName}”已损坏或格式不对，无法打开。请用 Word 或 WPS 重新另存为 .docx 后再上传。`));
    }
    this.next();
  }

  /** The worker died, ran out of memory, or is stopped because a document hangs: that document fails; the rest go on. */
  private stop(thread: Worker, death: Death): void {
    if (this.thread !== thread) return;
    this.thread = null;
    void thread.terminate();
    const current = this.current;
    this.current = null;
    if (current) {
      clearTimeout(current.timer);
      const { memoryMb, timeoutMs } = this.threadLimits;
      const name = current.job.fileName;
      current.job.reject(
        death === 'timeout'
          ? new ReportError('unsupported_format', `Word 文件“${name}”读取超时（超过 ${timeoutMs / 1000} 秒），可能已损坏或过于复杂，已停止读取。请用 Word 或 WPS 重新另存为 .docx 或 PDF 后再上传。`)
          : death === 'memory'
            ? new ReportError('too_large', `Word 文件“${name}”内容过大或过于复杂，读取时超出了 ${memoryMb} MB 的内存上限，已停止读取（可能是损坏或恶意构造的文件）。请确认文件是否正确；必要时另存为 PDF 再上传。`)
            : new ReportError('unsupported_format', `Word 文件“${name}”未能读完：读取程序意外中止。请重新上传；仍不行时请用 Word 或 WPS 重新另存为 .docx。`),
      );
    }
    this.next();
  }
}

const worker = new DocxWorker();
