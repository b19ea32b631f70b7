/**
 * Cheap checks before any reader runs: empty files, files over the size limit, and binary junk
 * (bytes that are neither text nor a document format the readers know).
 */
import { ReportError } from '../report/errors.ts';
import { utf16Encoding } from '../report/readers/decode.ts';
import { sniff } from '../report/readers/sniff.ts';
import { megabytes } from './limits.ts';

// Document formats the readers decode themselves: PDF, ZIP-based (DOCX), OLE (DOC/WPS), RTF.
// UTF-16 text (whose NUL bytes are not junk) is told by the text reader's own rule, utf16Encoding.
const KNOWN_MAGIC: readonly number[][] = [
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x50, 0x4b, 0x03, 0x04], // PK.. (docx)
  [0xd0, 0xcf, 0x11, 0xe0], // OLE (doc, wps)
  [0x7b, 0x5c, 0x72, 0x74], // {\rt (rtf)
];

function startsWith(bytes: Buffer, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/** True when the first bytes look like neither text nor a known document format (scans: images, read by OCR, are known). */
export function looksBinary(bytes: Buffer): boolean {
  if (KNOWN_MAGIC.some((m) => startsWith(bytes, m)) || sniff(bytes) === 'image') return false;
  if (utf16Encoding(bytes)) return false;
  const n = Math.min(bytes.length, 64 * 1024);
  let control = 0;
  // Indexed: for…of over a Buffer goes through the array iterator, several times slower.
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    // Control characters other than tab, newline, form feed, carriage return and escape.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) control++;
  }
  return control > n * 0.02;
}

export function checkBytes(fileName: string, bytes: Buffer, maxBytes: number): void {
  if (bytes.length === 0) throw new ReportError('empty', `文件“${fileName}”是空的（0 字节），请检查是否保存完整。`);
  if (bytes.length > maxBytes) throw tooLarge(fileName, bytes.length, maxBytes);
  if (looksBinary(bytes)) {
    throw new ReportError('binary', `文件“${fileName}”不是文字或可识别的文档格式，也不是图片（可能是程序或已损坏的文件），无法读取。`);
  }
}

export function tooLarge(fileName: string, size: number, maxBytes: number): ReportError {
  return new ReportError('too_large', `文件“${fileName}”有 ${megabytes(size)}，超过了单个文件 ${megabytes(maxBytes)} 的上限。年度报告通常不到 5 MB，请确认文件是否正确。`);
}
