import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { reportCells } from '../../server/repositories/cells.repository.ts';
import { reasonOf, sha256 } from '../../server/ingest/ingest.ts';
import { storeReport } from '../../server/ingest/store.ts';
import type { StoreInput } from '../../server/ingest/store.ts';
import type { ReportRecord, ReviewEntry } from '../../server/report/template.ts';
import { counts, failWhen, tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';
import { record } from '../support/records.ts';

let t: TestDb;
beforeEach(async () => { t = await tempDb(); });
afterEach(async () => { await t.close(); });

function input(rec: ReportRecord, text: string, extra: Partial<StoreInput> = {}): StoreInput {
  const bytes = Buffer.from(text);
  return {
    fileName: 'report.txt', bytes, sha256: sha256(bytes), via: 'cli',
    document: { format: 'txt', extraction: 'utf-8', text, exactCells: false }, record: rec, review: [], ...extra,
  };
}

describe('storeReport', () => {
  it('stores the document, the report, the wide value row, and no cell rows for a report without doubts', async () => {
    const rec = record('金乡县羊山镇人民政府', 2024, { 'requests.new.natural_person': 3, 'requests.new.total': 3, 'active.fees.amount_wan_yuan': null });
    const r = await storeReport(t.db, input(rec, 'text A'));
    expect(r).toMatchObject({ outcome: 'ingested', organ: '羊山镇', county: '金乡县', year: 2024, reviewCount: 0 });
    expect(await counts(t)).toMatchObject({ county: 1, organ: 1, document: 1, report: 1, cell: 0, report_value: 1 });
    const organ = await t.db.selectFrom('organ').selectAll().executeTakeFirstOrThrow();
    expect(organ).toMatchObject({ name: '羊山镇', full_name: '金乡县羊山镇人民政府', kind: 'township', in_registry: 0 });
    const doc = await t.db.selectFrom('document').selectAll().executeTakeFirstOrThrow();
    expect(doc.content.toString()).toBe('text A');
    expect(doc.text).toBe('text A');
    const cells = new Map((await reportCells(t.db, r.reportId!)).map((c) => [c.key, c]));
    expect(cells.size).toBe(200);
    expect(cells.get('requests.new.total')).toMatchObject({ parsed: 3, value: 3, review: null, corrected: 0 });
    expect(cells.get('active.fees.amount_wan_yuan')).toMatchObject({ parsed: null, value: null, review: null });
    const wide = await t.db.selectFrom('report_value').select(['requests__new__total', 'active__fees__amount_wan_yuan'] as never[]).executeTakeFirstOrThrow();
    expect(wide).toEqual({ requests__new__total: 3, active__fees__amount_wan_yuan: null });
  });

  it('keeps review reasons and lines with the cells and marks the report', async () => {
    const rec = record('羊山镇', 2024, { 'requests.granted.total': null });
    const review: ReviewEntry[] = [{ section: 'requests', row: 'granted', column: 'total', reason: '表格空格丢失，无法确定所在列', line: 42 }];
    const r = await storeReport(t.db, input(rec, 'x', { review, county: '金乡县' }));
    expect(r.reviewCount).toBe(1);
    // The doubtful cell, and only it, has a row of its own.
    const rows = await t.db.selectFrom('cell').selectAll().execute();
    expect(rows).toEqual([{ report_id: r.reportId, key: 'requests.granted.total', parsed: null, value: null, review: '表格空格丢失，无法确定所在列', line: 42, corrected: 0 }]);
    const rep = await t.db.selectFrom('report').select(['status', 'current']).executeTakeFirstOrThrow();
    expect(rep).toEqual({ status: 'needs_review', current: 1 });
  });

  it('stores the source line of every cell, the review entry\'s line winning for a doubtful cell', async () => {
    const rec = record('羊山镇', 2024, { 'requests.new.total': 7, 'requests.granted.total': null });
    const review: ReviewEntry[] = [{ section: 'requests', row: 'granted', column: 'total', reason: '表格空格丢失，无法确定所在列', line: 42 }];
    const lines = { 'requests.new.total': 30, 'requests.granted.total': 33, 'active.regulations.issued': 12 };
    const r = await storeReport(t.db, input(rec, 'x', { review, lines, county: '金乡县' }));
    const stored = (await reportCells(t.db, r.reportId!)).filter((c) => [...Object.keys(lines), 'appeals.review.total'].includes(c.key));
    expect(Object.fromEntries(stored.map((c) => [c.key, c.line]))).toEqual({
      'requests.new.total': 30, 'requests.granted.total': 42, 'active.regulations.issued': 12, 'appeals.review.total': null,
    });
  });

  it('changes nothing when the same bytes come again', async () => {
    const first = await storeReport(t.db, input(record('羊山镇', 2024), 'same', { county: '金乡县' }));
    const before = await counts(t);
    const again = await storeReport(t.db, input(record('羊山镇', 2024), 'same', { county: '金乡县' }));
    expect(again).toMatchObject({ outcome: 'unchanged', reportId: first.reportId, organ: '羊山镇', county: '金乡县', year: 2024 });
    expect(await counts(t)).toEqual(before);
  });

  it('makes a new file for the same organ and year current and keeps the old one as history', async () => {
    const a = await storeReport(t.db, input(record('金乡县羊山镇人民政府', 2024, { 'requests.new.total': 1 }), 'v1'));
    const b = await storeReport(t.db, input(record('羊山镇', 2024, { 'requests.new.total': 2 }), 'v2', { county: '金乡县' }));
    expect(b.outcome).toBe('replaced');
    const reports = await t.db.selectFrom('report').select(['id', 'current']).orderBy('id').execute();
    expect(reports).toEqual([{ id: a.reportId, current: 0 }, { id: b.reportId, current: 1 }]);
    expect(await counts(t)).toMatchObject({ organ: 1, document: 2, cell: 0, report_value: 2 });
    const other = await storeReport(t.db, input(record('羊山镇', 2023), 'v3', { county: '金乡县' }));
    expect(other.outcome).toBe('ingested');
  });

  it('treats 金乡县羊山镇人民政府, 羊山镇人民政府 and 羊山镇 of 金乡县 as one organ', async () => {
    await storeReport(t.db, input(record('金乡县羊山镇人民政府', 2022), 'a'));
    await storeReport(t.db, input(record('羊山镇人民政府', 2023), 'b', { county: '金乡县' }));
    await storeReport(t.db, input(record('羊山镇', 2024), 'c', { county: '金乡县' }));
    expect(await counts(t)).toMatchObject({ county: 1, organ: 1, report: 3 });
  });

  it('reads the county from the printed name before --county', async () => {
    const r = await storeReport(t.db, input(record('金乡县羊山镇人民政府', 2024), 'a', { county: '别的县' }));
    expect(r.county).toBe('金乡县');
  });

  it('leaves the county unknown when it is neither printed nor given', async () => {
    const r = await storeReport(t.db, input(record('羊山镇人民政府', 2024), 'a'));
    expect(r).toMatchObject({ outcome: 'ingested', county: null, organ: '羊山镇' });
    const rep = await t.db.selectFrom('report').select(['county_id']).executeTakeFirstOrThrow();
    expect(rep.county_id).toBeNull();
    expect(await counts(t)).toMatchObject({ county: 0, organ: 1 });
  });

  it('writes nothing when the flags cannot be stored at the end of the transaction', async () => {
    await failWhen(t, 'flag', 'insert', 'no flags today');
    // An arithmetic error (1 + 1 ≠ 5) makes the checks write a flag, which the trigger refuses.
    const bad = record('金乡县羊山镇人民政府', 2024, { 'requests.new.natural_person': 1, 'requests.new.commercial': 1, 'requests.new.total': 5 });
    await expect(storeReport(t.db, input(bad, 'bad sums'))).rejects.toThrow(/no flags today/);
    expect(await counts(t)).toEqual({ county: 0, organ: 0, organ_alias: 0, document: 0, report: 0, cell: 0, report_value: 0, flag: 0 });
  });

  it('writes nothing at all when a later insert fails', async () => {
    await failWhen(t, 'report_value', 'insert', 'disk on fire');
    const error = await storeReport(t.db, input(record('金乡县羊山镇人民政府', 2024), 'doomed')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(await counts(t)).toEqual({ county: 0, organ: 0, organ_alias: 0, document: 0, report: 0, cell: 0, report_value: 0, flag: 0 });
    expect(reasonOf(error, 'doomed.txt')).toMatch(/数据库未作任何改动/);
  });

  it('rolls back a replacement when a later step fails, leaving the old report current', async () => {
    const a = await storeReport(t.db, input(record('金乡县羊山镇人民政府', 2024), 'v1'));
    const before = await counts(t);
    await failWhen(t, 'report', 'update', 'no');
    await expect(storeReport(t.db, input(record('金乡县羊山镇人民政府', 2024), 'v2'))).rejects.toThrow();
    expect(await counts(t)).toEqual(before);
    const rep = await t.db.selectFrom('report').select(['id', 'current']).execute();
    expect(rep).toEqual([{ id: a.reportId, current: 1 }]);
  });
});
