/**
 * The same input gives the same answers on SQLite and on PostgreSQL, byte for byte: the demo
 * county is loaded into one database of each, and the API tour (scripts/lib/api-tour.ts: every
 * GET endpoint as JSON and CSV, then corrections, decisions, a delete and a restore, and the reads
 * they change) is run on both. Runs in the PostgreSQL pass (`npm run test:pg`).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/open.ts';
import type { OpenedDb } from '../../db/open.ts';
import { buildApp } from '../../server/app.ts';
import { loadDemoIfEmpty } from '../../server/demo/load.ts';
import { apiTour } from '../../scripts/lib/api-tour.ts';
import type { TourAnswer } from '../../scripts/lib/api-tour.ts';
import { onPostgresTests, tempDb, tempDir } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';

const TOKEN = 'backends-admin-token-0123456789';

async function tour(opened: OpenedDb, dir: string): Promise<TourAnswer[]> {
  const demo = await loadDemoIfEmpty(opened.db);
  expect(demo.loaded).toBe(true);
  const app = await buildApp({ db: opened.db, dbPath: opened.path, adminToken: TOKEN, webRoot: join(dir, 'no-web') });
  try {
    return await apiTour(app, TOKEN);
  } finally {
    await app.close();
  }
}

describe.skipIf(!onPostgresTests)('SQLite and PostgreSQL answer alike', () => {
  const folder = tempDir('nianbao-backends-');
  let pg: TestDb | null = null;
  afterAll(async () => {
    await pg?.close();
    folder.remove();
  });

  it('every answer of the API tour, JSON and CSV, before and after writes, is byte-identical', { timeout: 600_000 }, async () => {
    const lite = await openDb(join(folder.dir, 'lite.sqlite'));
    const onSqlite = await tour(lite, folder.dir).finally(() => lite.db.destroy());
    pg = await tempDb('nianbao-backends-pg-');
    expect(pg.dialect).toBe('postgres');
    const onPostgres = await tour(pg, folder.dir);

    expect(onPostgres.map((a) => a.name)).toEqual(onSqlite.map((a) => a.name));
    expect(onSqlite.length).toBeGreaterThan(120);
    // Each answer that differs, with a little of both texts around the first difference.
    const differ = onSqlite.flatMap((a, i) => {
      const b = onPostgres[i]!.text;
      if (a.text === b) return [];
      let at = 0;
      while (a.text[at] === b[at]) at++;
      return [`${a.name}: sqlite …${a.text.slice(Math.max(0, at - 60), at + 60)}… postgres …${b.slice(Math.max(0, at - 60), at + 60)}…`];
    });
    expect(differ).toEqual([]);
    // The tour did write: a correction answered 200 on both.
    expect(onSqlite.some((a) => /POST_+api_reports_\d+_corrections/.test(a.name) && a.text.startsWith('200'))).toBe(true);
  });
});
