/** Migrations on a real file: a database made by an earlier version keeps every row when migrated. */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../db/open.ts';
import { migrations } from '../../db/migrations/index.ts';
import { CELLS } from '../../shared/template.ts';
import { reportCells } from '../../server/repositories/cells.repository.ts';
import { tempDir } from '../support/db.ts';
import type { TempDir } from '../support/db.ts';

let folder: TempDir | null = null;
afterEach(() => {
  folder?.remove();
  folder = null;
});

/** A database file migrated only up to `name`, as an older version of the application left it. */
async function databaseAt(path: string, name: string): Promise<void> {
  const sqlite = new SQLite(path);
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(name);
  if (error) throw error;
  await db.insertInto('county').values({ name: '金乡县' }).execute();
  await db.insertInto('organ').values({ county_id: 1, name: '羊山镇', full_name: '金乡县羊山镇人民政府', kind: 'township' }).execute();
  await db.insertInto('document').values({
    sha256: 'abc', file_name: 'a.txt', format: 'txt', extraction: 'utf-8', size: 1, content: Buffer.from('a'), text: 'a', received_via: 'cli',
  }).execute();
  await db.insertInto('report').values({
    document_id: 1, organ_id: 1, county_id: 1, year: 2024, organ_printed: '羊山镇', template: '2021', status: 'needs_review', current: 1, headings: '[]',
  }).execute();
  await db.insertInto('cell').values([
    { report_id: 1, key: 'requests.new.total', parsed: 3, value: 4, review: null, line: 31, corrected: 1 },
    { report_id: 1, key: 'requests.granted.total', parsed: null, value: null, review: '表格空格丢失', line: 33, corrected: 0 },
  ]).execute();
  await db.destroy();
}

describe('migration 0002: cell without rowid', () => {
  it('keeps every cell, the key and the cascade, and drops the rowid', async () => {
    folder = tempDir('nianbao-migrate-');
    const path = join(folder.dir, 'old.sqlite');
    await databaseAt(path, '2026_11_23_0001_initial');
    const { db, sqlite } = await openDb(path);
    try {
      const cells = await db.selectFrom('cell').selectAll().orderBy('key').execute();
      expect(cells).toEqual([
        { report_id: 1, key: 'requests.granted.total', parsed: null, value: null, review: '表格空格丢失', line: 33, corrected: 0 },
        { report_id: 1, key: 'requests.new.total', parsed: 3, value: 4, review: null, line: 31, corrected: 1 },
      ]);
      const ddl = sqlite.prepare("select sql from sqlite_master where type = 'table' and name = 'cell'").pluck().get() as string;
      expect(ddl.toLowerCase()).toContain('without rowid');
      expect(() => sqlite.prepare('select rowid from cell').all()).toThrow(/rowid/);
      await expect(db.insertInto('cell').values({ report_id: 1, key: 'requests.new.total', corrected: 0 }).execute()).rejects.toThrow(/UNIQUE|PRIMARY/);
      await expect(db.insertInto('cell').values({ report_id: 99, key: 'requests.new.total', corrected: 0 }).execute()).rejects.toThrow(/FOREIGN KEY/);
      await sql`delete from report where id = 1`.execute(db);
      expect(await db.selectFrom('cell').selectAll().execute()).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});

describe('migration 0003: report cell lines', () => {
  it('adds cell_lines, null for a report stored before, whose cell rows still read as they were', async () => {
    folder = tempDir('nianbao-migrate-');
    const path = join(folder.dir, 'old.sqlite');
    await databaseAt(path, '2026_11_23_0002_cell_without_rowid');
    const { db } = await openDb(path);
    try {
      expect(await db.selectFrom('report').select('cell_lines').execute()).toEqual([{ cell_lines: null }]);
      const cells = new Map((await reportCells(db, 1)).map((c) => [c.key, c]));
      expect(cells.size).toBe(CELLS.length);
      expect(cells.get('requests.new.total')).toEqual({ key: 'requests.new.total', parsed: 3, value: 4, review: null, line: 31, corrected: 1 });
      expect(cells.get('requests.granted.total')).toMatchObject({ review: '表格空格丢失', line: 33 });
    } finally {
      await db.destroy();
    }
  });
});
