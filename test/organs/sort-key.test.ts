/** Names in Chinese (pinyin) order from a plain ORDER BY: the key, and the database using it. */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../db/open.ts';
import { migrations } from '../../db/migrations/index.ts';
import { sortKey } from '../../db/sort-key.ts';
import { ensureCounty, listCounties } from '../../server/repositories/counties.repository.ts';
import { insertOrgan, listOrgans } from '../../server/repositories/organs.repository.ts';
import { tempDb, tempDir } from '../support/db.ts';
import type { TempDir, TestDb } from '../support/db.ts';

const byKey = (names: string[]) => [...names].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));

describe('sortKey', () => {
  it('orders names by pinyin, not by code point', () => {
    // Code point order would be 羊 (U+7F8A) < 胡 (U+80E1) < 鸡 (U+9E21).
    expect(byKey(['羊山镇', '胡集镇', '鸡黍镇', '安乐镇', '县教育局'])).toEqual(['安乐镇', '胡集镇', '鸡黍镇', '县教育局', '羊山镇']);
  });

  it('agrees with localeCompare(…, "zh") on the names of a county', () => {
    const names = ['城关街道', '高河镇', '县财政局', '县人民政府', '王庙镇', '羊山镇', '胡集镇', '金乡街道', '县卫生健康局', '鱼山街道', '司马镇', '马庙镇'];
    expect(byKey(names)).toEqual([...names].sort((a, b) => a.localeCompare(b, 'zh')));
  });

  it('puts a shorter name before the longer one it begins, digits and Latin before ideographs, and stays ASCII', () => {
    expect(byKey(['县教育局', '县教育', '第2中学', 'A镇'])).toEqual(['A镇', '第2中学', '县教育', '县教育局']);
    expect(sortKey('羊山镇𠀀')).toMatch(/^[0-9a-f]+$/);
  });
});

describe('sort keys in the database', () => {
  let t: TestDb | null = null;
  let folder: TempDir | null = null;
  afterEach(async () => {
    await t?.close();
    folder?.remove();
    t = null;
    folder = null;
  });

  it('lists counties and organs in pinyin order', async () => {
    t = await tempDb();
    const jinxiang = await ensureCounty(t.db, '金乡县');
    await ensureCounty(t.db, '鱼台县');
    await ensureCounty(t.db, '嘉祥县');
    for (const name of ['羊山镇', '胡集镇', '鸡黍镇']) {
      await insertOrgan(t.db, { countyId: jinxiang, name, fullName: name, kind: 'township', inRegistry: true });
    }
    expect((await listCounties(t.db)).map((c) => c.name)).toEqual(['嘉祥县', '金乡县', '鱼台县']);
    expect((await listOrgans(t.db)).map((o) => o.name)).toEqual(['胡集镇', '鸡黍镇', '羊山镇']);
  });

  it('fills the keys of rows an earlier version stored without them when the database is opened', async () => {
    folder = tempDir('nianbao-sortkey-');
    const path = join(folder.dir, 'old.sqlite');
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(path) }) });
    const { error } = await new Migrator({ db: old, provider: { getMigrations: async () => migrations } }).migrateTo('2026_11_23_0003_report_cell_lines');
    if (error) throw error;
    await old.insertInto('county').values({ name: '金乡县' }).execute();
    await old.insertInto('organ').values([
      { county_id: 1, name: '羊山镇', full_name: '羊山镇', kind: 'township' },
      { county_id: 1, name: '胡集镇', full_name: '胡集镇', kind: 'township' },
    ]).execute();
    await old.destroy();
    const { db } = await openDb(path);
    try {
      expect(await db.selectFrom('organ').select(['name', 'sort_key']).orderBy('id').execute())
        .toEqual([{ name: '羊山镇', sort_key: sortKey('羊山镇') }, { name: '胡集镇', sort_key: sortKey('胡集镇') }]);
      expect((await listOrgans(db)).map((o) => o.name)).toEqual(['胡集镇', '羊山镇']);
    } finally {
      await db.destroy();
    }
  });
});
