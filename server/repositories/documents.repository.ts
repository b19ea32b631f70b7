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
}

/** The document with these bytes, if any, and the report made from it. */
const selectBySha = compiledOnce((db: Db, sha256: string) => db.selectFrom('document')
  .leftJoin('report', 'report.document_id', 'document.id')
  .select(['document.id', 'report.id as report_id', 'report.current', 'report.deleted_at'])
  .where('document.sha256', '=', sha256).orderBy('report.id', 'desc').limit(1));

export async function findDocumentBySha(db: Db, sha256: string): Promise<StoredDocumentRef | undefined> {
  const [row] = await selectBySha(db, sha256);
  return row ? { documentId: row.id, reportId: row.report_id, settled: row.report_id === null || row.current === 1 || row.deleted_at !== null } : undefined;
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
