/**
 * The template's arithmetic as a witness (server/report/parser/arith.ts): a row the layout lets
 * stand in several ways is placed only when exactly one way satisfies every relation it touches;
 * where several do, only the cells they all agree on.
 * And pdftotext's rows out of step (a line of numbers alone): never read (rows.ts OUT_OF_LINE).
 *
 * Fixtures: fictional reports of test/conversions (seed 31) whose totals were made to add up
 * (makeConsistent), dumped with `lynx -dump -nolist -width=200` (consistent-lynx.txt, report 0) and
 * printed by Chromium through `pdftotext -layout` (consistent-chromium-pdftotext*.txt, reports 1, 3;
 * consistent-chromium-pdftotext-joint.txt, report 6 of seed 11; consistent-chromium-pdftotext-two-ways.txt and -tangle-rNN.txt, reports 0 and NN of seed 81)
 * and through `pdftotext -raw` (consistent-chromium-pdftotext-raw-joint.txt and -raw-two-ways.txt, the same two reports);
 * and a report of small numbers dumped with `w3m -dump -cols 100` (w3m-small-adds-by-chance.txt, smallReport seed 90, report 34).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../server/report/parse.ts';
import type { ReportRecord } from '../../server/report/template.ts';
import { consistentReport, smallReport } from '../conversions/evaluate.ts';
import { fictionalReport } from '../conversions/report-html.ts';
import { makeConsistent } from './arbitraries.ts';
import { notRight } from './cells.ts';

const dump = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/dumps', name), 'utf8');

function consistent(index: number): ReportRecord {
  const r = fictionalReport(31, index).record;
  makeConsistent(r);
  return r;
}

/**
 * The text with one column's 办理结果总计 printed one more than it is, and the source record to
 * match: the column no longer adds up.
 */
function breakProcessedTotal(text: string, source: ReportRecord, column: 'natural_person' | 'other_org'): { text: string; printed: ReportRecord } {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes('（七）总计'));
  const total = source.requests.processed_total[column] as number;
  expect(lines[at]).toContain(` ${total} `);
  lines[at] = (lines[at] as string).replace(` ${total} `, ` ${total + 1} `);
  const printed = structuredClone(source);
  printed.requests.processed_total[column] = total + 1;
  return { text: lines.join('\n'), printed };
}

/** A complete lynx row: label, then each cell on its own line after an empty one. */
const lynxRow = (label: string, values: number[]) => [label, ...values.flatMap((v) => ['', String(v)])];
/** Two complete rows that add up: the report shows it keeps its sums, so the arithmetic may witness (arith.ts requestsKept). */
const KEPT = [...lynxRow('7.属于行政执法案卷', [1, 2, 3, 4, 5, 6, 21]), ...lynxRow('8.属于行政查询事项', [2, 0, 1, 0, 0, 4, 7])];
const lynxReport = (rows: string[], kept = KEPT) => ['2024年青禾县羊山镇政府信息公开工作年度报告', '三、收到和处理政府信息公开申请情况', '', ...kept, ...rows, ''].join('\n');

