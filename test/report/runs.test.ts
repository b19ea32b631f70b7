/**
 * `pdftotext -layout` of a Chromium-printed report (narrow table columns): the numbers of a row are
 * packed one space apart and a blank cell shows only as a wider gap. Rows are placed by
 * pdftotext's own layout rule (server/report/parser/runs.ts): runs of numbers one space apart are
 * neighbouring cells, a run's first number stands where its column's run starts stand on the page.
 *
 * Fixtures (test/fixtures/dumps): real dumps of fictional reports of test/conversions, seed 11
 * report 0 (chromium-pdftotext.txt), seed 23 report 27 (chromium-pdftotext-ambiguous.txt) and
 * seed 73 report 39 (chromium-pdftotext-page-witness.txt), made with Chromium --print-to-pdf and
 * `pdftotext -layout`; and seed 88 reports 1, 15, 29 of small numbers (smallReport:
 * chromium-pdftotext-small-rNN.txt), seed 92 report 1 (chromium-pdftotext-small-measure.txt),
 * seed 100 reports 0 and 5 (chromium-pdftotext-small-header-witness.txt, -small-unwide.txt), and
 * seed 88 report 23 and seed 103 report 0 through LibreOffice's PDF (soffice-pdftotext-small-r23.txt,
 * soffice-pdftotext-small-blocks.txt), seed 108 report 27 (chromium-pdftotext-small-active-packed.txt),
 * seed 109 report 23 with its sums kept (chromium-pdftotext-small-measure-chance.txt),
 * seed 95 report 4 with its sums made to hold (chromium-pdftotext-small-appeals-pushed.txt), and
 * seed 111 report 28 of distinct values with its sums kept (consistent-chromium-pdftotext-runs-ways.txt),
 * seed 82 report 13 of distinct values with its sums kept (consistent-chromium-pdftotext-centres.txt),
 * seed 116 report 1 of small numbers with its sums kept through LibreOffice's PDF
 * (consistent-soffice-pdftotext-small-appeals-packed.txt), and seed 110 report 11 through
 * LibreOffice's PDF (soffice-pdftotext-page-shifted.txt).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText, type ParseResult } from '../../server/report/parse.ts';
import { CELLS, getCell, type ReportRecord } from '../../server/report/template.ts';
import { consistentReport, smallReport } from '../conversions/evaluate.ts';
import { fictionalReport } from '../conversions/report-html.ts';

const dump = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/dumps', name), 'utf8');

/** Per outcome, the 申请 cells (keys) of a parse against the page's record; wrong and silent ones fail at once. */
function score(result: ParseResult, source: ReportRecord, section = 'requests'): { right: string[]; flagged: string[] } {
  const reviewed = new Set(result.review.map((r) => `${r.section}.${r.row}.${r.column}`));
  const out = { right: [] as string[], flagged: [] as string[] };
  for (const c of CELLS) {
    if (c.section !== section) continue;
    const got = getCell(result.record!, c);
    const expected = getCell(source, c);
    if (got === expected) out.right.push(c.key);
    else {
      expect(got, `${c.key}: ${got} for ${expected}`).toBeNull();
      expect(reviewed.has(c.key), `${c.key} null without a review entry`).toBe(true);
      out.flagged.push(c.key);
    }
  }
  return out;
}

/** The line of the dump holding this label. */
const lineOf = (lines: readonly string[], label: string) => lines.findIndex((l) => l.includes(label));

