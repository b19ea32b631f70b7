/** Documents: the original bytes and extracted text of every file that became a report. */
import type { Kysely } from 'kysely';
import { compiledOnce } from '../../db/open.ts';
import type { Database } from '../../db/schema.ts';

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

/** The document with these bytes, if any, and the report made from it. */
const selectBySha = compiledOnce((db: Db, sha256: string) => db.selectFrom('document')
  .leftJoin('report', 'report.document_id', 'document.id')
  .select(['document.id', 'document.extraction', 'report.id as report_id', 'report.current', 'report.deleted_at'])
  .where('document.sha256', '=', sha256).orderBy('report.id', 'desc').limit(1));

export async function findDocumentBySha(db: Db, sha256: string): Promise<StoredDocumentRef | undefined> {
  const [row] = await selectBySha(db, sha256);
  if (!row) return undefined;
  return {
    documentId: row.id, reportId: row.report_id, settled: row.report_id === null || row.current === 1 || row.deleted_at !== null,
    attachmentOnly: row.report_id === null && row.extraction === ATTACHMENT_EXTRACTION,
  };
}

/** `document.extraction` of a file kept only as an attachment (stored, not read). */
export const ATTACHMENT_EXTRACTION = 'attachment';

/** An attachment-only document becomes the original of a report read from the same bytes: it takes their reading. */
export async function adoptDocument(db: Db, documentId: number, doc: { fileName: string; format: string; extraction: string; text: string; via: string }): Promise<number> {
  await db.updateTable('document').set({ file_name: doc.fileName, format: doc.format, extraction: doc.extraction, text: doc.text, received_via: doc.via })
    .where('id', '=', documentId).execute();
  return documentId;
}

const insertRow = compiledOnce((db: Db, sha256: string, fileName: string, format: string, extraction: string, size: number, content: Buffer, text: string, via: string) =>
  db.insertInto('document').values({
    sha256, file_name: fileName, format, extraction, size, content, text, received_via: via,
  }).returning('id'));

export async function insertDocument(db: Db, doc: {
  sha256: string; fileName: string; format: string; extraction: string; content: Buffer; text: string; via: string;
}): Promise<number> {
  const [row] = await insertRow(db, doc.sha256, doc.fileName, doc.format, doc.extraction, doc.content.length, doc.content, doc.text, doc.via);
  if (!row) throw new Error('document insert returned no id');
  return row.id;
}

export async function countDocuments(db: Db): Promise<number> {
  const r = await db.selectFrom('document').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
