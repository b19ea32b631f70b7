import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { DEFAULT_DB_PATH, PAGE_SIZE, databaseFrom, dbPathFrom, openDatabase, openDb, redactUrl } from '../../db/open.ts';
import { dataVersion } from '../../db/dialect.ts';
import type { OpenedDb } from '../../db/open.ts';
import { tempDb, tempDir } from '../support/db.ts';
import { onPostgresTests } from '../support/db.ts';
import type { TempDir, TestDb } from '../support/db.ts';

let folder: TempDir | null = null;
let opened: OpenedDb | null = null;
let t: TestDb | null = null;
afterEach(async () => {
  await opened?.db.destroy();
  folder?.remove();
  await t?.close();
  opened = null;
  folder = null;
  t = null;
});

describe('openDb', () => {
  it('creates and migrates a new file, in WAL mode with foreign keys on', async () => {
    folder = tempDir('nianbao-db-');
    opened = await openDb(join(folder.dir, 'sub', 'new.sqlite'));
    expect(opened.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite!.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = await opened.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['county', 'organ', 'document', 'report', 'cell', 'report_value', 'flag']));
    await expect(opened.db.insertInto('report_value').values({ report_id: 999 } as never).execute()).rejects.toThrow(/FOREIGN KEY/);
  });

  it('gives a new file 16 KB pages, and opens a file made with other pages as it is', async () => {
    folder = tempDir('nianbao-db-');
    opened = await openDb(join(folder.dir, 'new.sqlite'));
    expect(opened.sqlite!.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    await opened.db.destroy();
    const old = join(folder.dir, 'old.sqlite');
    const raw = new SQLite(old);
    raw.pragma('page_size = 4096');
    raw.exec('create table t (x)');
    raw.close();
    opened = await openDb(old);
    expect(opened.sqlite!.pragma('page_size', { simple: true })).toBe(4096);
    await opened.db.insertInto('county').values({ name: '甲县' }).execute();
    expect(await opened.db.selectFrom('county').select('name').execute()).toEqual([{ name: '甲县' }]);
  });

  // The statement cache is SQLite's (db/open.ts withStatementCache).
  it.skipIf(onPostgresTests)('gives correct results when the same statement is reused, streamed and run again', async () => {
    const { db } = (t = await tempDb('nianbao-db-'));
    await db.insertInto('county').values([{ name: '甲县' }, { name: '乙县' }]).execute();
    const q = db.selectFrom('county').select('name').where('name', '=', '甲县');
    expect(await q.execute()).toEqual([{ name: '甲县' }]);
    const streamed: string[] = [];
    for await (const row of db.selectFrom('county').select('name').orderBy('id').stream()) streamed.push(row.name);
    expect(streamed).toEqual(['甲县', '乙县']);
    expect(await db.selectFrom('county').select('name').where('name', '=', '乙县').execute()).toEqual([{ name: '乙县' }]);
  });
});

describe('dbPathFrom', () => {
  it('prefers --db, then NIANBAO_DB, then data/nianbao.sqlite', () => {
    expect(dbPathFrom(['node', 'x', '--db', 'a.sqlite'], { NIANBAO_DB: 'b.sqlite' })).toBe(resolve('a.sqlite'));
    expect(dbPathFrom(['node', 'x', '--db=c.sqlite'], {})).toBe(resolve('c.sqlite'));
    expect(dbPathFrom(['node', 'x'], { NIANBAO_DB: 'b.sqlite' })).toBe(resolve('b.sqlite'));
    expect(dbPathFrom(['node', 'x'], {})).toBe(DEFAULT_DB_PATH);
  });
});

describe('databaseFrom: which backend', () => {
  it('takes --database-url, then NIANBAO_DATABASE_URL, else the SQLite file', () => {
    const url = 'postgres://u:pw@db:5432/nianbao';
    expect(databaseFrom(['node', 'x', '--database-url', url, '--db', 'a.sqlite'], {})).toEqual({ kind: 'postgres', url });
    expect(databaseFrom(['node', 'x', `--database-url=${url}`], {})).toEqual({ kind: 'postgres', url });
    expect(databaseFrom(['node', 'x'], { NIANBAO_DATABASE_URL: ` ${url} `, NIANBAO_DB: 'b.sqlite' })).toEqual({ kind: 'postgres', url });
    expect(databaseFrom(['node', 'x'], { NIANBAO_DB: 'b.sqlite' })).toEqual({ kind: 'sqlite', path: resolve('b.sqlite') });
  });

  it('refuses a URL that is not PostgreSQL, without showing its password', () => {
    expect(() => databaseFrom(['node', 'x'], { NIANBAO_DATABASE_URL: 'mysql://u:secret@h/db' })).toThrow(/postgres:\/\//);
    expect(() => databaseFrom(['node', 'x'], { NIANBAO_DATABASE_URL: 'mysql://u:secret@h/db' })).not.toThrow(/secret/);
    expect(redactUrl('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(redactUrl('postgres://u@h/db')).toBe('postgres://u@h/db');
  });

  it('says plainly when the PostgreSQL server cannot be reached', async () => {
    await expect(openDatabase({ kind: 'postgres', url: 'postgres://u:secret@127.0.0.1:1/none' })).rejects.toThrow(/连接不上 PostgreSQL 服务器.*u:\*\*\*@/);
  });

  it.runIf(onPostgresTests)('says plainly when the PostgreSQL database does not exist', async () => {
    const u = new URL(process.env.NIANBAO_TEST_DATABASE_URL!);
    u.pathname = '/nianbao_no_such_database';
    await expect(openDatabase({ kind: 'postgres', url: u.toString() })).rejects.toThrow(/数据库“nianbao_no_such_database”不存在：请先建库/);
  });
});

describe('data_version: what a write counts', () => {
  it('every write to report data raises it, a lone write to the upload log or an upload job does not', async () => {
    t = await tempDb('nianbao-dv-');
    const v0 = await dataVersion(t.db);
    await t.db.insertInto('county').values({ name: '甲县', sort_key: 'x' }).execute();
    const v1 = await dataVersion(t.db);
    expect(v1).not.toBe(v0);
    await t.db.insertInto('upload_log').values({ via: 'upload', author: '管理员', client: null, file_name: 'a.txt', outcome: 'failed', reason: '坏', report_id: null, organ: null, county: null, year: null }).execute();
    expect(await dataVersion(t.db)).toBe(v1);
    await t.db.updateTable('upload_log').set({ reason: '更坏' }).execute();
    expect(await dataVersion(t.db)).toBe(v1);
    await t.db.updateTable('county').set({ name: '乙县' }).execute();
    expect(await dataVersion(t.db)).not.toBe(v1);
  });
});