describe('pdftotext -layout of a Chromium-printed report', () => {
  const source = fictionalReport(11, 0).record;
  const text = dump('chromium-pdftotext.txt');

  it('the dump packs numbers one space apart, a blank cell only a wider gap', () => {
    // 二、上年结转: _ 201 286 217 57 _ 122 (a blank first cell, a blank 其他).
    expect(source.requests.carried_over).toEqual({ natural_person: null, commercial: 201, research: 286, nonprofit: 217, legal_services: 57, other_org: null, total: 122 });
    expect(text).toMatch(/二、上年结转政府信息公开申请数量 {10}201 286 217 57 {8}122$/m);
  });

  it('every 申请 cell is right: runs placed by where their page\'s columns start, on both pages of the table', () => {
    const result = parseText(text);
    const { flagged } = score(result, source);
    expect(flagged).toEqual([]);
    // The table goes on on the next page (（七）总计 and 四、结转, no complete row there).
    expect(result.lines['requests.processed_total.total']).toBeGreaterThan(lineOf(text.split('\n'), '2/3'));
    expect(result.record!.requests.processed_total).toEqual(source.requests.processed_total);
    expect(result.record!.requests.carried_forward).toEqual(source.requests.carried_forward);
  });

  it('a page where rows can be placed more than one way: those rows are flagged, never guessed', () => {
    const other = fictionalReport(23, 27).record;
    const result = parseText(dump('chromium-pdftotext-ambiguous.txt'));
    const { right, flagged } = score(result, other);
    // Its first page has run starts in six of the seven columns: where 其他 and 总计 start is not
    // certain, so rows whose last run starts there are flagged.
    expect(flagged).toContain('requests.new.other_org');
    expect(right.length).toBeGreaterThan(100);
  });

  it('a page that prints more than the table: any of its words may have pushed a run, so its runs witness no column', () => {
    // Seed 73 report 39: （七）总计 and 四、结转 on the last page, above the 复议诉讼 table. 总计 prints
    // 17 274 153 _ 2 28 _; pdftotext put 2 where 其他's numbers start (a header word of the table
    // below ends just before it), which read as 其他 2 and 总计 28.
    const other = fictionalReport(73, 39).record;
    const page = dump('chromium-pdftotext-page-witness.txt');
    expect(page).toMatch(/（七）总计 {11}17 274 153 {8}2 28$/m);
    expect(other.requests.processed_total).toMatchObject({ legal_services: 2, other_org: 28, total: null });
    const { flagged } = score(parseText(page), other);
    expect(flagged).toEqual(expect.arrayContaining(['requests.processed_total.legal_services', 'requests.processed_total.other_org']));
  });

  it('run starts that do not make one cluster per column: no row of the page is placed by runs', () => {
    // One row's second run moved two characters right: its start stands between two columns.
    const lines = text.split('\n');
    const at = lineOf(lines, '二、上年结转政府信息公开申请数量');
    lines[at] = (lines[at] as string).replace('          201', '            201');
    const result = parseText(lines.join('\n'));
    const { flagged } = score(result, source);
    expect(flagged).toContain('requests.carried_over.commercial');
    expect(flagged).toContain('requests.denied_enforcement_file.total');
  });

  it('a table without a complete row: its runs place only the rows every way of reading the page agrees on', () => {
    // With no complete row, the page's run starts leave some columns without a cluster of their
    // own; rows whose runs start there are flagged (score() fails on any wrong number).
    const lines = text.split('\n');
    const first = lineOf(lines, '一、本年新收政府信息公开申请数量'), last = lineOf(lines, '四、结转下年度继续办理');
    const complete = /(?:^|\D)\d+(?: \d+){6}$/;
    const result = parseText(lines.filter((l, i) => i < first || i > last || !complete.test(l)).join('\n'));
    const { right, flagged } = score(result, source);
    expect(flagged.filter((k) => k.startsWith('requests.denied_state_secret.')).length).toBeGreaterThan(0);
    expect(right).toContain('requests.carried_over.commercial');
  });
});

describe('a page its runs leave two ways to read, and the template\'s arithmetic', () => {
  it('each row keeps only the placements of the ways the runs leave, and the sums choose among them', () => {
    // Seed 111 report 28 (sums kept). The first page's run starts make six clusters for seven
    // columns, and two ways of giving them columns keep every rule: 科研机构 … 总计 (the truth), or
    // 商业企业 … 其他, where no run starts in 总计. Rows whose runs start there were flagged, and the
    // arithmetic, free to put a row's blank cell in any of its columns, found more than one way to
    // make all fifteen open outcome rows add up.
    const text = dump('consistent-chromium-pdftotext-runs-ways.txt');
    expect(text).toMatch(/3\.危及“三安全一稳定” 215 214 {9}305 228 5 967\n/);
    expect(text).toMatch(/\n {19}2\.重复申请 {2}213 232 {8}80 47 164 736\n/);
    const source = consistentReport(111, 28).record;
    expect(source.requests.denied_security_stability).toEqual({ natural_person: 215, commercial: 214, research: null, nonprofit: 305, legal_services: 228, other_org: 5, total: 967 });
    const { right } = score(parseText(text), source);
    expect(right.length).toBe(25 * 7);
  });
});

