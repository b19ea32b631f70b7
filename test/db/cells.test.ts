/**
 * Compact cells on a real SQLite file: rows only for cells with something to say, the full list
 * read back alike from either form, and a correction that keeps what was parsed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { valueColumn } from '../../db/schema.ts';
import { sha256 } from '../../server/ingest/ingest.ts';
import { storeReport } from '../../server/ingest/store.ts';
import { CELLS } from '../../shared/template.ts';
import type { ReportRecord, ReviewEntry } from '../../shared/template.ts';
import { cellsOfReports, reportCells } from '../../server/repositories/cells.repository.ts';
import { setValueInForce } from '../../server/repositories/corrections.repository.ts';
import { tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';
import { record } from '../support/records.ts';

let t: TestDb;
beforeEach(async () => { t = await tempDb(); });
afterEach(async () => { await t.close(); });

const DOUBT: ReviewEntry = { section: 'requests', row: 'granted', column: 'total', reason: '表格空格丢失，无法确定所在列', line: 42 };

async function store(rec: ReportRecord, text: string, review: ReviewEntry[] = [], lines: Record<string, number> = {}): Promise<number> {
  const bytes = Buffer.from(text);
  const r = await storeReport(t.db, {
    fileName: 'r.txt', bytes, sha256: sha256(bytes), via: 'cli', county: '金乡县',
    document: { format: 'txt', extraction: 'utf-8', text, exactCells: false }, record: rec, review, lines,
  });
  return r.reportId!;
}

const byKey = (cells: { key: string }[]) => new Map(cells.map((c) => [c.key, c]));

describe('compact cells', () => {
  it('keep a row only for a doubtful cell, and read back every cell in template order with its line', async () => {
    const rec = record('羊山镇', 2024, { 'requests.new.total': 7, 'requests.granted.total': null });
    const id = await store(rec, 'a', [DOUBT], { 'requests.new.total': 30, 'requests.granted.total': 33 });
    expect(await t.db.selectFrom('cell').select('key').execute()).toEqual([{ key: 'requests.granted.total' }]);
    const cells = await reportCells(t.db, id);
    expect(cells.map((c) => c.key)).toEqual(CELLS.map((c) => c.key));
    const m = byKey(cells);
    expect(m.get('requests.new.total')).toEqual({ key: 'requests.new.total', parsed: 7, value: 7, review: null, line: 30, corrected: 0 });
    // The doubt's own line wins over the parser's line.
    expect(m.get('requests.granted.total')).toMatchObject({ value: null, review: DOUBT.reason, line: 42 });
    expect(m.get('appeals.review.total')).toMatchObject({ line: null, review: null });
  });

  it('a correction of a cell without a row makes one that keeps the parsed value and the line', async () => {
    const id = await store(record('羊山镇', 2024, { 'requests.new.total': 7 }), 'b', [], { 'requests.new.total': 30 });
    await t.db.transaction().execute((trx) => setValueInForce(trx, id, 'requests.new.total', 9));
    await t.db.transaction().execute((trx) => setValueInForce(trx, id, 'requests.new.total', 8));
    expect(await t.db.selectFrom('cell').selectAll().execute()).toEqual([
      { report_id: id, key: 'requests.new.total', parsed: 7, value: 8, review: null, line: 30, corrected: 1 },
    ]);
    expect(byKey(await reportCells(t.db, id)).get('requests.new.total')).toMatchObject({ parsed: 7, value: 8, corrected: 1 });
    const wide = await t.db.selectFrom('report_value').select(valueColumn('requests.new.total') as never).executeTakeFirstOrThrow();
    expect(wide).toEqual({ [valueColumn('requests.new.total')]: 8 });
  });

  it('a correction of a doubtful cell settles its row and keeps the reason', async () => {
    const id = await store(record('羊山镇', 2024, { 'requests.granted.total': null }), 'c', [DOUBT]);
    await t.db.transaction().execute((trx) => setValueInForce(trx, id, 'requests.granted.total', 2));
    expect(byKey(await reportCells(t.db, id)).get('requests.granted.total'))
      .toEqual({ key: 'requests.granted.total', parsed: null, value: 2, review: DOUBT.reason, line: 42, corrected: 1 });
  });

  it('a report stored with a row for every cell (before the compact form) reads the same', async () => {
    const rec = record('羊山镇', 2024, { 'requests.new.total': 5 });
    const compact = await store(rec, 'd', [], { 'requests.new.total': 12 });
    const old = await store(record('羊山镇', 2023, { 'requests.new.total': 5 }), 'e');
    // Rewrite the second report the way the earlier version stored it: no cell_lines, 200 rows.
    await t.db.updateTable('report').set({ cell_lines: null }).where('id', '=', old).execute();
    const rows = (await reportCells(t.db, compact)).map((c) => ({ ...c, report_id: old }));
    for (let i = 0; i < rows.length; i += 50) await t.db.insertInto('cell').values(rows.slice(i, i + 50)).execute();
    const both = await cellsOfReports(t.db, [compact, old]);
    expect(both.get(old)).toEqual(both.get(compact));
    expect(byKey(both.get(old)!).get('requests.new.total')).toMatchObject({ value: 5, line: 12 });
  });
});
