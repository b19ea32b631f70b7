/**
 * What several processes on one database must share, in the database itself:
 * - `data_version`: one row whose number every write transaction raises (db/open.ts), so that a
 *   server's caches and ETags notice another process's writes (the CLI, a second server);
 * - `setting`: small named values, e.g. the admin token's SHA-256 when no file beside the
 *   database can hold the token (PostgreSQL);
 * - at most one report in force per organ and year, as a unique partial index. Should an older
 *   database hold two, the newest (highest id) stays in force, as a re-upload would leave it.
 * Portable (SQLite and PostgreSQL). Frozen once applied.
 */
import { type Kysely, sql } from 'kysely';
import { columnTypes } from './columns.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('data_version').values({ id: 1, n: 0 }).execute();

  await db.schema
    .createTable('setting')
    .addColumn('name', t.text, (c) => c.primaryKey())
    .addColumn('value', t.text, (c) => c.notNull())
    .execute();

  await sql`update report set current = 0 where current = 1 and exists (
    select 1 from report newer where newer.organ_id = report.organ_id and newer.year = report.year
      and newer.current = 1 and newer.id > report.id)`.execute(db);
  await db.schema.createIndex('report_one_current').on('report').columns(['organ_id', 'year']).unique()
    .where(sql.ref('current'), '=', sql.lit(1)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('report_one_current').execute();
  await db.schema.dropTable('setting').execute();
  await db.schema.dropTable('data_version').execute();
}
