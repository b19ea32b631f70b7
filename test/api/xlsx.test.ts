/**
 * Excel exports, read back with exceljs: the template's layout (merged headers), numbers as
 * numbers equal to the API's, blank cells empty (never 0), and a sheet of what is left to check.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { TABLE_LAYOUTS } from '../../shared/table-layout.ts';
import { CELLS, getCell } from '../../shared/template.ts';
import type { Tables } from '../../shared/template.ts';
import { record } from '../support/records.ts';
import { build, requests, seed, seedCounty } from './helper.ts';

async function read(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** Each value cell's key → its worksheet value, found by walking the layout as the writer does. */
function valuesByKey(ws: ExcelJS.Worksheet): Map<string, unknown> {
  // The writer puts each table's value cells in layout order; read them back in the same order.
  const keys = TABLE_LAYOUTS.flatMap((t) => t.body.flatMap((r) => r.keys));
  const out = new Map<string, unknown>();
  const seen: { row: number; col: number }[] = [];
  ws.eachRow((row, r) => row.eachCell({ includeEmpty: true }, (cell, c) => {
    if (cell.isMerged && cell.master !== cell) return;
    if (cell.alignment?.horizontal === 'right') seen.push({ row: r, col: c });
  }));
  seen.forEach((p, i) => out.set(keys[i]!, ws.getCell(p.row, p.col).value));
  expect(seen.length).toBe(keys.length);
  return out;
}

describe('Excel exports', () => {
  it('writes the county summary in the template layout with the API\'s numbers', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    // One more report whose 商业企业 cell is blank: the total adds only the numbers it has.
    await seed(ctx, record('金乡县鸡黍镇人民政府', 2023, { ...requests(2, 1, 0), 'requests.new.commercial': null }), { county: '金乡县' });
    const api = (await ctx.app.inject({ url: `/api/aggregates/total?year=2023&county=${s.jinxiang}` })).json() as { tables: Tables; blanks: Record<string, number> };
    const res = await ctx.app.inject({ url: `/api/export/summary.xlsx?year=2023&county=${s.jinxiang}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('金乡县_2023年_全县汇总表.xlsx');
    const wb = await read(res.rawPayload);
    const ws = wb.getWorksheet('全县汇总表')!;
    expect(String(ws.getCell(1, 1).value)).toContain('金乡县 2023 年度');
    const got = valuesByKey(ws);
    for (const c of CELLS) {
      const want = getCell(api.tables, c);
      const cell = got.get(c.key);
      if (want === null) expect(cell ?? null, c.key).toBeNull();
      else expect(cell, c.key).toBe(want);
    }
    // Merged header cells, as the template prints them (申请人情况 over seven columns).
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    expect(merges.length).toBeGreaterThan(10);
    let applicants: ExcelJS.Cell | null = null;
    ws.eachRow((row) => row.eachCell((cell) => { if (cell.value === '申请人情况') applicants = cell; }));
    expect(applicants).not.toBeNull();
    // A cell some report left blank says so in a note.
    expect(api.blanks['requests.new.commercial']).toBeGreaterThan(0);
    let noted = false;
    ws.eachRow((row) => row.eachCell((cell) => { if (typeof cell.note === 'string' && cell.note.includes('份报告此格空白')) noted = true; }));
    expect(noted).toBe(true);
  });

  it('writes one report with its current values, blanks empty, and the cells to check', async () => {
    const ctx = await build();
    const id = await seed(ctx, record('青禾县白沙镇人民政府', 2024, { ...requests(3, 1, 1), 'requests.new.research': null, 'active.licensing.decisions': 1234 }), {
      county: '青禾县', review: [{ section: 'requests', row: 'new', column: 'research', reason: '此格位置不确定', line: 12 }],
    });
    const res = await ctx.app.inject({ url: `/api/reports/${id}/export.xlsx` });
    expect(res.statusCode).toBe(200);
    const wb = await read(res.rawPayload);
    const got = valuesByKey(wb.getWorksheet('年度报告')!);
    expect(got.get('active.licensing.decisions')).toBe(1234);
    expect(got.get('requests.new.total')).toBe(5);
    expect(got.get('requests.new.research') ?? null).toBeNull();
    expect(got.get('requests.carried_over.total')).toBe(0);
    const list = wb.getWorksheet('待核对与提示')!;
    const texts: string[] = [];
    list.eachRow((row) => texts.push((row.values as unknown[]).join('|')));
    expect(texts.some((t) => t.includes('待核对') && t.includes('此格位置不确定') && t.includes('科研机构'))).toBe(true);
    expect((await ctx.app.inject({ url: '/api/reports/99999/export.xlsx' })).statusCode).toBe(404);
  });
});
