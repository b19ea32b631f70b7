/** The clerk's reasons that both sides of the PDF thread give (pdf.ts and pdf-worker.mjs). */
import { ReportError } from '../errors.ts';

/** A PDF that needed more memory than its thread may have (heap, or PDFium's memory). */
export function pdfTooLarge(fileName: string, memoryMb: number): ReportError {
  return new ReportError('too_large', `PDF 文件“${fileName}”内容过大或过于复杂，读取时超出了 ${memoryMb} MB 的内存上限，已停止读取（可能是损坏或恶意构造的文件）。请重新导出 PDF 后再上传。`);
}
