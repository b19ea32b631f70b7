/**
 * lynx and w3m dumps of report pages. lynx -dump: every table cell a paragraph of its own, a run of blank cells one
 * extra empty line however long, the blank cells that end a row dropped (rows.ts blankCellUnits,
 * matcher.ts place()). Numbers are placed where that is certain, every other cell is reviewed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../server/report/parse.ts';
import { readDocument } from '../../server/report/readers/index.ts';
import { CELLS, getCell } from '../../server/report/template.ts';

const dump = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/dumps', name), 'utf8');

describe('lynx dumps', () => {
  it('every cell right or null with a review entry, most of them right', async () => {
    const html = dump('report.html');
    const page = await readDocument(Buffer.from(html), 'report.html');
    const expected = parseText(page.text, { exactCells: page.exactCells }).record!;
    const result = parseText(dump('report-lynx.txt'));
    const reviewed = new Set(result.review.map((r) => `${r.section}.${r.row}.${r.column}`));
    let right = 0;
    for (const c of CELLS) {
      const got = getCell(result.record!, c);
      if (got === getCell(expected, c)) right++;
      else expect(got === null && reviewed.has(c.key), `${c.key}: ${got} for ${getCell(expected, c)}`).toBe(true);
    }
    expect(right / CELLS.length).toBeGreaterThan(0.9);
  });

  it('a row with one run of blank cells and fewer cells than columns is not guessed', () => {
    const rows = ['6.属于四类过程性信息', '', '181', '', '393', '', '', '299', '', '7.属于行政执法案卷', '', '62', '', '99'];
    const text = ['2024年青禾县羊山镇政府信息公开工作年度报告', '三、收到和处理政府信息公开申请情况', '', ...rows, ''].join('\n');
    const result = parseText(text);
    const row = result.record!.requests.denied_process_info;
    expect(Object.values(row).every((v) => v === null)).toBe(true);
    expect(result.review.filter((r) => r.row === 'denied_process_info').length).toBe(7);
    // No blank run: the two numbers are the first two columns, the rest blank.
    expect(result.record!.requests.denied_enforcement_file).toMatchObject({ natural_person: 62, commercial: 99, total: null });
  });
});

describe('w3m dumps of tables without borders (CSS borders on a CMS page)', () => {
  it('the 复议诉讼 row with blank cells is placed under its left-aligned headers', async () => {
    const page = await readDocument(readFileSync(join(import.meta.dirname, '../fixtures/dumps', 'cms.html')), 'cms.html');
    const expected = parseText(page.text, { exactCells: page.exactCells }).record!;
    const text = dump('cms-w3m.txt');
    // Blank cells in the row: fewer numbers than its 15 columns.
    expect(text).toMatch(/^173 {6}259 .* 6 {8}331 /m);
    const result = parseText(text);
    expect(result.record!.appeals).toEqual(expected.appeals);
    const reviewed = new Set(result.review.map((r) => `${r.section}.${r.row}.${r.column}`));
    for (const c of CELLS) {
      const got = getCell(result.record!, c);
      if (got !== getCell(expected, c)) expect(got === null && reviewed.has(c.key), c.key).toBe(true);
    }
  });

  it('header words wrapped in their cells (w3m -cols 100) still start where their columns start', () => {
    const text = [
      '2022年青禾县北川镇人民政府政府信息公开工作年度报告',
      '四、政府信息公开行政复议、行政诉讼情况',
      '',
      '行政复议                        行政诉讼',
      '结果维 结果纠 其他结 尚未审 总  未经复议直接起诉                复议后起诉',
      '持     正     果     结     计  结果维 结果纠 其他结 尚未审 总  结果维 结果纠 其他结 尚未审 总',
      '                                持     正     果     结     计  持     正     果     结     计',
      '278    220    190    84         248    196    282    152    322 293    336    158           272',
      '',
    ].join('\n');
    const result = parseText(text);
    expect(result.record!.appeals).toEqual({
      review: { upheld: 278, corrected: 220, other: 190, pending: 84, total: null },
      litigation_direct: { upheld: 248, corrected: 196, other: 282, pending: 152, total: 322 },
      litigation_after_review: { upheld: 293, corrected: 336, other: 158, pending: null, total: 272 },
    });
    expect(result.review.filter((r) => r.section === 'appeals')).toEqual([]);
  });

  it('a value that starts where no header word starts is not placed', () => {
    const text = [
      '2022年青禾县北川镇人民政府政府信息公开工作年度报告',
      '四、政府信息公开行政复议、行政诉讼情况',
      '',
      '行政复议                        行政诉讼',
      '结果维 结果纠 其他结 尚未审 总  未经复议直接起诉                复议后起诉',
      '持     正     果     结     计  结果维 结果纠 其他结 尚未审 总  结果维 结果纠 其他结 尚未审 总',
      '                                持     正     果     结     计  持     正     果     结     计',
      '278    220    190     84        248    196    282    152    322 293    336    158           272',
      '',
    ].join('\n');
    const result = parseText(text);
    expect(Object.values(result.record!.appeals).flatMap((g) => Object.values(g)).every((v) => v === null)).toBe(true);
    expect(result.review.filter((r) => r.section === 'appeals').length).toBe(15);
  });

  it('主动公开 rows with a blank cell are placed under the column headers they start at (not under 信息内容)', () => {
    const text = [
      '2023年青禾县湾泉岭镇人民政府政府信息公开工作年度报告',
      '二、主动公开政府信息情况',
      '',
      '第二十条第（一）项',
      '信息内容        本年制发件数 本年废止件数 现行有效件数',
      '规章                         324          331',
      '行政规范性文件  76           384',
      '第二十条第（五）项',
      '',
    ].join('\n');
    const result = parseText(text);
    expect(result.record!.active.regulations).toEqual({ issued: null, repealed: 324, in_force: 331 });
    expect(result.record!.active.normative_documents).toEqual({ issued: 76, repealed: 384, in_force: null });
    expect(result.review.filter((r) => r.row === 'regulations' || r.row === 'normative_documents')).toEqual([]);
  });
});
