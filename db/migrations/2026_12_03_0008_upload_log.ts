/**
 * `upload_log`: one row per file a person sent (upload page, 手工录入), whatever became of it —
 * stored, unchanged, replaced, or refused and why. A refused file changes nothing else in the
 * database; this row is how the office still sees, after a reload or a week later, who sent what
 * and what happened. Snapshots of organ, county and year as the answer gave them (text), so the
 * log reads the same after a report is moved or deleted. Frozen once applied.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './columns.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('upload_log')
    .addColumn('id', 'integer', t.id)
    .addColumn('created_at', t.createdAtType, t.createdAt)
    .addColumn('via', t.text, (c) => c.notNull())
    .addColumn('author', t.text, (c) => c.notNull())
    .addColumn('client', t.text)
    .addColumn('file_name', t.text, (c) => c.notNull())
    .addColumn('outcome', t.text, (c) => c.notNull())
    .addColumn('reason', t.text)
    .addColumn('report_id', 'integer')
    .addColumn('organ', t.text)
    .addColumn('county', t.text)
    .addColumn('year', 'integer')
    .execute();
  await db.schema.createIndex('upload_log_outcome').on('upload_log').columns(['outcome', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('upload_log').execute();
}
