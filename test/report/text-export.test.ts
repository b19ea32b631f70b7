/**
 * A report saved as text by LibreOffice (`soffice --convert-to txt`, as a clerk saves a Word
 * report as plain text): one cell per line with nothing between cells, a blank cell an empty line
 * or one holding only a no-break space, and the cells a merged label cell covers empty lines
 * before the next row's label (rows.ts lineCellUnits, Row.trailingCovered).
 *
 * Fixtures (test/fixtures/dumps): LibreOffice's text of seed 118 reports 0 and 34 of small numbers
 * (smallReport: soffice-txt-small-r00.txt, -r34.txt); and Chromium's copy of seed 119 report 0
 * (sums kept) with its tabs expanded to spaces (consistent-pasted-tabs-expanded.txt).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../server/report/parse.ts';
import { consistentReport, smallReport } from '../conversions/evaluate.ts';
import { notRight } from './cells.ts';

const dump = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/dumps', name), 'utf8');

describe('LibreOffice\'s text export: one cell per line, nothing between cells', () => {
  it('every cell is read: a blank cell is its line, the cells a merged label covers end the row above', () => {
    // Read as a page saved as text (an empty line after every cell), a blank cell's line was only
    // a separator, and every number after it went a column left: 行政规范性文件 2 _ 1 read as 2 1 _.
    const text = dump('soffice-txt-small-r00.txt');
    expect(text).toContain('\n行政规范性文件\n2\n\u00a0\n1\n');
    // 7.属于行政执法案卷: a blank cell first, then the two covered cells (三、本年度办理结果, （三）不予公开)
    // of the next row, empty, before 8.属于行政查询事项.
    expect(text).toContain('\n7.属于行政执法案卷\n\u00a0\n83\n1\n0\n\u00a0\n\u00a0\n0\n\n\n8.属于行政查询事项\n');
    const source = smallReport(118, 0).record;
    expect(source.requests.denied_enforcement_file).toEqual({ natural_person: null, commercial: 83, research: 1, nonprofit: 0, legal_services: null, other_org: null, total: 0 });
    expect(notRight(parseText(text), source)).toEqual([]);
  });

  it('the 复议诉讼 row starts with a blank cell right after the header', () => {
    const text = dump('soffice-txt-small-r34.txt');
    expect(text).toContain('\n总计\n\n78\n0\n0\n\n77\n');
    expect(notRight(parseText(text), smallReport(118, 34).record)).toEqual([]);
  });
});

describe('a browser\'s copy whose tabs were turned into spaces after the copy', () => {
  it('places no cell by where it stands: the tabs that told blank cells apart are gone', () => {
    // The page copied from Chromium (seed 119 report 0, sums kept), then every tab expanded to
    // spaces (`expand -t 4`): a row of blank cells, `\t\u00a0\t\u00a0\t`, is now spaces and
    // no-break spaces, and 4.保护第三方合法权益's 98 went a column right.
    const text = dump('consistent-pasted-tabs-expanded.txt');
    expect(text).not.toContain('\t');
    expect(text).toMatch(/\n {4}\u00a0 {2,3}\u00a0 {2,3}\n/);
    const result = parseText(text);
    notRight(result, consistentReport(119, 0).record);
    expect(result.review.some((r) => r.reason.includes('制表符被替换成了空格'))).toBe(true);
  });
});
