/**
 * Report attachments: the scanned file a clerk attached to a report typed in by hand (手工录入),
 * kept byte for byte as a `document` row (the same bytes sent again, or already stored for any
 * other reason, are that same row) and linked to the report in `report_attachment`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ATTACHMENT_EXTRACTION, findDocumentBySha, insertDocument } from './documents.repository.ts';

type Db = Kysely<Database>;

export interface NewAttachment {
  fileName: string;
  format: string;
  bytes: Buffer;
  sha256: string;
}

/**
 * Link `file` to the report on the caller's transaction: its document is the one with the same
 * bytes if stored, else a new one. Returns whether anything changed (false: that report already
 * had these very bytes attached).
 */
export async function attachToReport(db: Db, reportId: number, file: NewAttachment): Promise<boolean> {
  const existing = await findDocumentBySha(db, file.sha256);
  const documentId = existing?.documentId ?? await insertDocument(db, {
    sha256: file.sha256, fileName: file.fileName, format: file.format, extraction: ATTACHMENT_EXTRACTION, content: file.bytes, text: '', via: 'manual',
  });
  const linked = await db.selectFrom('report_attachment').select('document_id').where('report_id', '=', reportId).executeTakeFirst();
  if (linked?.document_id === documentId) return false;
  if (linked) await db.updateTable('report_attachment').set({ document_id: documentId }).where('report_id', '=', reportId).execute();
  else await db.insertInto('report_attachment').values({ report_id: reportId, document_id: documentId }).execute();
  return true;
}

/** The attachment of a report, without its bytes (for the detail), or undefined. */
export async function attachmentOf(db: Db, reportId: number): Promise<{ fileName: string; size: number } | undefined> {
  const row = await db.selectFrom('report_attachment').innerJoin('document', 'document.id', 'report_attachment.document_id')
    .select(['document.file_name', 'document.size']).where('report_attachment.report_id', '=', reportId).executeTakeFirst();
  return row ? { fileName: row.file_name, size: row.size } : undefined;
}

/** The attachment of a report with its bytes (to serve it back), or undefined. */
export async function attachmentFile(db: Db, reportId: number): Promise<{ fileName: string; format: string; content: Buffer } | undefined> {
  const row = await db.selectFrom('report_attachment').innerJoin('document', 'document.id', 'report_attachment.document_id')
    .select(['document.file_name', 'document.format', 'document.content']).where('report_attachment.report_id', '=', reportId).executeTakeFirst();
  return row ? { fileName: row.file_name, format: row.format, content: row.content } : undefined;
}
