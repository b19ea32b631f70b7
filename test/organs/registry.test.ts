import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { listFlags } from '../../server/flags/review.ts';
import { sha256 } from '../../server/ingest/ingest.ts';
import { storeReport } from '../../server/ingest/store.ts';
import { importRegistry, readRegistryCsv } from '../../server/organs/registry.ts';
import { listOrgans } from '../../server/repositories/organs.repository.ts';
import { record } from '../support/records.ts';
import { failWhen, tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';

let t: TestDb;
beforeEach(async () => { t = await tempDb(); });
afterEach(async () => { await t.close(); });

const CSV = 'county,name,kind,aliases\n金乡县,金乡县羊山镇人民政府,township,羊山乡；羊山\n金乡县,"县教育局",,教体局;金乡县教育和体育局\n金乡县,胡集镇,,\n';

describe('registry CSV', () => {
  it('reads UTF-8, UTF-8 with BOM and GBK alike', () => {
    for (const bytes of [Buffer.from(CSV), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)]), iconv.encode(CSV, 'gbk')]) {
      const { rows, problems } = readRegistryCsv(bytes);
      expect(problems).toEqual([]);
      expect(rows.map((r) => [r.county, r.name, r.kind, r.aliases])).toEqual([
        ['金乡县', '金乡县羊山镇人民政府', 'township', ['羊山乡', '羊山']],
        ['金乡县', '县教育局', null, ['教体局', '金乡县教育和体育局']],
        ['金乡县', '胡集镇', null, []],
      ]);
    }
  });

  it('keeps quoted commas and line breaks in a field and names the line a bad row starts on', () => {
    const csv = 'county,name,kind,aliases\r\n金乡县,"羊山镇",township,"羊山,\n羊山乡"\r\n\r\n金乡县,,township,\r\n';
    const { rows, problems } = readRegistryCsv(Buffer.from(csv));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.aliases).toEqual(['羊山,\n羊山乡']);
    expect(problems).toEqual([{ line: 5, reason: '缺少机关名称' }]);
  });

  it('names the lines it cannot use', () => {
    const { rows, problems } = readRegistryCsv(Buffer.from('金乡县,,,\n,羊山镇,,\n金乡县,羊山镇,宇宙飞船,\n'));
    expect(rows).toEqual([]);
    expect(problems.map((p) => p.line)).toEqual([1, 2, 3]);
    expect(problems[2]!.reason).toMatch(/宇宙飞船/);
  });

  it('imports organs once, and reports under an alias go to the registry organ', async () => {
    const { rows } = readRegistryCsv(Buffer.from(CSV));
    expect(await importRegistry(t.db, rows)).toEqual({ added: 3, updated: 0 });
    expect(await importRegistry(t.db, rows)).toEqual({ added: 0, updated: 3 });
    const organs = await listOrgans(t.db);
    expect(organs.map((o) => [o.county, o.name, o.kind, o.inRegistry])).toEqual([
      ['金乡县', '羊山镇', 'township', true], ['金乡县', '胡集镇', 'township', true], ['金乡县', '县教育局', 'department', true],
    ].sort((a, b) => String(a[2]).localeCompare(String(b[2])) || String(a[1]).localeCompare(String(b[1]), 'zh')));
    expect(organs.find((o) => o.name === '县教育局')!.aliases).toEqual(['县教体局', '县教育和体育局']);

    for (const [printed, text] of [['金乡县羊山乡人民政府', 'a'], ['金乡县教育和体育局', 'b'], ['金乡县王丕街道办事处', 'c']] as const) {
      const bytes = Buffer.from(text);
      await storeReport(t.db, {
        fileName: `${text}.txt`, bytes, sha256: sha256(bytes), via: 'cli',
        document: { format: 'txt', extraction: 'utf-8', text, exactCells: false }, record: record(printed, 2024), review: [],
      });
    }
    const after = await listOrgans(t.db);
    expect(after).toHaveLength(4);
    expect(after.find((o) => o.name === '羊山镇')!.reports).toBe(1);
    expect(after.find((o) => o.name === '县教育局')!.reports).toBe(1);
    expect(after.find((o) => o.name === '王丕街道')).toMatchObject({ inRegistry: false, kind: 'street', reports: 1 });
  });

  it('marks an organ first met in a report as in the registry once the registry lists it under another name', async () => {
    const bytes = Buffer.from('r');
    await storeReport(t.db, {
      fileName: 'r.txt', bytes, sha256: sha256(bytes), via: 'cli',
      document: { format: 'txt', extraction: 'utf-8', text: 'r', exactCells: false }, record: record('金乡县羊山乡人民政府', 2024), review: [],
    });
    const { rows } = readRegistryCsv(Buffer.from(CSV));
    await importRegistry(t.db, rows);
    const organs = await listOrgans(t.db);
    expect(organs).toHaveLength(3);
    expect(organs.find((o) => o.aliases.includes('羊山镇'))).toMatchObject({ name: '羊山乡', inRegistry: true, reports: 1 });
  });
});