describe('lynx rows with merged runs of blank cells', () => {
  it('placed where exactly one way adds up: a whole report', () => {
    const source = consistent(0);
    const text = dump('consistent-lynx.txt');
    // 3.危及“三安全一稳定”: two runs of blank cells merged into one empty line each.
    expect(source.requests.denied_security_stability).toMatchObject({ nonprofit: null, legal_services: null });
    expect(notRight(parseText(text), source).filter((k) => k.startsWith('requests.') || k.startsWith('appeals.'))).toEqual([]);
  });

  it('a row whose 总计 is the sum only one way: placed', () => {
    // 3, a run of blank cells, 2, 5: 总计 5 = 3 + 2 only with the run four cells long.
    const result = parseText(lynxReport(['6.属于四类过程性信息', '', '3', '', '', '2', '', '5']));
    expect(result.record!.requests.denied_process_info).toEqual({
      natural_person: 3, commercial: null, research: null, nonprofit: null, legal_services: null, other_org: 2, total: 5,
    });
    expect(result.review.filter((r) => r.row === 'denied_process_info')).toEqual([]);
  });

  it('a report that shows too little of its sums: not placed', () => {
    // The same row alone, or beside rows that add up only with nothing but 0s: 5 = 3 + 2 may be
    // chance (其他 5 beside a blank 总计), as small numbers often add up.
    const zeros = lynxRow('8.属于行政查询事项', [0, 0, 0, 0, 0, 0, 0]);
    for (const kept of [[], [...zeros, ...lynxRow('7.属于行政执法案卷', [1, 2, 3, 4, 5, 6, 21])]]) {
      const result = parseText(lynxReport(['6.属于四类过程性信息', '', '3', '', '', '2', '', '5'], kept));
      expect(Object.values(result.record!.requests.denied_process_info).every((v) => v === null)).toBe(true);
      expect(result.review.filter((r) => r.row === 'denied_process_info').length).toBe(7);
    }
  });

  it('a report whose certain cells break a sum: not placed', () => {
    const broken = lynxRow('5.属于三类内部事务信息', [2, 0, 1, 0, 0, 4, 8]);
    const result = parseText(lynxReport(['6.属于四类过程性信息', '', '3', '', '', '2', '', '5'], [...KEPT, ...broken]));
    expect(Object.values(result.record!.requests.denied_process_info).every((v) => v === null)).toBe(true);
  });

  it('a row of small numbers that adds up by chance in a report that does not keep its sums (w3m, seed 90 report 34): not placed', () => {
    // `0   0     4     4       8`: 其他 and 总计 blank, 8 in 法律服务机构; 8 = 0 + 0 + 4 + 4 would
    // make 8 the 总计 of every way that adds up.
    const text = dump('w3m-small-adds-by-chance.txt');
    expect(text).toMatch(/1\.申请人无正当理由逾期不补正、行政机关不 {2}0 {3}0 {5}4 {5}4 {7}8\n/);
    const source = smallReport(90, 34).record;
    expect(source.requests.other_no_correction).toMatchObject({ legal_services: 8, other_org: null, total: null });
    const result = parseText(text);
    expect(result.record!.requests.other_no_correction.total).toBeNull();
    notRight(result, source);
  });

  it('a row that adds up several ways: only the cells every way agrees on; none: not placed', () => {
    // Two runs: 3 [run] 2 [run] 5 adds up however the four blank cells split between the runs.
    // Every way puts 3 first, a blank after it and before 5, and 5 last; 2 may be in any of three cells.
    const several = parseText(lynxReport(['6.属于四类过程性信息', '', '3', '', '', '2', '', '', '5']));
    expect(several.record!.requests.denied_process_info).toEqual({
      natural_person: 3, commercial: null, research: null, nonprofit: null, legal_services: null, other_org: null, total: 5,
    });
    expect(several.review.filter((r) => r.row === 'denied_process_info').map((r) => r.column)).toEqual(['research', 'nonprofit', 'legal_services']);
    // 3 [run] 2 6: no way adds up.
    const none = parseText(lynxReport(['6.属于四类过程性信息', '', '3', '', '', '2', '', '6']));
    expect(Object.values(none.record!.requests.denied_process_info).every((v) => v === null)).toBe(true);
    expect(none.review.filter((r) => r.row === 'denied_process_info').length).toBe(7);
  });

  it('a report whose sums do not hold: its merged rows stay flagged', () => {
    const source = consistent(0);
    // 2.重复申请 prints 5 numbers around merged blank runs; its 总计 made one more.
    const lines = dump('consistent-lynx.txt').split('\n');
    const at = lines.findIndex((l) => l.includes('2.重复申请'));
    const total = lines.findIndex((l, i) => i > at && l.trim() === String(source.requests.rejected_duplicate.total));
    lines[total] = `   ${(source.requests.rejected_duplicate.total as number) + 1}`;
    const flagged = notRight(parseText(lines.join('\n')), source);
    expect(flagged.filter((k) => k.startsWith('requests.rejected_duplicate.')).length).toBeGreaterThan(0);
  });
});

