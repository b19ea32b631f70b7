/**
 * Documents as they arrive (text, HTML, DOCX, PDF, …) -> the text the parser reads.
 * (Minimal version: UTF-8 text only. Issue 7 adds the other formats.)
 */
import { ReportError } from '../errors.ts';

export interface ExtractedDocument {
  /** txt, html, docx, pdf, doc, wps */
  format: string;
  /** How the text was obtained, e.g. `utf-8`, `gb18030`, `html-table`, `mammoth`, `pdfjs`. */
  extraction: string;
  /** The text the parser reads; review lines point into it, and it is stored with the document. */
  text: string;
  /** True when the reader knew the table grid, so blank cells are kept in place (see ParseOptions). */
  exactCells: boolean;
}

export async function readDocument(bytes: Buffer, fileName: string): Promise<ExtractedDocument> {
  if (bytes.length === 0) throw new ReportError('empty', `文件“${fileName}”是空的。`);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  return { format: 'txt', extraction: 'utf-8', text, exactCells: false };
}
