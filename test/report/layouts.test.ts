/**
 * Hand-written fixtures (test/fixtures/layouts), one per hard layout, asserting exact values and
 * exactly which cells are sent for review.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText, type ParseResult } from '../../server/report/parse.ts';
import { REQUEST_COLUMNS, cellKey, type ReportRecord } from '../../server/report/template.ts';

const fixture = (name: string, exactCells = false): ParseResult =>
  parseText(readFileSync(join(import.meta.dirname, '../fixtures/layouts', name), 'utf8'), { exactCells });
const record = (r: ParseResult): ReportRecord => {
  if (!r.record) throw new Error(`no record: ${r.error}`);
  return r.record;
};
const reviewed = (r: ParseResult) => r.review.map((e) => `${cellKey(e)}@${e.line}`);
const row = (...v: (number | null)[]) => Object.fromEntries(REQUEST_COLUMNS.map((c, i) => [c.key, v[i]]));

describe('pipe table copied from a web page (layout 6)', () => {
  const r = fixture('pipe-web.txt');
  const rec = record(r);
  it('reads the title and the page date when the report prints none', () => {
    expect([rec.organ, rec.year, rec.published, rec.published_source]).toEqual(['东河镇人民政府', 2024, '2025-01-20', 'page']);
  });
  it('reads full-width digits, thousands separators, decimals; a blank is null; — 无 / are null + review', () => {
    expect(rec.active).toEqual({
      regulations: { issued: 1, repealed: null, in_force: 3 },
      normative_documents: { issued: 4, repealed: 2, in_force: 1250 },
      licensing: { decisions: 12 }, punishment: { decisions: null }, enforcement: { decisions: null },
      fees: { amount_wan_yuan: 12.75 },
    });
    expect(rec.requests.new).toEqual(row(10, 2, 3, 4, 5, 6, 30));
    expect(rec.requests.carried_over).toEqual(row(1, null, null, null, null, null, 1));
    expect(rec.requests.unable_not_held).toEqual(row(2, 0, 1, 2, 3, 4, 12));
    expect(rec.appeals.litigation_after_review).toEqual({ upheld: 9, corrected: 10, other: 11, pending: 12, total: null });
    expect(reviewed(r)).toEqual([
      'active.regulations.repealed@14', 'active.punishment.decisions@21', 'appeals.litigation_after_review.total@61',
    ]);
    expect(r.review[0]?.reason).toContain('“—”');
  });
});

describe('2019 template (国办公开办函〔2019〕60号), tab rows', () => {
  const r = fixture('report-2019.txt');
  const rec = record(r);
  it('is recognised; only what it shares with 2021 is read', () => {
    expect(rec.template).toBe('2019');
    expect(rec.active.regulations).toEqual({ issued: null, repealed: null, in_force: null });
    expect(rec.active.licensing.decisions).toBe(17);
    expect(rec.active.punishment.decisions).toBe(40);
    expect(rec.active.fees.amount_wan_yuan).toBeNull();
    expect(rec.published).toBe('2021-01-15'); // 二〇二一年一月十五日
    expect(rec.narrative.other).toBe('无。');
  });
  it('the undivided （六）其他处理 row: 0 splits into 0s, any other number is null + review', () => {
    for (const key of ['other_no_correction', 'other_no_fee', 'other_other'] as const) {
      expect(rec.requests[key]).toEqual(row(null, 0, 0, 0, 0, 0, null));
    }
    expect(reviewed(r)).toEqual(['other_no_correction', 'other_no_fee', 'other_other']
      .flatMap((k) => [`requests.${k}.natural_person@52`, `requests.${k}.total@52`]));
  });
});

describe('pdftotext -layout text (layout 7)', () => {
  const r = fixture('pdf-wrapped.txt');
  const rec = record(r);
  it('places numbers of rows with blanks by their character columns', () => {
    expect(rec.active.normative_documents).toEqual({ issued: 3, repealed: null, in_force: 8 });
    expect(rec.requests.denied_prohibited_by_law).toEqual(row(3, null, 0, 0, 0, 0, 3));
  });
  it('joins wrapped labels whose numbers stand on another line, skips page numbers', () => {
    expect(rec.requests.partially_granted).toEqual(row(4, 0, 0, 0, 0, 0, 4));
    expect(rec.requests.other_no_correction).toEqual(row(0, 0, 0, 0, 0, 0, 0));
    expect(rec.requests.other_no_fee).toEqual(row(0, 0, 0, 0, 0, 0, 0));
    expect(rec.active.licensing.decisions).toBe(1550);
    expect(rec.active.fees.amount_wan_yuan).toBe(7730.28);
    expect(rec.appeals.review).toEqual({ upheld: 10, corrected: 1, other: 0, pending: 0, total: 11 });
    expect(rec.narrative.other).toBe('无。');
    expect(r.review).toEqual([]);
  });
});

describe('pdftotext layout: a group label wrapping past its rows (三、本年度办理结果, （四）无法提供)', () => {
  // Lines 94-96: `三、本  (四) 无  2. 没有现成信息需要另行制` / `年度办  法提 供   作` /
  // `理 结   61 0 0 0 0 0 1`: the numbers share their line with pieces of the group labels only.
  const r = fixture('pdf-group-label-wrap.txt');
  const rec = record(r);
  it('reads the row whose label stands above its numbers, and names the numbers\' line', () => {
    expect(rec.requests.unable_needs_creation).toEqual(row(61, 0, 0, 0, 0, 0, 1));
    expect(r.lines['requests.unable_needs_creation.natural_person']).toBe(96);
    expect(r.lines['requests.unable_needs_creation.total']).toBe(96);
  });
  it('keeps its neighbours in their own rows', () => {
    expect(rec.requests.unable_not_held).toEqual(row(1, 0, 0, 0, null, 0, 1));
    expect(rec.requests.unable_unclear).toEqual(row(61, 1, 0, 0, 0, 0, 1));
    expect(r.lines['requests.unable_not_held.total']).toBe(92);
    expect(r.lines['requests.unable_unclear.total']).toBe(100);
    expect(r.review).toEqual([]);
  });
});

describe('pdftotext layout: an appeals table printing a single number under stacked headers', () => {
  const r = fixture('pdf-appeals-one-number.txt');
  it('reads the table as aligned text and places the number under its header (未经复议直接起诉 / 其他结果)', () => {
    expect(record(r).appeals.litigation_direct).toEqual({ upheld: null, corrected: null, other: 996, pending: null, total: null });
    expect(record(r).appeals.review).toEqual({ upheld: null, corrected: null, other: null, pending: null, total: null });
    expect(r.lines['appeals.litigation_direct.other']).toBe(89);
    expect(r.review.filter((e) => e.section === 'appeals')).toEqual([]);
  });
});

describe('pdftotext layout: a page break right after the first 申请 row, no complete row on either page', () => {
  const r = fixture('pdf-break-after-first-row.txt');
  it('counts columns by characters, where every number of the page stands in a column, and reads the first row under its headers', () => {
    expect(record(r).requests.new).toEqual(row(null, 8398814, null, null, 0, null, 3024371));
    expect(r.lines['requests.new.total']).toBe(49);
  });
});

describe('pdftotext layout: label lines without numbers, between two rows', () => {
  it('labels without marks, numbers on the first line: the lines below go on with the row whose label they complete', () => {
    // `其他处理   申请人逾期未按收费通知要求缴   3157 …` / `纳费用、行政机关不再处理其政` / `府信息公开申请` / `其他  3164 …`
    const r = fixture('pdf-no-marks-numbers-first.txt');
    const rec = record(r);
    expect(rec.requests.other_no_correction).toEqual(row(3150, 3151, 3152, 3153, 3154, 3155, 3156));
    expect(rec.requests.other_no_fee).toEqual(row(3157, 3158, 3159, 3160, 3161, 3162, 3163));
    // `其他` alone is not sure to be 3.其他: null + review, never the row above's numbers.
    expect(rec.requests.other_other).toEqual(row(null, null, null, null, null, null, null));
    expect(reviewed(r).filter((k) => k.startsWith('requests.other_other.'))).toHaveLength(7);
  });
  it('labels without marks, numbers on the last line: a whole label above another row\'s is a row without numbers, for review', () => {
    const r = fixture('pdf-no-marks-numbers-last.txt');
    const rec = record(r);
    // `上年结转…` / `予以公开  5024 …`: each row its own numbers.
    expect(rec.requests.granted).toEqual(row(5024, 5025, null, 5027, 5028, 5029, 5030));
    expect(rec.requests.partially_granted).toEqual(row(5031, 5032, null, 5034, null, 5036, 5037));
    // Two whole labels above `其他  5165 …`: rows without numbers, null + review, not 5165.
    expect(rec.requests.other_no_fee).toEqual(row(null, null, null, null, null, null, null));
    expect(reviewed(r).filter((k) => k.startsWith('requests.other_no_fee.'))).toHaveLength(7);
  });
  it('a marked label without numbers above the next mark at its column is a blank row (`2.重 复申请` / `3.要求提供公…  5129`)', () => {
    const r = fixture('pdf-marked-row-without-numbers.txt');
    const rec = record(r);
    expect(rec.requests.rejected_duplicate).toEqual(row(null, null, null, null, null, null, null));
    expect(rec.requests.rejected_publication).toEqual(row(5129, 5130, null, 5132, null, 5134, 5135));
    expect(reviewed(r).filter((k) => k.startsWith('requests.rejected_'))).toEqual([]);
  });
  it('2019 form: a marked label without numbers above the undivided （六）其他处理 row is doubtful, not that row\'s numbers', () => {
    const r = fixture('pdf-2019-undivided-after-blank-row.txt');
    const rec = record(r);
    expect(rec.requests.rejected_confirm_existing).toEqual(row(null, null, null, null, null, null, null));
    expect(reviewed(r).filter((k) => k.startsWith('requests.rejected_confirm_existing.'))).toHaveLength(7);
  });
  it('a group label\'s mark on a row\'s numbers line (`1. 本机关不掌握相关政府信` / `息` / `（四） 无   7096 …`) leaves the numbers to the row above', () => {
    const rec = record(fixture('pdf-group-mark-on-numbers-line.txt'));
    expect(rec.requests.unable_not_held).toEqual(row(null, null, 7096, 7097, 7098, 7099, null));
    expect(rec.requests.unable_needs_creation).toEqual(row(null, 7102, 7103, null, 7105, 7106, 7107));
  });
});

describe('pdftotext layout: a page whose columns only one complete row shows', () => {
  // Chromium's PDF (test/conversions, seed 83, report 8): （七）总计 and 四、结转 alone on the last
  // page, （七）总计 printing `29  38  53` with its 总计 blank. The page's columns, learned from
  // 四、结转's seven numbers, are as narrow as they are: 53 starts where 其他's 65 ends and ends
  // inside 总计's 211, so it could be either: null with a review entry, never 总计.
  const text = readFileSync(join(import.meta.dirname, '../fixtures/dumps/chromium-pdftotext-one-row-page.txt'), 'utf8');
  it('a number touching two of those columns is not placed', () => {
    const r = parseText(text);
    const total = record(r).requests.processed_total;
    expect(text).toMatch(/（七）总计 +29 +38 +53\n/);
    expect(total.total).toBeNull();
    expect(total.other_org).toBeNull();
    expect(reviewed(r).filter((k) => k.startsWith('requests.processed_total.'))).toContain(`requests.processed_total.total@${r.lines['requests.processed_total.total'] ?? 69}`);
    expect(record(r).requests.carried_forward).toEqual(row(102, 85, 59, 49, 264, 65, 211));
  });
});

describe('a text browser\'s dump without borders: cells left-aligned where their columns start', () => {
  // w3m -dump -cols 100 of a fictional report of small numbers (test/conversions smallReport, seed
  // 94, report 2): no complete 申请 row to learn columns from, but every number of the table starts
  // exactly where a column's header words start (自/然/人 at one place, 商业/企业 at the next, … 计).
  const text = readFileSync(join(import.meta.dirname, '../fixtures/dumps/w3m-small-left-aligned.txt'), 'utf8');
  const at = (lines: string[], label: string) => lines.findIndex((l) => l.includes(label));

  it('places each number under the column it starts at, blank cells certain', () => {
    const r = parseText(text);
    expect(text).toMatch(/一、本年新收政府信息公开申请数量 {30}8 {3}0 {5}5 {5}2 {7}68 {6}16\n/);
    expect(record(r).requests.new).toEqual(row(8, 0, 5, 2, 68, 16, null));
    expect(record(r).requests.granted).toEqual(row(30, null, null, null, 0, 58, null));
    expect(r.review.filter((e) => e.section === 'requests')).toEqual([]);
  });

  it('a page where one number starts elsewhere: nothing there is placed by where numbers start', () => {
    const lines = text.split('\n');
    const k = at(lines, '（一）予以公开');
    lines[k] = (lines[k] as string).replace('30 ', ' 30');
    const r = parseText(lines.join('\n'));
    expect(record(r).requests.new.other_org).toBeNull();
    expect(reviewed(r)).toContain(`requests.new.other_org@${at(lines, '一、本年新收') + 1}`);
  });
});

describe('pdftotext layout without enumerators: a spaced-out `总 计` above 结转下年度继续办理', () => {
  // A fictional report with distinct values (variants.test.ts, no-enumerators x pdf-layout, found by
  // a long run: VARIANTS_RUNS=300 VARIANTS_SEED=2026, sample 234). `总 计` names no row on its own
  // and adds nothing to 结转下年度继续办理's name: the two lines were read as one wrapped row, and
  // 5171 5174 5177 became 结转下年度's.
  const r = fixture('pdf-no-enumerators-spaced-total.txt');
  const rec = record(r);
  it('keeps the two rows apart: 结转下年度继续办理 reads its own numbers only', () => {
    expect(rec.requests.carried_forward).toEqual(row(null, null, 5180, null, 5182, 5183, null));
    const values = Object.values(rec.requests).flatMap((x) => Object.values(x));
    for (const v of [5171, 5174, 5177]) expect(values).not.toContain(v);
  });
  it('the 总计 row it cannot name is flagged, every cell', () => {
    expect(r.review.filter((e) => e.row === 'processed_total').map((e) => e.column)).toEqual(REQUEST_COLUMNS.map((c) => c.key));
  });
});