describe('pdftotext rows out of step (a row\'s numbers printed on the next row\'s line)', () => {
  it('the rows above a line of numbers alone are flagged, never read with the other row\'s numbers', () => {
    for (const [name, index] of [['consistent-chromium-pdftotext.txt', 1], ['consistent-chromium-pdftotext-2.txt', 3]] as const) {
      const text = dump(name);
      // 4.保护第三方合法权益's last numbers on 5.属于三类内部事务信息's line, whose own go below.
      const lines = text.split('\n');
      const at = lines.findIndex((l) => l.includes('5.属于三类内部事务信息'));
      expect(lines[at + 1]).toMatch(/^ +\d+(?: \d+)*$/);
      // Never read as printed: each row is right in full (the arithmetic placed them together,
      // see below) or every cell is null with the review entry (notRight fails on any other number).
      const result = parseText(text);
      notRight(result, consistent(index));
      for (const row of ['denied_third_party', 'denied_internal_affairs'] as const) {
        const placed = result.review.filter((r) => r.row === row).length === 0;
        if (placed) expect(result.record!.requests[row]).toEqual(consistent(index).requests[row]);
        else expect(Object.values(result.record!.requests[row]).every((v) => v === null)).toBe(true);
      }
    }
  });
});

describe('pdftotext outcome rows that only add up together', () => {
  // Several 申请 outcome rows each print one number fewer than their columns, closed up: each row's
  // 总计 holds wherever its blank stands, and with two or more rows open no column's 办理结果总计
  // can be worked out for one row alone. Column by column, only one way adds up for all of them.
  // The table's last rows (（七）总计, 四、结转下年度) stand on a page of their own, with the 复议诉讼 table
  // and the report's last paragraphs below them: any of their words may have pushed 四、结转's
  // second run, so runs do not place it (runs.ts). 二、上年结转 is open too: each adds up alone
  // whichever cell is its blank, and they are placed together, column by column (新收 + 上年结转 =
  // 办理结果总计 + 结转下年度); the outcome rows then together.
  const text = dump('consistent-chromium-pdftotext-joint.txt');
  const source = consistentReport(11, 6).record;

  it('四、结转 and 二、上年结转, both open, placed together where only one pair of ways adds up', () => {
    const lines = text.split('\n');
    expect(lines.findIndex((l) => l.includes('四、结转下年度继续办理'))).toBeGreaterThan(lines.findIndex((l) => l.includes('2/3')));
    expect(Object.values(source.requests.carried_forward).filter((v) => v === null)).toHaveLength(1);
    const result = parseText(text);
    expect(result.record!.requests.carried_forward).toEqual(source.requests.carried_forward);
    expect(result.record!.requests.carried_over).toEqual(source.requests.carried_over);
  });

  it('places every such row where all the rows add up together, and only there', () => {
    expect(notRight(parseText(text), source).filter((k) => k.startsWith('requests.'))).toEqual([]);
  });

  it('a column whose 办理结果总计 does not add up: the rows stay flagged', () => {
    // The same PDF through pdftotext -raw: every blank cell closed up without a trace, so the rows
    // short of a number are open whatever pdftotext's runs would tell (its -layout text of this
    // page is read whole by them, broken total or not: runs.test.ts).
    const raw = dump('consistent-chromium-pdftotext-raw-joint.txt');
    expect(raw).not.toMatch(/\d {2,}\d/);
    expect(notRight(parseText(raw), source).filter((k) => k.startsWith('requests.'))).toEqual([]);
    const broken = breakProcessedTotal(raw, source, 'natural_person');
    const flagged = notRight(parseText(broken.text), broken.printed).filter((k) => k.startsWith('requests.'));
    expect(flagged.length).toBeGreaterThanOrEqual(14);
  });
});

