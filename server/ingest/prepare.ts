/**
 * Reading and parsing off the server's thread (the upload path): a text or web page file is
 * decoded, read and parsed in a worker thread (prepare-read.ts, prepare-worker.mjs); a PDF, Word or
 * legacy file is read by its own worker as before (`readDocument`) and its text parsed in this
 * one. So a 50 MB upload never holds up the event loop, and the other requests are answered while
 * it is read. The result is what the same code gives on the calling thread (the CLI's path):
 * the same document, record, review, lines, and the same ReportError messages.
 *
 * As the Word worker (docx.ts): one worker thread, started on the first file and kept for the next
 * ones, files one at a time, a heap limit and a timeout; a file that kills or hangs its worker
 * fails alone with a reason, and the next file starts a new worker.
 */
import { Worker } from 'node:worker_threads';
import { ReportError } from '../report/errors.ts';
import type { ReportErrorCode } from '../report/errors.ts';
import { readDocument } from '../report/readers/index.ts';
import type { ExtractedDocument } from '../report/readers/index.ts';
import { sniff } from '../report/readers/sniff.ts';
import type { PreparedText } from './prepare-read.ts';

export interface PrepareWorkerLimits {
  /** The worker's old-generation heap (resourceLimits.maxOldGenerationSizeMb). */
  memoryMb: number;
  /** A file that takes longer is given up and the worker stopped. */
  timeoutMs: number;
}

export const PREPARE_WORKER_LIMITS: PrepareWorkerLimits = { memoryMb: 1536, timeoutMs: 120_000 };

let limits: PrepareWorkerLimits = PREPARE_WORKER_LIMITS;

/** For tests: other limits for the next worker (null: the defaults). An idle worker is stopped. */
export function setPrepareWorkerLimits(next: Partial<PrepareWorkerLimits> | null): void {
  limits = { ...PREPARE_WORKER_LIMITS, ...next };
  worker.retire();
}

/** `readDocument` then `parseText`, with the CPU-heavy part in a worker thread. */
export async function prepareOffThread(bytes: Buffer, fileName: string): Promise<PreparedText> {
  if (bytes.length > 0 && sniff(bytes) === 'text') return worker.run({ bytes, fileName });
  // PDF, Word, legacy: their readers have their own workers; images and empty files fail here as before.
  const document = await readDocument(bytes, fileName);
  return worker.run({ document, fileName });
}

type Task = { bytes: Buffer; fileName: string } | { document: ExtractedDocument; fileName: string };

type Reply = { id: number; prepared: PreparedText } | { id: number; error: { code: ReportErrorCode | null; message: string } };

interface Job {
  id: number;
  task: Task;
  resolve(prepared: PreparedText): void;
  reject(error: Error): void;
}

type Death = 'timeout' | 'memory' | 'crash';

class PrepareWorker {
  private thread: Worker | null = null;
  private threadLimits: PrepareWorkerLimits = limits;
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: NodeJS.Timeout } | null = null;
  private nextId = 1;

  run(task: Task): Promise<PreparedText> {
    return new Promise<PreparedText>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.next();
    });
  }

  /** Stop an idle worker so that the next file starts one with the current limits. */
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
    const { task } = job;
    // A copy of the bytes: the caller keeps its Buffer (it is stored as the original).
    thread.postMessage('bytes' in task
      ? { id: job.id, bytes: new Uint8Array(task.bytes), fileName: task.fileName }
      : { id: job.id, document: task.document, fileName: task.fileName });
  }

  private start(): Worker {
    if (this.thread) return this.thread;
    this.threadLimits = limits;
    const thread = new Worker(new URL('./prepare-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
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
    if ('prepared' in reply) job.resolve(reply.prepared);
    // The same error as on the calling thread: a ReportError keeps its code and message; anything
    // else keeps its message (reasonOf wraps it for the clerk).
    else job.reject(reply.error.code ? new ReportError(reply.error.code, reply.error.message) : new Error(reply.error.message));
    this.next();
  }

  /** The worker died, ran out of memory, or is stopped because a file hangs: that file fails; the rest go on. */
  private stop(thread: Worker, death: Death): void {
    if (this.thread !== thread) return;
    this.thread = null;
    void thread.terminate();
    const current = this.current;
    this.current = null;
    if (current) {
      clearTimeout(current.timer);
      const { memoryMb, timeoutMs } = this.threadLimits;
      const name = current.job.task.fileName;
      current.job.reject(
        death === 'timeout'
          ? new ReportError('unsupported_format', `文件“${name}”读取超时（超过 ${timeoutMs / 1000} 秒），可能已损坏或过于复杂，已停止读取。请确认文件是否正确，必要时另存为 .docx 或 PDF 后再上传。`)
          : death === 'memory'
            ? new ReportError('too_large', `文件“${name}”内容过大或过于复杂，读取时超出了 ${memoryMb} MB 的内存上限，已停止读取（可能是损坏或恶意构造的文件）。请确认文件是否正确。`)
            : new ReportError('unsupported_format', `文件“${name}”未能读完：读取程序意外中止。请重新上传；仍不行时请另存为 .docx 或 PDF 后再上传。`),
      );
    }
    this.next();
  }
}

const worker = new PrepareWorker();
