/**
 * Numbers broken over two lines of a too-narrow cell, around their row's line (parser/wraps.ts),
 * read joined only where the template's arithmetic witnesses them.
 *
 * Fixtures (test/fixtures/dumps): `npm run eval:reading -- --word --consistent --n 24 --seed 210
 * --keep DIR` (sums kept, as real reports print them: 总计 cells of five digits no longer fit
 * the template's 总计 column), report 0 by pipeline `word-pdftotext` (the Word file's PDF read by
 * pdftotext -layout) and report 1 by `soffice-pdftotext` (LibreOffice's PDF of the web page).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../server/report/parse.ts';
import { wrappedLines } from '../../server/report/parser/wraps.ts';
import { consistentReport } from '../conversions/evaluate.ts';
import { notRight } from './cells.ts';

const dump = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/dumps', name), 'utf8');

describe('wrappedLines: the parts of a number around its row\'s line', () => {
  it('joins a flush-left part above and below onto the row\'s line, the count of lines kept', () => {
    const lines = ['              2302', '总计   36   40', '              7', '其他   1    2'];
    expect(wrappedLines(lines)).toEqual({ lines: ['', '总计   36   40  23027', '', '其他   1    2'], joined: [{ line: 1, value: 23027 }] });
  });

  it('joins every part of a row whose cells all broke (LibreOffice\'s narrow columns), and centred parts', () => {
    const lines = ['      18   15   110', '194                  597', '      8    6    8'];
    expect(wrappedLines(lines)?.lines[1]).toBe('194   188  156  1108 597');
    expect(wrappedLines(['        2302', '维持', '         7'])?.joined).toEqual([{ line: 1, value: 23027 }]);
  });

  it('leaves lines whose parts do not pair up, or would run into the row\'s own words', () => {
    // A lower number under no upper one, in another column: rows out of step, not a broken number.
    expect(wrappedLines(['        2302', '维持', '              7'])).toBeNull();
    // Two above, one below.
    expect(wrappedLines(['        23   45', '维持', '        7'])).toBeNull();
    // A one-digit upper part: no cell is that narrow.
    expect(wrappedLines(['        2', '维持', '        7'])).toBeNull();
    // Where the upper part stands the row prints a word of its own.
    expect(wrappedLines(['    2302', '维持  其他', '    7'])).toBeNull();
  });
});

describe('wrappedLines on hostile text', () => {
  it('takes time in proportion to the text: a long line of digits that is not numbers alone, and forty thousand parts', () => {
    const digits = '1'.repeat(200_000);
    let t = performance.now();
    expect(wrappedLines([`${digits}x`, '维持', `${digits}x`])).toBeNull();
    expect(performance.now() - t).toBeLessThan(1000);
    t = performance.now();
    expect(wrappedLines(['11   '.repeat(40_000), '', '1    '.repeat(40_000)])?.joined).toHaveLength(40_000);
    expect(performance.now() - t).toBeLessThan(3000);
  });
});

describe('reading a report whose numbers broke over two lines', () => {
  const source = consistentReport(210, 0).record;
  const text = dump('word-pdftotext-consistent-r00-210.txt');
  const row = /\n {65}2302\n一、本年新收政府信息公开申请数量 {10}3693 3892 2822 3866 4013 4741\n {65}7\n/;

  it('pdftotext of the Word file\'s PDF: the 总计 23027 the row\'s sum witnesses is read (was: the table\'s rows flagged out of step)', () => {
    expect(text).toMatch(row);
    expect(source.requests.new.total).toBe(23027);
    const result = parseText(text);
    expect(result.record!.requests.new.total).toBe(23027);
    expect(notRight(result, source).filter((k) => k.startsWith('requests.'))).toEqual([]);
  });

  it('not where the sum breaks: the 总计 stays null with its review entry, never read as 2302, 7 or 23027', () => {
    const broken = text.replace(row, (m) => m.replace('3693', '3694'));
    const printed = structuredClone(source);
    printed.requests.new.natural_person = 3694;
    const result = parseText(broken);
    expect(result.record!.requests.new.total).toBeNull();
    expect(notRight(result, printed)).toContain('requests.new.total');
  });

  it('pdftotext of LibreOffice\'s PDF: a 复议诉讼 row whose every wide number broke reads whole where each group adds up (was: the table not found)', () => {
    const appeals = dump('word-soffice-pdftotext-consistent-r01-210.txt');
    expect(appeals).toMatch(/\n {6}18 {3}15 {5}37 {3}90 {3}10 {3}35 {3}34 {3}29 {3}110 {3}32 {8}27\n194 {72}597\n {6}8 {4}6 {6}0 {4}8 {4}7 {4}4 {4}8 {4}9 {4}8 {5}3 {9}4\n/);
    const expected = consistentReport(210, 1).record;
    expect(expected.appeals.litigation_direct.total).toBe(1108);
    const result = parseText(appeals);
    expect(notRight(result, expected).filter((k) => k.startsWith('appeals.'))).toEqual([]);
  });
});
