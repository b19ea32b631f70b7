/** Shared by the reader tests: the round trip record -> file -> readDocument -> parseText. */
import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';
import { readDocument, type ExtractedDocument } from '../../server/report/readers/index.ts';
import { parseText } from '../../server/report/parse.ts';
import { CELLS, getCell, type ReportRecord } from '../../server/report/template.ts';

export function hasCommand(cmd: string, args: string[] = ['--version']): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

export const HAS_SOFFICE = hasCommand('soffice');
if (!HAS_SOFFICE) console.log('LibreOffice (soffice) is not installed: PDF-from-DOCX and .doc tests are skipped (apt-get install libreoffice-writer-nogui).');

/** The parse of the extracted text has the record's organ, year and every one of the 200 cells. */
export function expectSameRecord(doc: ExtractedDocument, record: ReportRecord): ReportRecord {
  const parsed = parseText(doc.text, { exactCells: doc.exactCells });
  expect(parsed.error).toBeNull();
  const got = parsed.record!;
  expect({ organ: got.organ, year: got.year }).toEqual({ organ: record.organ, year: record.year });
  const diffs = CELLS.filter((c) => getCell(got, c) !== getCell(record, c)).map((c) => `${c.key}: ${getCell(got, c)} != ${getCell(record, c)}`);
  expect(diffs).toEqual([]);
  expect(parsed.review).toEqual([]);
  return got;
}

export async function read(bytes: Buffer | string, fileName: string): Promise<ExtractedDocument> {
  return readDocument(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, fileName);
}

/** The tab-separated (table) lines of an extraction. */
export function tableLines(text: string): string[] {
  return text.split('\n').filter((l) => l.includes('\t'));
}

export { pdfOf } from '../support/pdf.ts';