describe('pdftotext rows out of step, placed together by the arithmetic', () => {
  // Chromium's PDF (seed 81): 4.保护第三方合法权益 and 5.属于三类内部事务信息, beside the group label
  // （三）不予公开 printed over two lines, come out of pdftotext mixed: some of row 4's numbers on its
  // own line, others on row 5's line, row 5's last ones on one or two lines of numbers alone.
  // Every way to share the numbers out (left to right on each line, row 5's never above its
  // label) is tried; where exactly one adds up (both rows' 总计 and every column's 办理结果总计), it
  // stands; where two do, both rows stay flagged.
  const tangle = (r: string) => dump(`consistent-chromium-pdftotext-tangle-r${r}.txt`);
  const rows = ['denied_third_party', 'denied_internal_affairs'] as const;
  for (const [r, what] of [
    ['03', 'row 4 begins on its own line and ends on row 5\'s'],
    ['06', 'two lines of numbers alone; one line prints both rows\' numbers of one column'],
    ['22', 'row 4\'s 总计 alone on the last line, below row 5\'s'],
  ] as const) {
    it(`placed where one sharing adds up: ${what}`, () => {
      const source = consistentReport(81, Number(r)).record;
      const result = parseText(tangle(r));
      for (const row of rows) expect(result.record!.requests[row], row).toEqual(source.requests[row]);
      expect(notRight(result, source).filter((k) => rows.some((row) => k.includes(`.${row}.`)))).toEqual([]);
    });
  }

  it('two sharings add up: both rows stay flagged', () => {
    const source = consistentReport(81, 10).record;
    const result = parseText(tangle('10'));
    const flagged = notRight(result, source);
    expect(flagged.length).toBeGreaterThanOrEqual(12);
    for (const row of rows) {
      expect(result.review.filter((x) => x.row === row && x.reason.includes('错行'))).toHaveLength(7);
    }
  });

  it('a column whose 办理结果总计 does not add up: the rows stay flagged', () => {
    const broken = breakProcessedTotal(tangle('03'), consistentReport(81, 3).record, 'other_org');
    const result = parseText(broken.text);
    notRight(result, broken.printed);
    for (const row of rows) expect(result.review.filter((x) => x.row === row && x.reason.includes('错行'))).toHaveLength(7);
  });
});

describe('pdftotext outcome rows that add up together in two ways', () => {
  // Chromium's PDF (seed 81, report 0) through pdftotext -raw: eleven outcome rows each print one
  // or two numbers fewer than their columns, closed up without a trace. Column by column they add
  // up in exactly two ways, which differ only in whether six rows' blank stands in 商业企业 or in
  // 科研机构 (both columns' 办理结果总计 come out right either way). The five rows the two ways agree
  // on are placed; the six stay flagged. (pdftotext -layout of the same PDF keeps the gaps
  // (`125 270         325`), and its runs place every row: see the last test.)
  const text = dump('consistent-chromium-pdftotext-raw-two-ways.txt');
  const source = consistentReport(81, 0).record;
  const swapped = ['denied_security_stability', 'denied_admin_query', 'rejected_duplicate', 'rejected_mass_repeated', 'other_no_correction', 'other_no_fee'];

  it('places the rows both ways agree on, and flags the rows they differ on', () => {
    const result = parseText(text);
    const flagged = new Set(notRight(result, source).map((k) => k.split('.')[1]));
    for (const row of ['granted', 'denied_internal_affairs', 'unable_unclear', 'rejected_petition', 'rejected_confirm_existing'] as const) {
      expect(result.record!.requests[row], row).toEqual(source.requests[row]);
    }
    expect([...flagged].filter((r) => r !== 'fees').sort()).toEqual([...swapped].sort());
    // Each flagged row keeps its 总计: it adds up whichever cell is its blank.
    for (const row of swapped) expect(result.record!.requests[row as 'granted'].total).toBe(source.requests[row as 'granted'].total);
  });

  it('its -layout text keeps the gaps, and pdftotext\'s runs place every row', () => {
    const layout = dump('consistent-chromium-pdftotext-two-ways.txt');
    expect(layout).toContain('3.危及“三安全一稳定” 125 270         325 188 26 934');
    expect(notRight(parseText(layout), source).filter((k) => k.startsWith('requests.'))).toEqual([]);
  });
});

