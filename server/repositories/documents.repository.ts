/** Documents: the original bytes and extracted text of every file that became a report. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export interface StoredDocumentRef {
  documentId: number;
  /** The latest report made from this document (null if none). */
  reportId: number | null;
}

/** The document with these bytes, if any, and the report made from it. */
export async function findDocumentBySha(db: Db, sha256: string): Promise<StoredDocumentRef | undefined> {
  const row = await db.selectFrom('document').leftJoin('report', 'report.document_id', 'document.id')
    .select(['document.id', 'report.id as report_id'])
    .where('document.sha256', '=', sha256).orderBy('report.id', 'desc').executeTakeFirst();
  return row ? { documentId: row.id, reportId: row.report_id } : undefined;
}

export async function insertDocument(db: Db, doc: {
  sha256: string; fileName: string; format: string; extraction: string; content: Buffer; text: string; via: string;
}): Promise<number> {
  const row = await db.insertInto('document').values({
    sha256: doc.sha256, file_name: doc.fileName, format: doc.format, extraction: doc.extraction,
    size: doc.content.length, content: doc.content, text: doc.text, received_via: doc.via,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function countDocuments(db: Db): Promise<number> {
  const r = await db.selectFrom('document').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
