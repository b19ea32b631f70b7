/**
 * Text whose words stand one space apart, a blank cell leaving no trace: `pdftotext -raw` of a
 * PDF, `pdftotext` without an option (the page's blocks in reading order). Only the order of a row's numbers is known there (rows.ts `closed`), and in the default
 * mode not even which row a number belongs to. So a row short of numbers is placed only by the
 * template's arithmetic, where exactly one way adds up, and a table whose rows come out of step
 * places only what stands on its own label's line.
 *
 * Fixtures (test/fixtures/dumps): real pdftotext output of fictional reports of test/conversions:
 * seed 111 report 0 with its sums kept, printed by Chromium and by LibreOffice, through -raw
 * (consistent-chromium-pdftotext-raw.txt, consistent-soffice-pdftotext-raw.txt); through the
 * default mode, LibreOffice's PDFs of seed 108 reports 1 and 2 (small numbers:
 * soffice-pdftotext-plain-small-r01.txt, -r02.txt), of seed 110 report 29
 * (soffice-pdftotext-plain-r29.txt), and Chromium's of seed 109 report 26 (small numbers, its sums
 * kept: consistent-chromium-pdftotext-plain-small.txt); and `links -dump` of seed 103 report 3 (small
 * numbers: links-small-active.txt), laid out though few of its lines show a wide gap; and
 * LibreOffice's PDF of seed 119 report 2 (sums kept) through pdftotext -layout with every line's
 * leading spaces trimmed (consistent-soffice-pdftotext-trimmed.txt); Chromium's PDF of seed 126 report
 * 12 (small numbers, every blank printed 0, sums kept: `--zeros --consistent`) through the default
 * mode (zeros-chromium-pdftotext-plain-r12.txt).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../server/report/parse.ts';
import { consistentReport, smallReport } from '../conversions/evaluate.ts';
import { fictionalReport } from '../conversions/report-html.ts';
import { notRight } from './cells.ts';

const dump = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/dumps', name), 'utf8');

const rowOf = (keys: readonly string[], section: string, row: string) => keys.filter((k) => k.startsWith(`${section}.${row}.`));

describe('pdftotext -raw: every word one space past the one before', () => {
  const source = consistentReport(111, 0).record;

  it('a row short of a number is not placed by where its numbers stand (Chromium\'s PDF)', () => {
    // 二、上年结转 prints six numbers for seven columns, its blank (自然人) closed up: read as laid-out
    // text, the first number one space after the label went to the first column and every other
    // one a column left of its own.
    const text = dump('consistent-chromium-pdftotext-raw.txt');
    expect(text).toContain('\n二、上年结转政府信息公开申请数量 234 124 34 396 137 925\n');
    expect(source.requests.carried_over).toEqual({ natural_person: null, commercial: 234, research: 124, nonprofit: 34, legal_services: 396, other_org: 137, total: 925 });
    const missed = notRight(parseText(text), source);
    // The arithmetic places most short rows (the report keeps its sums); what it cannot is flagged.
    expect(missed.filter((k) => k.startsWith('requests.')).length).toBeLessThan(25);
  });

  it('header words one per line name the columns in reading order, not by where they stand (LibreOffice\'s PDF)', () => {
    // 自然人 / 法人或其他组织 / 总计 / 商业企业 / 科研 / 机构 / …: each at the start of its line, so
    // their centres stood in no order; read so, every column of the table was another's.
    const text = dump('consistent-soffice-pdftotext-raw.txt');
    expect(text).toContain('\n自然人\n法人或其他组织\n总计\n商业企业\n科研\n机构\n');
    const result = parseText(text);
    expect(result.record!.requests.new).toEqual(source.requests.new);
    expect(notRight(result, source).filter((k) => k.startsWith('requests.')).length).toBeLessThan(25);
  });
});

describe('pdftotext without an option: the page\'s blocks in reading order', () => {
  it('LibreOffice\'s PDF: labels, header words and numbers interleaved, so no row of a table is placed', () => {
    // (二)部分公开's label, wrapped over two lines, then 1.属于国家秘密's, then seven numbers: read as
    // one cell per line, the seven went to (二)部分公开.
    const text = dump('soffice-pdftotext-plain-small-r02.txt');
    expect(text).toContain('（二）部分公开（区分处理的，\n只计这一情形，不计其他情形）\n1.属于国家秘密\n\n11\n\n24\n\n0\n\n1\n\n6\n\n0\n\n61\n');
    const source = smallReport(108, 2).record;
    const result = parseText(text);
    const missed = notRight(result, source);
    expect(rowOf(missed, 'requests', 'partially_granted').length).toBeGreaterThan(0);
    expect(result.review.some((r) => r.reason.includes('未按表格逐格印出'))).toBe(true);
  });

  it('two labels on consecutive lines read as one cell name neither row', () => {
    // 行政处罚 / 行政强制 / 1: the 1 is 行政强制's, and 行政处罚 prints nothing.
    const text = dump('soffice-pdftotext-plain-small-r01.txt');
    expect(text).toContain('\n行政处罚\n行政强制\n\n1\n');
    const source = smallReport(108, 1).record;
    expect(source.active.enforcement.decisions).toBe(1);
    const missed = notRight(parseText(text), source);
    expect(missed).toEqual(expect.arrayContaining(['active.enforcement.decisions']));
  });

  it('a 复议诉讼 row printing numbers under header words is none of the table\'s rows: its numbers place nothing', () => {
    // `复议后起诉 … 62 / 350 / 174 116 / 233 / 256`, then `维持 纠正 结果 审结 / 257 215 200 / …`: read
    // as one cell per line, 复议后起诉 was 62 350 174116 233 256.
    const text = dump('soffice-pdftotext-plain-r29.txt');
    expect(text).toContain('\n174 116\n');
    const source = fictionalReport(110, 29).record;
    const missed = notRight(parseText(text), source);
    expect(rowOf(missed, 'appeals', 'litigation_after_review').length).toBeGreaterThan(0);
  });

  it('Chromium\'s PDF: a row printing no number beside its label in a table out of step is not a certain blank', () => {
    // 4.保护第三方合法权益's numbers (0 0 0 0 99 / 99) come out lines above its label, after
    // 3.危及“三安全一稳定”'s; the row itself prints none.
    const text = dump('consistent-chromium-pdftotext-plain-small.txt');
    expect(text).toContain('\n0 0 0 0 99\n99\n（三）不 4.保护第三方合法权益\n');
    const source = smallReport(109, 26, { consistent: true }).record;
    expect(source.requests.denied_third_party.total).toBe(99);
    const missed = notRight(parseText(text), source);
    expect(rowOf(missed, 'requests', 'denied_third_party').length).toBe(6);
  });
});

describe('pdftotext\'s default mode: a line of numbers alone below a wrapped label', () => {
  it('is not taken for the row\'s first numbers: its words one space apart tell no column (was: five wrong numbers)', () => {
    // 2.申请人逾期未按收费通知要求缴纳费用… prints `0 53 0 0` beside the second line of its label and
    // `0 5 58` on the line below: the rule for Word's 总计 cell aligned top (the row's own line its
    // last columns, the bare line its first) read them 0 5 58 | 0 53 0 0 by the words' places.
    const text = dump('zeros-chromium-pdftotext-plain-r12.txt');
    expect(text).toContain('\n他处理 缴纳费用、行政机关不再处理其 0 53 0 0\n0 5 58\n');
    const source = smallReport(126, 12, { consistent: true, zeros: true }).record;
    expect(source.requests.other_no_fee).toEqual({ natural_person: 0, commercial: 53, research: 0, nonprofit: 0, legal_services: 0, other_org: 5, total: 58 });
    const result = parseText(text);
    // notRight: every cell the parse gives is right, the rest null with a review entry.
    const missed = notRight(result, source);
    expect(result.record!.requests.other_no_fee.commercial).not.toBe(5);
    expect(rowOf(missed, 'requests', 'other_no_fee')).toHaveLength(7);
  });
});

describe('laid-out text with few wide gaps', () => {
  it('a table whose header words stand apart is laid out, though its rows print one number one space after the label', () => {
    // links: `行政规范性文件 0` and `行政事业性收费 493.07` stand one space after their labels, but the
    // header words and `行政处罚    0` stand apart: 0 is read under 本年制发件数, where it stands.
    const text = dump('links-small-active.txt');
    expect(text).toContain('   行政规范性文件 0      \n');
    const source = smallReport(103, 3).record;
    const result = parseText(text);
    expect(notRight(result, source)).toEqual([]);
    expect(result.record!.active.normative_documents.issued).toBe(0);
  });
});

describe('pdftotext -layout text whose lines lost their leading spaces', () => {
  it('header words of one line stacked left of another\'s give no column order the numbers do not follow', () => {
    // LibreOffice's PDF of seed 119 report 2 (sums kept), every line trimmed on the left: the line
    // `商业企业 科研 社会公 法律服务 其他` now starts before 自然人, and the centres of the header
    // words read 商业企业 … 其他, 自然人, 总计: every number of the table a column off.
    const text = dump('consistent-soffice-pdftotext-trimmed.txt');
    expect(text).toContain('\n商业企业 科研 社会公 法律服务 其他\n');
    const source = consistentReport(119, 2).record;
    const result = parseText(text);
    expect(notRight(result, source).length).toBeGreaterThan(0);
    expect(result.review.some((r) => r.reason.includes('表头各栏的顺序无法确定'))).toBe(true);
  });
});

