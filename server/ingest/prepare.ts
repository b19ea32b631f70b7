/**
 * Reading and parsing off the server's thread (the upload path): a text or web page file is
 * decoded, read and parsed in a worker thread (prepare-read.ts, prepare-worker.mjs); a PDF, Word or
 * legacy file is read by its own worker as before (`readDocument`) and its text parsed in this
 * one. So a 50 MB upload never holds up the event loop, and the other requests are answered while
 * it is read. The result is what the same code gives on the calling thread (the CLI's path):
 * the same document, record, review, lines, and the same ReportError messages.
 *
 * As the Word reader (docx.ts), through one SerialWorker (readers/serial-worker.ts): one thread, started on the first file and kept for the next
 * ones, files one at a time, a heap limit and a timeout; a file that kills or hangs its worker
 * fails alone with a reason, and the next file starts a new worker.
 */
import { ReportError } from '../report/errors.ts';
import type { ReportErrorCode } from '../report/errors.ts';
import { readDocument } from '../report/readers/index.ts';
import type { ExtractedDocument } from '../report/readers/index.ts';
import { SerialWorker, type WorkerLimits } from '../report/readers/serial-worker.ts';
import { sniff } from '../report/readers/sniff.ts';
import type { PreparedText } from './prepare-read.ts';

export type PrepareWorkerLimits = WorkerLimits;

export const PREPARE_WORKER_LIMITS: PrepareWorkerLimits = { memoryMb: 1536, timeoutMs: 120_000 };

/** For tests: other limits for the next worker (null: the defaults). An idle worker is stopped. */
export function setPrepareWorkerLimits(next: Partial<PrepareWorkerLimits> | null): void {
  worker.setLimits({ ...PREPARE_WORKER_LIMITS, ...next });
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

const worker = new SerialWorker<Task, PreparedText, Reply>({
  url: new URL('./prepare-worker.mjs', import.meta.url),
  limits: PREPARE_WORKER_LIMITS,
  youngGenerationMb: 64,
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
