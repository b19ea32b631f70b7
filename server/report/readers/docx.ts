/**
 * Word .docx -> text lines. The package's directory is checked here (zip-guard.ts: sizes, entry
 * count, compression ratio); the reading itself (mammoth, then the web pages' table reader) runs in
 * a worker thread (docx-read.ts, docx-worker.mjs) with a heap limit and a timeout, so that a
 * hostile or broken document that gets past the checks fails alone: the worker dies or is
 * stopped, its file fails with a reason, and the next file starts a new worker. The process and
 * the other files of a batch are never taken down.
 */
import { ReportError } from '../errors.ts';
import type { ReportErrorCode } from '../errors.ts';
import type { HtmlText } from './html.ts';
import { SerialWorker, type WorkerLimits } from './serial-worker.ts';
import { checkZipPackage } from './zip-guard.ts';

export type DocxWorkerLimits = WorkerLimits;

export const DOCX_WORKER_LIMITS: DocxWorkerLimits = { memoryMb: 512, timeoutMs: 120_000 };

/** For tests: other limits for the next worker (null: the defaults). An idle worker is stopped. */
export function setDocxWorkerLimits(next: Partial<DocxWorkerLimits> | null): void {
  worker.setLimits({ ...DOCX_WORKER_LIMITS, ...next });
}

export async function readDocx(bytes: Buffer, fileName: string): Promise<HtmlText> {
  await checkZipPackage(bytes, fileName);
  return worker.run({ bytes, fileName });
}

type Reply = { id: number; text: HtmlText } | { id: number; error: { code: ReportErrorCode | null; message: string } };

/** One worker thread reading documents one at a time (serial-worker.ts), as the PDF worker (pdf.ts). */
const worker = new SerialWorker<{ bytes: Buffer; fileName: string }, HtmlText, Reply>({
  url: new URL('./docx-worker.mjs', import.meta.url),
  limits: DOCX_WORKER_LIMITS,
  youngGenerationMb: 32,
  // A copy: the caller keeps its Buffer (it is stored as the original).
  message: (id, { bytes, fileName }) => ({ id, bytes: new Uint8Array(bytes), fileName }),
  settle: (reply, { fileName }) => ('text' in reply ? { result: reply.text } : {
    error: new ReportError(reply.error.code ?? 'unsupported_format', reply.error.code ? reply.error.message
      : `Word 文件“${fileName}”已损坏或格式不对，无法打开。请用 Word 或 WPS 重新另存为 .docx 后再上传。`),
  }),
  died: (death, { fileName: name }, { memoryMb, timeoutMs }) => (death === 'timeout'
    ? new ReportError('unsupported_format', `Word 文件“${name}”读取超时（超过 ${timeoutMs / 1000} 秒），可能已损坏或过于复杂，已停止读取。请用 Word 或 WPS 重新另存为 .docx 或 PDF 后再上传。`)
    : death === 'memory'
      ? new ReportError('too_large', `Word 文件“${name}”内容过大或过于复杂，读取时超出了 ${memoryMb} MB 的内存上限，已停止读取（可能是损坏或恶意构造的文件）。请确认文件是否正确；必要时另存为 PDF 再上传。`)
      : new ReportError('unsupported_format', `Word 文件“${name}”未能读完：读取程序意外中止。请重新上传；仍不行时请用 Word 或 WPS 重新另存为 .docx。`)),
});
