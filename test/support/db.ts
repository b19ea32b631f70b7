/** Real temporary SQLite files for the tests: one helper for every test directory that needs a database. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../db/open.ts';
import type { OpenedDb } from '../../db/open.ts';

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

/** A new, migrated database file in its own temporary folder, opened the way the application opens it. */
export async function tempDb(prefix = 'nianbao-test-'): Promise<TestDb> {
  const folder = tempDir(prefix);
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
