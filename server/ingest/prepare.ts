/**
 * Reading and parsing off the calling thread, for every batch ingest (the CLI, uploads, zip
 * archives): a text or web page file is decoded, read and parsed in a pool of worker threads, one
 * per core (prepare-read.ts, prepare-worker.mjs); a PDF, Word or legacy file is read by its own
 * workers (`readDocument`: the PDF pool, the Word worker, LibreOffice) and its text parsed in the
 * pool. So a 50 MB upload never holds up the event loop, other requests are answered while it is
 * read, and a folder of reports is parsed on every core while one writer stores them in order
 * (batch.ts). The result is what the same code gives on the calling thread: the same document,
 * record, review, lines, and the same ReportError messages.
 *
 * Each thread of the pool is a SerialWorker (readers/serial-worker.ts): files one at a time, a
 * heap limit and a timeout; a file that kills or hangs its thread fails alone, and the next file
 * starts a new one. A thread is replaced after `RECYCLE.jobs` files or above `RECYCLE.heapMb`, so
 * memory stays flat over a hundred thousand files. Small text files waiting for a thread go to it
 * up to `BATCH_JOBS` at a time: a thread's round trip costs as much CPU as reading one of them.
 */
import { ReportError } from '../report/errors.ts';
import type { ReportErrorCode } from '../report/errors.ts';
import { readDocument } from '../report/readers/index.ts';
import type { ExtractedDocument } from '../report/readers/index.ts';
import { CORES, WorkerPool, type WorkerLimits } from '../report/readers/serial-worker.ts';
import { sniff } from '../report/readers/sniff.ts';
import type { PreparedText } from './prepare-read.ts';

export type PrepareWorkerLimits = WorkerLimits;

export const PREPARE_WORKER_LIMITS: PrepareWorkerLimits = { memoryMb: 1536, timeoutMs: 120_000 };

const RECYCLE = { jobs: 20_000, heapMb: 768 };

/** Small text files go to a thread this many at a time (one wake-up for all of them)… */
const BATCH_JOBS = 16;
/** …each at most this big. */
const BATCH_BYTES = 256 * 1024;

/** For tests: other limits for the next threads (null: the defaults). Idle threads are stopped. */
export function setPrepareWorkerLimits(next: Partial<PrepareWorkerLimits> | null): void {
  worker.setLimits({ ...PREPARE_WORKER_LIMITS, ...next });
}

/** What a caller may follow while a file is read: `onProgress(page, pages)` after each OCR'd page of a scan. */
export interface PrepareOptions {
  onProgress?: ((page: number, pages: number) => void) | undefined;
}

/** `readDocument` then `parseText`, with the CPU-heavy part in a worker thread. */
export async function prepareOffThread(bytes: Buffer, fileName: string, options: PrepareOptions = {}): Promise<PreparedText> {
  if (bytes.length > 0 && sniff(bytes) === 'text') return worker.run({ bytes, fileName });
  // PDF, Word, legacy: their readers have their own workers; images and empty files fail here as before.
  const document = await readDocument(bytes, fileName, options.onProgress ? { onProgress: options.onProgress } : {});
  return worker.run({ document, fileName });
}

type Task = { bytes: Buffer; fileName: string } | { document: ExtractedDocument; fileName: string };

type Reply = { id: number; prepared: PreparedText; heapUsed: number } | { id: number; error: { code: ReportErrorCode | null; message: string }; heapUsed: number };

/** Threads in the pool (one per core). */
export const PREPARE_THREADS = CORES;

const worker = new WorkerPool<Task, PreparedText, Reply>(PREPARE_THREADS, {
  url: new URL('./prepare-worker.mjs', import.meta.url),
  limits: PREPARE_WORKER_LIMITS,
  youngGenerationMb: 64,
  recycle: RECYCLE,
  batch: { jobs: BATCH_JOBS, accepts: (task) => 'bytes' in task && task.bytes.length <= BATCH_BYTES },
  // A copy of the bytes: the caller keeps its Buffer (it is stored as the original).
  message: (id, task) => ('bytes' in task
    ? { id, bytes: new Uint8Array(task.bytes), fileName: task.fileName }
    : { id, document: task.document, fileName: task.fileName }),
  // The same error as on the calling thread: a ReportError keeps its code and message; anything
  // else keeps its message (reasonOf wraps it for the clerk).
  settle: (reply) => ('prepared' in reply ? { result: reply.prepared }
    : { error: reply.error.code ? new ReportError(reply.error.code, reply.error.message) : new Error(reply.error.message) }),
  died: (death, { fileName: name }, { memoryMb, timeoutMs }) => (death === 'timeout'
    ? new ReportError('unsupported_format', `文件“${name}”读取超时（超过 ${timeoutMs / 1000} 秒），可能已损坏或过于复杂，已停止读取。请确认文件是否正确，必要时另存为 .docx 或 PDF 后再上传。`)
    : death === 'memory'
      ? new ReportError('too_large', `文件“${name}”内容过大或过于复杂，读取时超出了 ${memoryMb} MB 的内存上限，已停止读取（可能是损坏或恶意构造的文件）。请确认文件是否正确。`)
      : new ReportError('unsupported_format', `文件“${name}”未能读完：读取程序意外中止。请重新上传；仍不行时请另存为 .docx 或 PDF 后再上传。`)),
});
