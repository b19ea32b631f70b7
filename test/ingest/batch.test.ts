import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recomputeFlags } from '../../server/flags/recompute.ts';
import { generateCounty } from '../../server/demo/records.ts';
import { writeDemoCounty } from '../../server/demo/render.ts';
import { ingestPaths } from '../../server/ingest/batch.ts';
import type { BatchOptions } from '../../server/ingest/batch.ts';
import { ingestBuffer } from '../../server/ingest/ingest.ts';
import type { IngestResult } from '../../server/ingest/ingest.ts';
import { renderText } from '../../server/report/render.ts';
import { counts, failWhen, tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';
import { record } from '../support/records.ts';

let t: TestDb;
beforeEach(async () => { t = await tempDb(); });
afterEach(async () => { await t.close(); });

// One batch for sure: no file or time limit is reached by three small files.
const ONE_BATCH: Partial<BatchOptions> = { batchFiles: 200, batchMs: 60_000 };

async function collect(paths: string[], options: Partial<BatchOptions> = {}): Promise<IngestResult[]> {
  const out: IngestResult[] = [];
  for await (const r of ingestPaths(t.db, paths, { via: 'cli', ...options })) out.push(r);
  return out;
}

/** A folder of report files (rendered from records), named so they are walked in this order. */
function folder(files: { name: string; organ: string; year: number; values?: Record<string, number | null> }[]): string {
  const dir = join(t.dir, 'in');
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.name), renderText(record(f.organ, f.year, f.values), 'rows-tab'));
  return dir;
}

// 1 + 1 ≠ 5: an arithmetic flag on the report that carries it.
const BAD_SUMS = { 'requests.new.natural_person': 1, 'requests.new.commercial': 1, 'requests.new.total': 5 };

describe('batched ingest: one transaction, a savepoint per file', () => {
  it('a file failing in the middle of a batch leaves the others stored and nothing of itself', async () => {
    const dir = folder([
      { name: 'a.txt', organ: '金乡县羊山镇人民政府', year: 2024, values: BAD_SUMS },
      { name: 'b.txt', organ: '金乡县坏账镇人民政府', year: 2024 },
      { name: 'c.txt', organ: '金乡县胡集镇人民政府', year: 2024 },
    ]);
    // The document and the organ of b are written before its report is refused: the savepoint must undo them.
    await failWhen(t, 'report', 'insert', 'disk on fire', "NEW.organ_printed LIKE '%坏账镇%'");
    const results = await collect([dir], ONE_BATCH);
    expect(results.map((r) => r.outcome)).toEqual(['ingested', 'failed', 'ingested']);
    expect(results[1]!.file).toBe(join(dir, 'b.txt'));
    expect(results[1]!.reason).toMatch(/数据库未作任何改动/);
    expect(await counts(t)).toMatchObject({ county: 1, organ: 2, document: 2, report: 2, cell: 0, report_value: 2 });
    const organs = await t.db.selectFrom('organ').select('name').orderBy('name').execute();
    expect(organs.map((o) => o.name).sort()).toEqual(['羊山镇', '胡集镇'].sort());
    // Flags were recomputed for the batch: a's arithmetic error is stored, on a's report.
    const flags = await t.db.selectFrom('flag').select(['rule', 'report_id']).where('rule', 'like', 'arith.%').execute();
    expect(flags.length).toBeGreaterThan(0);
    expect(new Set(flags.map((f) => f.report_id))).toEqual(new Set([results[0]!.reportId]));
  });

  it('a later file of the batch does not reuse an organ (or county) a failed file added and lost', async () => {
    const dir = folder([
      { name: 'a.txt', organ: '金乡县坏账镇人民政府', year: 2023 },
      { name: 'b.txt', organ: '金乡县坏账镇人民政府', year: 2024 },
    ]);
    // a adds 金乡县 and 坏账镇, then its report is refused: both are rolled back with it.
    await failWhen(t, 'report', 'insert', 'disk on fire', 'NEW.year = 2023');
    const results = await collect([dir], ONE_BATCH);
    expect(results.map((r) => r.outcome)).toEqual(['failed', 'ingested']);
    const stored = await t.db.selectFrom('report').innerJoin('organ', 'organ.id', 'report.organ_id')
      .innerJoin('county', 'county.id', 'organ.county_id').select(['organ.name', 'county.name as county', 'report.year']).execute();
    expect(stored).toEqual([{ name: '坏账镇', county: '金乡县', year: 2024 }]);
    expect(await counts(t)).toMatchObject({ county: 1, organ: 1, report: 1 });
  });

  it('gives the same stored rows and flags as ingesting file by file', async () => {
    const files = [
      { name: '1.txt', organ: '金乡县羊山镇人民政府', year: 2023, values: { 'requests.carried_forward.total': 3 } },
      { name: '2.txt', organ: '金乡县羊山镇人民政府', year: 2024, values: BAD_SUMS },
      { name: '3.txt', organ: '金乡县胡集镇人民政府', year: 2024 },
    ];
    const dir = folder(files);
    await collect([dir], ONE_BATCH);
    const batched = await t.db.selectFrom('flag').select(['identity', 'fingerprint', 'message']).orderBy('identity').execute();
    const other = await tempDb();
    try {
      for await (const _ of ingestPaths(other.db, [dir], { via: 'cli', batchFiles: 1 })) { /* one file per transaction */ }
      const single = await other.db.selectFrom('flag').select(['identity', 'fingerprint', 'message']).orderBy('identity').execute();
      expect(batched.length).toBeGreaterThan(0);
      expect(batched).toEqual(single);
    } finally {
      await other.close();
    }
  });

  it('when the flags of a batch cannot be stored, redoes its files one by one so only the culprit fails', async () => {
    const dir = folder([
      { name: 'a.txt', organ: '金乡县羊山镇人民政府', year: 2024 },
      { name: 'b.txt', organ: '金乡县坏账镇人民政府', year: 2024, values: BAD_SUMS },
      { name: 'c.txt', organ: '金乡县胡集镇人民政府', year: 2024 },
    ]);
    await failWhen(t, 'flag', 'insert', 'no flags today', "NEW.rule LIKE 'arith.%'");
    const results = await collect([dir], ONE_BATCH);
    expect(results.map((r) => r.outcome)).toEqual(['ingested', 'failed', 'ingested']);
    expect(results[1]!.reason).toMatch(/no flags today/);
    expect(await counts(t)).toMatchObject({ organ: 2, document: 2, report: 2, cell: 0, report_value: 2 });
  });

  it('the same bytes twice in one batch: the second is unchanged', async () => {
    const dir = folder([
      { name: 'a.txt', organ: '金乡县羊山镇人民政府', year: 2024 },
      { name: 'b.txt', organ: '金乡县羊山镇人民政府', year: 2024 },
    ]);
    const results = await collect([dir], ONE_BATCH);
    expect(results.map((r) => r.outcome)).toEqual(['ingested', 'unchanged']);
    expect(await counts(t)).toMatchObject({ document: 1, report: 1 });
  });
});