describe('a column whose run starts stand two apart, a four-digit and a one-digit number centred in it', () => {
  it('the page\'s columns are told by the centres of the numbers that start runs', () => {
    // Seed 82 report 13 (distinct values, sums kept). In 自然人, 2226 starts at 26 and the lone 5 of
    // 8.属于行政查询事项 at 28: run starts did not make one cluster per column, so no row of the page
    // was placed by its runs (109 of 175 申请 cells right, 16 rows flagged). Centred, they stand at
    // 28 and 28.5.
    const text = dump('consistent-chromium-pdftotext-centres.txt');
    const lines = text.split('\n');
    expect(lines[lineOf(lines, '一、本年新收')]!.indexOf(' 2226 ') + 1).toBe(26);
    expect(lines[lineOf(lines, '8.属于行政查询事项')]).toMatch(/^ {15}8\.属于行政查询事项 {3}5 154 /);
    const result = parseText(text);
    const { right } = score(result, consistentReport(82, 13).record);
    expect(right.length).toBe(25 * 7);
    expect(result.review.filter((r) => r.section === 'requests')).toEqual([]);
  });
});

describe('LibreOffice PDFs through pdftotext, and their reader\'s cells (reports whose 总计 columns are wide)', () => {
  it('header words one space apart are one pdftotext run: their centres place no number', () => {
    // From a real dump: 271 is 本年废止件数's, 131 too, though they stand nearest 现行有效件数's squeezed centre.
    const text = [
      '2023年青禾县新清镇人民政府政府信息公开工作年度报告',
      '二、主动公开政府信息情况',
      '',
      '              第二十条第（一）项',
      '',
      '  信息内容      本年制发件数 本年废止件数 现行有效件数',
      '',
      '    规章          22         271',
      '',
      '行政规范性文件                    131',
      '',
    ].join('\n');
    const result = parseText(text);
    expect(result.record!.active.regulations.in_force).toBeNull();
    expect(result.record!.active.normative_documents.in_force).toBeNull();
    expect(result.review.filter((r) => r.row === 'regulations' || r.row === 'normative_documents').length).toBe(6);
  });

  it('复议诉讼\'s header words one space apart place no number either, though their centres make fifteen columns', () => {
    // Seed 116 report 1 (small numbers, sums kept): the header lines' words, two characters three
    // apart (`维持 纠正 结果 审结    结果 结果 其他 尚未`), stack into fifteen evenly spaced centres,
    // and each of the row's six numbers stood within a third of a gap of one of them. Once read as
    // _ _ 0 _ 70 | _ 70 _ _ _ | 2 0 _ 2 _, with no review entry (the truth: _ _ 0 70 70 | _ _ 2 0 2 | blank).
    const text = dump('consistent-soffice-pdftotext-small-appeals-packed.txt');
    expect(text).toContain('\n维持 纠正 结果 审结    结果 结果 其他 尚未    结果 结果 其他 尚未\n');
    expect(text).toContain('\n       0    70    70          2   0     2\n');
    const source = smallReport(116, 1, { consistent: true }).record;
    expect(source.appeals.review).toEqual({ upheld: null, corrected: null, other: 0, pending: 70, total: 70 });
    const { flagged } = score(parseText(text), source, 'appeals');
    expect(flagged).toContain('appeals.review.pending');
  });

  it('nor in display width: it counts the same characters (a Chromium PDF)', () => {
    // Seed 108 report 27 (small numbers): 规章's 3 and 行政规范性文件's 0 are 现行有效件数's; in display
    // width they stand nearest 本年废止件数's centre, one space before 现行有效件数 in one run. Once read
    // as 本年废止件数 3 and 0, with no review entry.
    const text = dump('chromium-pdftotext-small-active-packed.txt');
    expect(text).toContain('      信息内容       本年制发件数           本年废止件数 现行有效件数\n       规章                                   3\n');
    const source = smallReport(108, 27).record;
    expect(source.active.regulations).toEqual({ issued: null, repealed: null, in_force: 3 });
    const { flagged } = score(parseText(text), source, 'active');
    expect(flagged).toContain('active.regulations.in_force');
  });

  it('complete rows that line up in neither measure do not tell the text\'s measure (a Chromium PDF)', () => {
    // Seed 109 report 23 (small numbers, sums kept): the complete rows laid out by runs scatter 20
    // (characters) against 18 (display width); taken as display width, 规章's 50 and 行政规范性文件's 0
    // (现行有效件数, centred under it in characters) stood nearest 本年废止件数, read so silently. With
    // the measure unknown, both measures must place a row alike: these two are flagged.
    const text = dump('chromium-pdftotext-small-measure-chance.txt');
    expect(text).toContain('      信息内容       本年制发件数           本年废止件数  现行有效件数\n       规章           6                       50\n');
    const source = smallReport(109, 23, { consistent: true }).record;
    expect(source.active.regulations).toEqual({ issued: 6, repealed: null, in_force: 50 });
    const { flagged } = score(parseText(text), source, 'active');
    expect(flagged).toContain('active.regulations.in_force');
    expect(flagged).toContain('active.normative_documents.in_force');
  });

  it('a grid row printing a blank cell or two but fewer than its columns (a label cell split by the reader) is not a row of blanks', () => {
    const text = [
      '2023年青禾县新清镇人民政府政府信息公开工作年度报告',
      '三、收到和处理政府信息公开申请情况',
      '\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t227\t140\t109\t141\t295\t200\t1112',
      '费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t\t2.申请人逾期未按收\t128\t12\t39\t\t\t187\t366',
      '\t\t3.其他\t21\t310\t236\t106\t185\t176\t1034',
      '',
    ].join('\n');
    const result = parseText(text, { exactCells: true });
    expect(Object.values(result.record!.requests.other_no_fee).every((v) => v === null)).toBe(true);
    expect(result.review.filter((r) => r.row === 'other_no_fee').length).toBe(7);
  });
});

