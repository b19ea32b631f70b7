/**
 * `sort_key` on counties and organs: their names in Chinese (pinyin) order for a plain ORDER BY,
 * the same in SQLite and PostgreSQL (db/sort-key.ts). Written with every new county
 * and organ; rows an earlier version left without one are filled when the database is opened
 * (`fillSortKeys`), since the key comes from the application. Frozen once applied.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './columns.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('county').addColumn('sort_key', columnTypes(db).text).execute();
  await db.schema.alterTable('organ').addColumn('sort_key', columnTypes(db).text).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organ').dropColumn('sort_key').execute();
  await db.schema.alterTable('county').dropColumn('sort_key').execute();
}