describe('a report stored with the county unknown, ingested again with a county', () => {
  const text = renderText(record('羊山镇人民政府', 2024), 'rows-tab');

  it('moves to the county given (batch path), and is not moved again by another county', async () => {
    const dir = join(t.dir, 'in');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.txt'), text);
    const [first] = await collect([dir]);
    expect(first).toMatchObject({ outcome: 'ingested', county: null });
    const [again] = await collect([dir]);
    expect(again).toMatchObject({ outcome: 'unchanged', county: null });

    const [moved] = await collect([dir], { county: '金乡县' });
    expect(moved).toMatchObject({ outcome: 'ingested', county: '金乡县', organ: '羊山镇', reportId: first!.reportId, reassigned: true });
    expect(moved!.reason).toMatch(/县区未知.*金乡县/);
    const organs = await t.db.selectFrom('organ').leftJoin('county', 'county.id', 'organ.county_id').select(['organ.name', 'county.name as county']).execute();
    expect(organs).toEqual([{ name: '羊山镇', county: '金乡县' }]);
    const report = await t.db.selectFrom('report').select(['county_id', 'current']).executeTakeFirstOrThrow();
    expect(report.current).toBe(1);
    expect(report.county_id).not.toBeNull();
    expect(await counts(t)).toMatchObject({ document: 1, report: 1 });

    const [other] = await collect([dir], { county: '别的县' });
    expect(other).toMatchObject({ outcome: 'unchanged', county: '金乡县' });
  });

  it('replaces the report the county already had for that organ and year (upload path)', async () => {
    const kept = await ingestBuffer(t.db, { fileName: 'old.txt', bytes: Buffer.from(renderText(record('金乡县羊山镇人民政府', 2024, { 'requests.new.total': 0 }), 'rows-tab')), via: 'upload' });
    const unknown = await ingestBuffer(t.db, { fileName: 'a.txt', bytes: Buffer.from(text), via: 'upload' });
    expect(unknown.county).toBeNull();
    const moved = await ingestBuffer(t.db, { fileName: 'a.txt', bytes: Buffer.from(text), via: 'upload', county: '金乡县' });
    expect(moved).toMatchObject({ outcome: 'replaced', county: '金乡县', reportId: unknown.reportId, reassigned: true });
    const reports = await t.db.selectFrom('report').select(['id', 'current']).orderBy('id').execute();
    expect(reports).toEqual([{ id: kept.reportId, current: 0 }, { id: unknown.reportId, current: 1 }]);
    expect(await counts(t)).toMatchObject({ organ: 1 });
  });
});

describe('flags of a batch', () => {
  // The batch checks the reports it has just written from memory; reading them back must give the same flags.
  it('are the flags the checks give when they read every report from the database', async () => {
    const county = generateCounty({ seed: 4 });
    const { reports } = writeDemoCounty(join(t.dir, 'in'), county);
    const results = await collect([reports]);
    expect(results.filter((r) => r.outcome === 'ingested').length).toBeGreaterThan(100);
    const snapshot = async () => (await t.db.selectFrom('flag')
      .select(['identity', 'fingerprint', 'rule', 'severity', 'message', 'report_id', 'organ_id', 'county_id', 'year', 'cells', 'detail'])
      .orderBy('identity').execute());
    const fromBatch = await snapshot();
    expect(new Set(fromBatch.map((f) => f.rule)).size).toBeGreaterThan(4);
    const all = await t.db.selectFrom('report').select('id').execute();
    await recomputeFlags(t.db, { reportIds: all.map((r) => r.id) });
    expect(await snapshot()).toEqual(fromBatch);
  }, 60_000);
});

