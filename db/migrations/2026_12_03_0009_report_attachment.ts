/**
 * `report_attachment`: the scanned file (PDF or image) a clerk attached to a report typed in by
 * hand (手工录入). The report stays the typed record; the scan is kept as an original beside it,
 * byte for byte, in `document` (shared by sha256 with any other use of the same bytes). One row
 * per report at most; a report with none has no row. A table of its own, not a column on
 * `report`, so that readers and copies of `report` rows are untouched. Frozen once applied.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_attachment')
    .addColumn('report_id', 'integer', (c) => c.primaryKey().references('report.id').onDelete('cascade'))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('document.id'))
    .execute();
  await db.schema.createIndex('report_attachment_document').on('report_attachment').column('document_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_attachment').execute();
}
