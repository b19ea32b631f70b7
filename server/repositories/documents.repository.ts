/** Documents: the original bytes and extracted text of every file that became a report. */
import type { Kysely } from 'kysely';
import { compiledOnce } from '../../db/open.ts';
import type { Database } from '../../db/schema.ts';
import type { ScanText } from '../report/readers/ocr/index.ts';

type Db = Kysely<Database>;

export interface StoredDocumentRef {
  documentId: number;
  /** The latest report made from this document (null if none). */
  reportId: number | null;
  /** That report is in force (current, not deleted) or was deleted by a person: re-sending the bytes changes nothing. */
  settled: boolean;
  /**
   * Kept only as the scan attached to a report typed in by hand, never read: sent as a report of
   * its own, the bytes are read like new ones and the row takes their reading (`adoptDocument`).
   */
  attachmentOnly: boolean;
}

/**
 * The document with these bytes, if any, and every report made from it (almost always one). No
 * ORDER BY: sorting even one row costs SQLite three times the lookup, and every file is looked up.
 */
const selectBySha = compiledOnce((db: Db, sha256: string) => db.selectFrom('document')
  .leftJoin('report', 'report.document_id', 'document.id')
  .select(['document.id', 'document.extraction', 'report.id as report_id', 'report.current', 'report.deleted_at'])
  .where('document.sha256', '=', sha256));

/** The document with these bytes, if any, and the latest report made from it. */
export async function findDocumentBySha(db: Db, sha256: string): Promise<StoredDocumentRef | undefined> {
  let row: Awaited<ReturnType<typeof selectBySha>>[number] | undefined;
  for (const r of await selectBySha(db, sha256)) if (!row || (r.report_id ?? 0) > (row.report_id ?? 0)) row = r;
  if (!row) return undefined;
  return {
    documentId: row.id, reportId: row.report_id, settled: row.report_id === null || row.current === 1 || row.deleted_at !== null,
    attachmentOnly: row.report_id === null && row.extraction === ATTACHMENT_EXTRACTION,
  };
}

/** `document.extraction` of a file kept only as an attachment (stored, not read). */
export const ATTACHMENT_EXTRACTION = 'attachment';

/**
 * Where a scan's numbers were read (page sizes; per cell key its page, box, OCR text and
 * confidence), as `readDocument()` gives it (`ExtractedDocument.scan`); stored as JSON in
 * `document.scan`, null for a document not read by OCR.
 */
export type DocumentScan = Pick<ScanText, 'pages' | 'cells'>;

function scanJson(scan: DocumentScan | undefined): string | null {
  return scan ? JSON.stringify({ pages: scan.pages, cells: scan.cells }) : null;
}

/** The stored scan of a document, or null (not a scan, unreadable JSON). */
export function parseScan(json: string | null): DocumentScan | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as DocumentScan;
    return Array.isArray(v?.pages) && v.cells && typeof v.cells === 'object' ? v : null;
  } catch {
    return null;
  }
}

/** A document's scan provenance and what the page route needs to render a page (no bytes). */
export async function documentScan(db: Db, documentId: number): Promise<{ sha256: string; format: string; fileName: string; scan: DocumentScan } | undefined> {
  const row = await db.selectFrom('document').select(['sha256', 'format', 'file_name', 'scan']).where('id', '=', documentId).executeTakeFirst();
  const scan = parseScan(row?.scan ?? null);
  return row && scan ? { sha256: row.sha256, format: row.format, fileName: row.file_name, scan } : undefined;
}

export async function documentContent(db: Db, documentId: number): Promise<Buffer | undefined> {
  return (await db.selectFrom('document').select('content').where('id', '=', documentId).executeTakeFirst())?.content;
}

interface DocumentReading { fileName: string; format: string; extraction: string; text: string; via: string; scan?: DocumentScan | undefined }

/** An attachment-only document becomes the original of a report read from the same bytes: it takes their reading. */
export async function adoptDocument(db: Db, documentId: number, doc: DocumentReading): Promise<number> {
  await db.updateTable('document').set({
    file_name: doc.fileName, format: doc.format, extraction: doc.extraction, text: doc.text, received_via: doc.via, scan: scanJson(doc.scan),
  }).where('id', '=', documentId).execute();
  return documentId;
}

const insertRow = compiledOnce((db: Db, sha256: string, fileName: string, format: string, extraction: string, size: number, content: Buffer, text: string, via: string, scan: string | null) =>
  db.insertInto('document').values({
    sha256, file_name: fileName, format, extraction, size, content, text, received_via: via, scan,
  }).returning('id'));

export async function insertDocument(db: Db, doc: DocumentReading & { sha256: string; content: Buffer }): Promise<number> {
  const [row] = await insertRow(db, doc.sha256, doc.fileName, doc.format, doc.extraction, doc.content.length, doc.content, doc.text, doc.via, scanJson(doc.scan));
  if (!row) throw new Error('document insert returned no id');
  return row.id;
}

export async function countDocuments(db: Db): Promise<number> {
  const r = await db.selectFrom('document').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
