/**
 * Real temporary databases for the tests: one helper for every test directory that needs one.
 *
 * SQLite by default: a new file in its own folder. With NIANBAO_TEST_DATABASE_URL (a PostgreSQL
 * server's admin URL, e.g. the private cluster scripts/pg-cluster.sh starts), every `tempDb()` is
 * a new PostgreSQL database instead, cloned from a migrated template (made once per set of
 * migrations), and dropped by `close()`. `npm run test:pg` runs the database, ingest and API
 * suites that way.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type pg from 'pg';
import { openDb, openPostgres } from '../../db/open.ts';
import type { DatabaseTarget, OpenedDb } from '../../db/open.ts';
import { migrations } from '../../db/migrations/index.ts';
import { sha256Hex } from '../../server/auth.ts';
import { databaseUrl, withPgClient } from '../../scripts/lib/databases.ts';

/** The PostgreSQL server the tests run on, or undefined: SQLite. */
export const TEST_PG_URL = process.env.NIANBAO_TEST_DATABASE_URL?.trim() || undefined;
/** Are the tests on PostgreSQL? (For the few tests of SQLite's own machinery, which skip there.) */
export const onPostgresTests = TEST_PG_URL !== undefined;

/** The URL of database `name` on the test server. */
export function testDatabaseUrl(name: string): string {
  return databaseUrl(TEST_PG_URL!, name);
}

const admin = <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => withPgClient(TEST_PG_URL!, work);

let template: Promise<string> | null = null;

/** The migrated template database for this set of migrations, made once (under a lock: test files run side by side). */
function templateDatabase(): Promise<string> {
  return (template ??= admin(async (client) => {
    const name = `nianbao_tpl_${sha256Hex(Object.keys(migrations).join(',')).slice(0, 12)}`;
    await client.query('select pg_advisory_lock(4242)');
    try {
      const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (!exists.rowCount) {
        const building = `${name}_new`;
        await client.query(`drop database if exists ${building} with (force)`);
        await client.query(`create database ${building}`);
        const opened = await openPostgres(testDatabaseUrl(building));
        await opened.db.destroy();
        await client.query(`alter database ${building} rename to ${name}`);
      }
    } finally {
      await client.query('select pg_advisory_unlock(4242)');
    }
    return name;
  }));
}

/** A new PostgreSQL database cloned from the migrated template; its URL and a way to drop it. */
export async function tempPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const from = await templateDatabase();
  const name = `nianbao_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name} template ${from}`));
  return { url: testDatabaseUrl(name), drop: () => admin(async (c) => { await c.query(`drop database if exists ${name} with (force)`); }) };
}

export interface TempDir {
  dir: string;
  remove(): void;
}

/** An empty temporary folder, removed with everything in it by `remove()`. */
export function tempDir(prefix = 'nianbao-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestDb extends OpenedDb {
  /** The temporary folder holding the database; tests may put input files here too. */
  dir: string;
  /** Close the database and delete its folder. */
  close(): Promise<void>;
}

/**
 * A new, migrated database in its own temporary folder (a SQLite file there, or a PostgreSQL
 * database when the tests run on PostgreSQL), opened the way the application opens it.
 */
export async function tempDb(prefix = 'nianbao-test-'): Promise<TestDb> {
  const folder = tempDir(prefix);
  if (TEST_PG_URL) {
    const database = await tempPgDatabase();
    const opened = await openPostgres(database.url);
    return {
      ...opened, dir: folder.dir,
      async close() {
        await opened.db.destroy();
        await database.drop();
        folder.remove();
      },
    };
  }
  const opened = await openDb(join(folder.dir, 'test.sqlite'));
  return {
    ...opened, dir: folder.dir,
    async close() {
      await opened.db.destroy();
      folder.remove();
    },
  };
}

/** Row counts of every table an ingest writes (to show that something changed, or nothing did). */
export async function counts(t: Pick<TestDb, 'db'>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['county', 'organ', 'organ_alias', 'document', 'report', 'cell', 'report_value', 'flag'] as const) {
    const r = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  return out;
}

/**
 * Make every `event` on `table` (where `when` holds, a condition on NEW in SQL both backends read)
 * fail with `message`: a disk or constraint failure at a chosen step, to test what a failed write
 * leaves behind. A trigger named `boom`; one per database.
 */
export async function failWhen(t: Pick<OpenedDb, 'db' | 'dialect'>, table: string, event: 'insert' | 'update', message: string, when?: string): Promise<void> {
  const ev = event.toUpperCase();
  if (t.dialect === 'postgres') {
    await sql.raw(`CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`).execute(t.db);
    await sql.raw(`CREATE TRIGGER boom BEFORE ${ev} ON ${table} FOR EACH ROW ${when ? `WHEN (${when}) ` : ''}EXECUTE FUNCTION boom()`).execute(t.db);
  } else {
    await sql.raw(`CREATE TRIGGER boom BEFORE ${ev} ON ${table} ${when ? `WHEN ${when} ` : ''}BEGIN SELECT RAISE(ABORT, '${message}'); END`).execute(t.db);
  }
}

/** Undo `failWhen`. */
export async function stopFailing(t: Pick<OpenedDb, 'db' | 'dialect'>, table: string): Promise<void> {
  if (t.dialect === 'postgres') {
    await sql.raw(`DROP TRIGGER boom ON ${table}`).execute(t.db);
    await sql.raw('DROP FUNCTION boom()').execute(t.db);
  } else {
    await sql.raw('DROP TRIGGER boom').execute(t.db);
  }
}

/** The command-line flags that point a CLI (ingest, organs, serve) at this database. */
export function databaseArgs(target: DatabaseTarget): string[] {
  return target.kind === 'postgres' ? ['--database-url', target.url] : ['--db', target.path];
}