describe('registry import recomputes the flags that depend on organs, in its own transaction', () => {
  async function store(printed: string, year: number, published: string, text: string) {
    const bytes = Buffer.from(text);
    return storeReport(t.db, {
      fileName: `${text}.txt`, bytes, sha256: sha256(bytes), via: 'cli', county: '金乡县',
      document: { format: 'txt', extraction: 'utf-8', text, exactCells: false }, record: { ...record(printed, year), published }, review: [],
    });
  }
  const flagsOf = async (rule: string) => (await listFlags(t.db, { rule })).rows.map((f) => `${f.organ}:${f.year}`).sort();

  // 融媒体 reads as an unknown kind (deadline 31 March, never late on a guess); the registry says it is a department (31 January).
  // 羊山镇 reports first, so it is not the report the county-year recompute would start from by chance.
  async function county() {
    await store('金乡县羊山镇人民政府', 2024, '2025-01-20', 'town 2024');
    await store('金乡县融媒体', 2023, '2024-03-10', 'media 2023');
    await store('金乡县融媒体', 2024, '2025-03-10', 'media 2024');
    expect(await flagsOf('timeliness.late')).toEqual([]);
  }

  it('a changed kind moves every year of that organ onto the new deadline', async () => {
    await county();
    await importRegistry(t.db, readRegistryCsv(Buffer.from('金乡县,金乡县融媒体,部门,\n')).rows);
    expect(await flagsOf('timeliness.late')).toEqual(['融媒体:2023', '融媒体:2024']);
    // …and back again.
    await importRegistry(t.db, readRegistryCsv(Buffer.from('金乡县,金乡县融媒体,其他,\n')).rows);
    expect(await flagsOf('timeliness.late')).toEqual([]);
  });

  it('a new registry organ with no report is missing in every year its county has reports', async () => {
    await county();
    await importRegistry(t.db, readRegistryCsv(Buffer.from('金乡县,胡集镇,乡镇,\n')).rows);
    expect(await flagsOf('missing.report')).toEqual(['胡集镇:2023', '胡集镇:2024']);
  });

  it('an organ met in reports becomes missing for its other years once the registry lists it', async () => {
    await county();
    expect(await flagsOf('missing.report')).toEqual([]);
    await importRegistry(t.db, readRegistryCsv(Buffer.from('金乡县,羊山镇,乡镇,\n')).rows);
    expect(await flagsOf('missing.report')).toEqual(['羊山镇:2023']);
  });

  it('leaves organs and flags as they were when the recompute fails', async () => {
    await county();
    const before = await listOrgans(t.db);
    await failWhen(t, 'flag', 'insert', 'no flags today');
    await expect(importRegistry(t.db, readRegistryCsv(Buffer.from('金乡县,金乡县融媒体,部门,\n金乡县,胡集镇,乡镇,\n')).rows)).rejects.toThrow(/no flags today/);
    expect(await listOrgans(t.db)).toEqual(before);
  });
});