describe('pdftotext -layout of a Chromium-printed report of small numbers', () => {
  // Small numbers in narrow columns: a row's numbers one space apart, and where a run starts
  // depends on what the page prints left of it, not on its column.
  it('a page whose rows print their numbers one space apart: no number is placed by where it stands', () => {
    // Report 15: `5.属于三类内部事务信息 77 0 30       5 46` stands, by character, under the page's
    // one complete row's 52 (其他) and 46 (总计); it is 法律服务机构 5, 其他 46, 总计 blank.
    const text = dump('chromium-pdftotext-small-r15.txt');
    expect(text).toMatch(/5\.属于三类内部事务信息 77 0 30 {7}5 46\n/);
    const source = smallReport(88, 15).record;
    expect(source.requests.denied_internal_affairs).toMatchObject({ legal_services: 5, other_org: 46, total: null });
    const result = parseText(text);
    // Placed by its runs (77 0 30 one run from 自然人, 5 46 one run ending in 其他), never by where
    // it stands; score() fails on any wrong number.
    expect(score(result, source).right).toContain('requests.denied_internal_affairs.other_org');
    expect(result.record!.requests.denied_internal_affairs.total).toBeNull();
  });

  it('nor under a column header word', () => {
    // Report 1: 二、上年结转 prints a lone 5 (科研机构) nearest the header word 社会公 of the page.
    const text = dump('chromium-pdftotext-small-r01.txt');
    expect(text).toMatch(/二、上年结转政府信息公开申请数量 {14}5 {12}82\n/);
    const source = smallReport(88, 1).record;
    expect(source.requests.carried_over).toMatchObject({ research: 5, nonprofit: null, total: 82 });
    const { right } = score(parseText(text), source);
    expect(right).toContain('requests.carried_over.research');
  });

  it('rows packed one space apart do not tell how the text counts columns', () => {
    // Seed 92 report 1: its complete 申请 rows are packed, so where their numbers stand says nothing
    // of the measure; they once made it display width (a CJK character 2), which put 规章's lone 89
    // under 本年废止件数. By character it stands under 现行有效件数, where it is; with the measure
    // unknown the two disagree, so it is flagged.
    const text = dump('chromium-pdftotext-small-measure.txt');
    expect(text).toMatch(/信息内容 {7}本年制发件数 {11}本年废止件数 {2}现行有效件数\n {7}规章 {35}89\n/);
    const source = smallReport(92, 1).record;
    expect(source.active.regulations).toMatchObject({ repealed: null, in_force: 89 });
    const result = parseText(text);
    expect(result.record!.active.regulations.repealed).toBeNull();
    expect(score(result, source, 'active').flagged).toContain('active.regulations.in_force');
  });

  it('a report whose certain cells break a sum: a row that adds up by chance is not placed by it', () => {
    // Report 29: 一、本年新收 prints `0     7       0 7` (0 _ 7 _ 0 7 _, 总计 blank). 7 = 0 + 7 + 0
    // would make its last 7 the 总计; but the page's complete rows (`3.其他 1 0 48 27 0 59 0`) do
    // not add up, so the report keeps no sums for the arithmetic to witness.
    const text = dump('chromium-pdftotext-small-r29.txt');
    expect(text).toMatch(/一、本年新收政府信息公开申请数量 {8}0 {5}7 {7}0 7\n/);
    const source = smallReport(88, 29).record;
    expect(source.requests.new).toMatchObject({ natural_person: 0, research: 7, legal_services: 0, other_org: 7, total: null });
    const result = parseText(text);
    // Its runs place it (0 | 7 | 0 7, the last run ending in 其他), not its arithmetic.
    expect(score(result, source).right).toContain('requests.new.other_org');
    expect(result.record!.requests.new.total).toBeNull();
  });

  it('a column\'s run starts pushed there by its own header word, printed across them in a run of header words', () => {
    // Seed 100 report 0: 社会公益组织's numbers start at character 41, where nothing left of them
    // ends: the header line `然 商业 科研 社会公 法律服 其 总计` is one run, and pdftotext puts them at
    // its character standing over them, inside 社会公. Without that witness no way of placing the
    // page keeps the rules, and every row stays unplaced.
    const text = dump('chromium-pdftotext-small-header-witness.txt');
    expect(text).toMatch(/ {12}项加第四项之和） {11}然 商业 科研 社会公 法律服 其 总计\n/);
    expect(text).toMatch(/一、本年新收政府信息公开申请数量 {8}0 0 0 {9}5 4 0\n/);
    const source = smallReport(100, 0).record;
    expect(source.requests.new).toEqual({ natural_person: 0, commercial: 0, research: 0, nonprofit: null, legal_services: 5, other_org: 4, total: 0 });
    const { right, flagged } = score(parseText(text), source);
    expect(right).toContain('requests.new.legal_services');
    expect(flagged.length).toBeLessThan(10);
  });

  it('a table without a complete row of two digits in every column is read by its runs when rows print three numbers or more one space apart', () => {
    // Seed 100 report 5: no complete row at all; `1.属于国家秘密 2 0 1 0         66 6` shows the
    // page laid out by runs (neighbouring cells one space apart, a blank cell a wider gap).
    const text = dump('chromium-pdftotext-small-unwide.txt');
    expect(text).toMatch(/1\.属于国家秘密 2 0 1 0 {9}66 6\n/);
    const source = smallReport(100, 5).record;
    expect(source.requests.denied_state_secret).toEqual({ natural_person: 2, commercial: 0, research: 1, nonprofit: 0, legal_services: null, other_org: 66, total: 6 });
    const { right, flagged } = score(parseText(text), source);
    expect(right).toContain('requests.denied_state_secret.other_org');
    expect(flagged.length).toBeLessThan(10);
  });

  it('a lone number on a page that prints other text: a run of words outside the table standing across it may have put it there', () => {
    // The LibreOffice dump of seed 88 report 23, with one row's numbers closed up one space apart
    // (so the table reads as laid out by runs). 四、结转's lone 0 (商业企业) heads the next page, above
    // the 复议诉讼 table and its paragraphs: nothing ends just before it, but pdftotext may have put
    // it inside a line of words it stands under. Once read as 自然人 0, with no review entry.
    const text = dump('soffice-pdftotext-small-r23.txt').replace('（一）予以公开        23   0    0    0    2', '（一）予以公开        23   0 0 0    2');
    expect(smallReport(88, 23).record.requests.carried_forward).toMatchObject({ natural_person: null, commercial: 0 });
    const result = parseText(text);
    expect(result.record!.requests.carried_forward.natural_person).toBeNull();
    expect(result.review.filter((r) => r.row === 'carried_forward').length).toBe(7);
  });

  it('复议诉讼\'s one row: numbers one space apart may have a blank cell between them, so its cells are flagged, never guessed', () => {
    // smallReport(95, 4, consistent): `0       33 33 0         14 0 14 0    19 0 19` is 0 _ 33 _ 33 |
    // 0 _ 14 0 14 | 0 _ 19 0 19: the second 33 (总计) was pushed by the first to just past it.
    const text = dump('chromium-pdftotext-small-appeals-pushed.txt');
    expect(text).toMatch(/\n {3}0 {7}33 33 0 {9}14 0 14 0 {4}19 0 19\n/);
    const source = smallReport(95, 4, { consistent: true }).record;
    expect(source.appeals.review).toEqual({ upheld: 0, corrected: null, other: 33, pending: null, total: 33 });
    const { flagged } = score(parseText(text), source, 'appeals');
    expect(flagged).toContain('appeals.review.other');
  });

  it('LibreOffice\'s PDF, each number a block of its own three spaces past the one before: every row of a page with a number in every column is placed', () => {
    // Seed 103 report 0: no complete row, no row one space apart. On the table's first page the
    // numbers start at 26-27, 33, 38, 43, 48, 53, 58: `26` ends at 45, and 44 starts three past it
    // (poppler: a block stands nColumns + 3 past every block wholly left of it).
    const text = dump('soffice-pdftotext-small-blocks.txt');
    expect(text).toMatch(/\n 一、本年新收政府信息公开申请数量 {10}7 {5}85 {3}8 {4}0 {4}6 {9}0\n/);
    expect(text).not.toMatch(/\d \d+ \d/);
    const source = smallReport(103, 0).record;
    expect(source.requests.new).toEqual({ natural_person: 7, commercial: 85, research: 8, nonprofit: 0, legal_services: 6, other_org: null, total: 0 });
    const { right, flagged } = score(parseText(text), source);
    for (const row of ['new', 'granted', 'partially_granted', 'denied_process_info', 'unable_not_held']) {
      for (const c of ['natural_person', 'commercial', 'research', 'nonprofit', 'legal_services', 'other_org', 'total']) expect(right).toContain(`requests.${row}.${c}`);
    }
    expect(flagged.length).toBeLessThan(10);
  });

  it('a lone number far right of its label on a page of its own: nothing pushed it there, not even into the first column', () => {
    // 四、结转's 51 (其他) moved to a page of its own, fifty spaces past its label. Labels push only
    // as far as they end: once taken as 自然人 51, with no review entry.
    const text = dump('soffice-pdftotext-small-blocks.txt').replace(/\n( {5}四、结转下年度继续办理) {12}4 {29}0 {4}51\n/, `\n\f$1${' '.repeat(50)}51\n\f`);
    expect(text).toContain(`\f     四、结转下年度继续办理${' '.repeat(50)}51\n\f`);
    const result = parseText(text);
    expect(Object.values(result.record!.requests.carried_forward)).toEqual([null, null, null, null, null, null, null]);
    expect(result.review.filter((r) => r.row === 'carried_forward').length).toBe(7);
  });

  it('LibreOffice\'s PDF: a lone number on a page of its own could stand in any column, so it is flagged', () => {
    // Seed 88 report 23: `四、结转下年度继续办理   ...   0` is 商业企业 0, printed where other rows
    // print their 自然人 numbers; nothing else of the table on its page tells which column it is in.
    const text = dump('soffice-pdftotext-small-r23.txt');
    expect(text).toMatch(/ {3}四、结转下年度继续办理 {21}0\n/);
    const source = smallReport(88, 23).record;
    expect(source.requests.carried_forward).toMatchObject({ natural_person: null, commercial: 0 });
    const { flagged } = score(parseText(text), source);
    expect(flagged).toContain('requests.carried_forward.commercial');
  });
});

describe('pdftotext -layout: numbers printed in a label\'s block', () => {
  it('a page whose rows\' first numbers stand left of the others\' is not read as numbers in their labels\' blocks', () => {
    // Seed 110 report 11: the table's last page (3.其他, （七）总计, 四、结转) sets its numbers from 38 on,
    // every row's first ones left of the rest. Freeing them all from their places (as numbers
    // printed in a label's block) let the page's runs place （七）总计 3 _ 105 329 _ … as 3 105 329 _:
    // no label of a row that keeps its places reaches them, so they are no label block's.
    const text = dump('soffice-pdftotext-page-shifted.txt');
    expect(text).toMatch(/\n {13}（七）总计 {21}3 {13}105 {3}329 {11}142 {3}197 165\n/);
    const source = fictionalReport(110, 11).record;
    expect(source.requests.processed_total).toMatchObject({ natural_person: 3, commercial: null, research: 105, nonprofit: 329 });
    const { flagged } = score(parseText(text), source);
    expect(flagged).toContain('requests.processed_total.research');
  });
});