describe('pdftotext rows that add up several ways: the cells every way agrees on', () => {
  // LibreOffice's PDF through pdftotext closes up the blank cell of 复议诉讼's one row (14 numbers
  // for 15 cells): 行政复议 and 复议后起诉 add up only as printed, and 未经复议直接起诉 adds up
  // whichever of its first four cells is the blank one (a blank 总计 would not add up).
  const text = dump('consistent-soffice-pdftotext-appeals.txt');
  const source = consistentReport(72, 3).record;

  it('places the groups that add up one way only, and flags the group that adds up several', () => {
    expect(source.appeals.litigation_direct.pending).toBeNull();
    const result = parseText(text);
    expect(notRight(result, source).filter((k) => k.startsWith('appeals.'))).toEqual([
      'appeals.litigation_direct.upheld', 'appeals.litigation_direct.corrected', 'appeals.litigation_direct.other',
    ]);
    // Its 总计 is the same whichever cell is blank.
    expect(result.record!.appeals.litigation_direct.total).toBe(source.appeals.litigation_direct.total);
    expect(result.record!.appeals.review).toEqual(source.appeals.review);
    expect(result.record!.appeals.litigation_after_review).toEqual(source.appeals.litigation_after_review);
    // A blank cell of the open group is not certain either.
    expect(result.review.some((r) => r.section === 'appeals' && r.row === 'litigation_direct' && r.column === 'pending')).toBe(true);
  });

  it('a group whose total does not add up leaves every cell flagged', () => {
    const total = source.appeals.review.total as number;
    const printed = structuredClone(source);
    printed.appeals.review.total = total + 1;
    const result = parseText(text.replace(` ${total} `, ` ${total + 1} `));
    expect(notRight(result, printed).filter((k) => k.startsWith('appeals.')).length).toBe(14);
  });

  it('a report whose 申请 table breaks a sum: its 复议诉讼 groups are not witnessed either', () => {
    // 一、本年新收 printed with a 总计 one less than its sum: the report does not keep its sums.
    const total = source.requests.new.total as number;
    expect(text).toContain(` ${total}\n`);
    const printed = structuredClone(source);
    printed.requests.new.total = total - 1;
    const result = parseText(text.replace(` ${total}\n`, ` ${total - 1}\n`));
    expect(result.record!.requests.new.total).toBe(total - 1);
    expect(notRight(result, printed).filter((k) => k.startsWith('appeals.')).length).toBe(14);
  });
});

describe('pdftotext rows next to a line with more numbers than columns', () => {
  // Chromium's PDF: 4.保护第三方合法权益's last two numbers printed on 5.属于三类内部事务信息's line
  // (their boxes overlap both lines), which then prints 8 numbers for 7 cells.
  const text = dump('consistent-chromium-pdftotext-spill.txt');
  const source = consistentReport(71, 16).record;

  it('the row that lost them keeps its placed numbers, and its blank cells are flagged, not taken as blank', () => {
    const result = parseText(text);
    const flagged = notRight(result, source);
    expect(flagged).toEqual(expect.arrayContaining(['requests.denied_third_party.other_org', 'requests.denied_third_party.total']));
    expect(result.record!.requests.denied_third_party.natural_person).toBe(source.requests.denied_third_party.natural_person);
    expect(result.review.find((r) => r.row === 'denied_third_party' && r.column === 'total')?.reason).toContain('相邻一行印出的数字多于栏目数');
  });
});
