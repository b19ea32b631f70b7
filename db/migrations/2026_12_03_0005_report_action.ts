/**
 * `report_action`: what a person did to a version of a report and why — deleted it (a wrong
 * upload), deleted it no longer, put it back in force, moved it to another county. The report
 * itself keeps only its state (`current`, `deleted_at`, `county_id`); the reasons are kept here,
 * newest last, and shown in the report's history. Frozen once applied.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './columns.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('report_action')
    .addColumn('id', 'integer', t.id)
    .addColumn('report_id', 'integer', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('action', t.text, (c) => c.notNull())
    .addColumn('reason', t.text, (c) => c.notNull())
    .addColumn('author', t.text, (c) => c.notNull())
    .addColumn('detail', t.text)
    .addColumn('created_at', t.createdAtType, t.createdAt)
    .execute();
  await db.schema.createIndex('report_action_report').on('report_action').column('report_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_action').execute();
}
