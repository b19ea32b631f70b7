/**
 * Reports written in the national template's own Word file (../shared's blank template, filled:
 * test/conversions/word-template.ts), published as LibreOffice's web page of it, then dumped by
 * w3m and elinks or printed to PDF by Chromium and LibreOffice and read by pdftotext -layout.
 * The template sets its cells' vertical alignment cell by cell: a row whose label wraps prints its
 * 总计 on the label's first line and its other numbers on the second.
 *
 * Fixtures (test/fixtures/dumps/word-*): `npm run eval:reading -- --word --n 16 --seed 201 --keep
 * DIR`, report N of seed 201 (distinct values, about one cell in eight blank); `-small-`: with
 * `--small --seed 202` or `205` (smallReport: a third of the cells blank); `-consistent-`: with `--consistent
 * --seed 203` (consistentReport: sums kept). `word-pdftotext-r00-206.txt`: `--seed 206`, pipeline
 * `word-pdftotext` (the Word file exported to PDF by LibreOffice, then pdftotext -layout).
 * `word-lynx-consistent-r01-212.txt`: `--consistent --seed 212`, report 1, pipeline `lynx`;
 * `word-lynx-consistent-r23-210.txt`: `--consistent --seed 210`, report 23, pipeline `lynx`;
 * `word-soffice-pdftotext-r02-214.txt`: `--seed 214`, report 2, pipeline `soffice-pdftotext`;
 * `word-pdftotext-consistent-r04-215.txt`: `--consistent --seed 215`, report 4, pipeline `word-pdftotext`;
 * `word-lynx-consistent-r03-215.txt`: `--consistent --seed 215`, report 3, pipeline `lynx`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../server/report/parse.ts';
import { readDocument } from '../../server/report/readers/index.ts';
import { consistentReport, smallReport } from '../conversions/evaluate.ts';
import { fictionalReport } from '../conversions/report-html.ts';
import { notRight } from './cells.ts';

const dump = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/dumps', name), 'utf8');
const source = (index: number) => fictionalReport(201, index).record;

describe('a row whose numbers stand on two lines of its wrapped label', () => {
  it('w3m: the 总计 on the label\'s first line is the row\'s, not lost (null without a review entry before)', () => {
    const text = dump('word-w3m-r00.txt');
    // 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请: 385 on the first line, the rest on the second.
    expect(text).toMatch(/1\.申请人无正当理由逾期不补正 +385\n +、行政机关不再处理其政府信息 +325 +311 +111 +59 +52 +373\n/);
    expect(notRight(parseText(text), source(0))).toEqual([]);
  });

  it('elinks: the same, with a group label\'s line (其他处) beside the first line', () => {
    const text = dump('word-elinks-r00.txt');
    expect(text).toMatch(/2\.申请人逾期未按收费通知要求缴纳 +39\n.*费用、行政机关不再处理其政府信息 +38 +223 +363 +312 +112 +0\n/);
    expect(notRight(parseText(text), source(0))).toEqual([]);
  });

  it('two lines that each name a row of their own stay two rows, though their numbers share no column', () => {
    // 1.申请人无正当理由逾期不补正 prints no 总计, the next line only 2.申请人逾期未按收费… 's 总计: read as
    // one row, both rows had every number wrong.
    const text = dump('word-elinks-r12.txt');
    expect(text).toMatch(/1\.申请人无正当理由逾期不补正、行 +243 +291 +166 +123 +188 +312\n.*\n.*2\.申请人逾期未按收费通知要求缴纳 +251\n/);
    expect(notRight(parseText(text), source(12))).toEqual([]);
  });

  it('pdftotext of a LibreOffice PDF: the two lines with a group label\'s line between them are one row', () => {
    const text = dump('word-soffice-pdftotext-r13.txt');
    expect(text).toMatch(/2\.申请人逾期未按收费通知要求 +91\n +他处理\n +缴纳费用、行政机关不再处理其 254 +382 322 +149 +367\n/);
    const result = parseText(text);
    // One row of six numbers over two lines: not placed by where they stand (pdftotext sets each
    // line's numbers by its own words), flagged; 91 is never lost as a blank 总计.
    expect(source(13).requests.other_no_fee.total).toBe(91);
    expect(result.review.some((r) => r.row === 'other_no_fee' && r.column === 'total')).toBe(true);
    notRight(result, source(13));
  });

  it('a line of numbers matched to no row leaves its neighbours\' blank cells in doubt', () => {
    // The same with the label wrapped once more, between the two lines: too far apart to be read
    // as one row, 91 belongs to no row; 2.申请人逾期… 's blank 总计 is not certain.
    const text = dump('word-soffice-pdftotext-r13.txt').replace(/( +他处理\n)/, '$1        （另起一行的标签）\n');
    const result = parseText(text);
    expect(result.record!.requests.other_no_fee.total).toBeNull();
    expect(result.review.some((r) => r.row === 'other_no_fee' && r.column === 'total')).toBe(true);
    notRight(result, source(13));
  });
});

describe('pdftotext -layout of a LibreOffice PDF of the Word template', () => {
  it('a row the page\'s columns place one way and pdftotext\'s runs rule out is not placed', () => {
    // 2.其他法律行政法规禁止公开 284 309 14 327 _ 279 388: 327 stands where the page's one complete row
    // prints 法律服务机构 (pdftotext set it past the row's own words), read as 法律服务机构's before.
    const text = dump('word-soffice-pdftotext-r10.txt');
    expect(text).toMatch(/2\.其他法律行政法规禁止公开 {4}284 {3}309 14 {6}327 {9}279 388\n/);
    const result = parseText(text);
    expect(source(10).requests.denied_prohibited_by_law).toMatchObject({ nonprofit: 327, legal_services: null });
    expect(result.record!.requests.denied_prohibited_by_law.legal_services).toBeNull();
    expect(notRight(result, source(10))).toContain('requests.denied_prohibited_by_law.nonprofit');
  });
});

describe('pdftotext -layout of a LibreOffice PDF: a number partly outside its column\'s complete rows', () => {
  it('is placed only where pdftotext\'s runs allow it (seed 204, report 0)', () => {
    // 3.危及“三安全一稳定” 165 87 60 12 _ 351 120: 12 starts a character left of where the page's two
    // complete rows print 法律服务机构, and was read as that column's; the runs put it under 社会公益组织.
    const text = dump('word-soffice-pdftotext-r00-204.txt');
    expect(text).toMatch(/3\.危及“三安全一稳定” {6}165 {3}87 {3}60 {4}12 {9}351 120\n/);
    const source = fictionalReport(204, 0).record;
    expect(source.requests.denied_security_stability).toMatchObject({ nonprofit: 12, legal_services: null });
    const result = parseText(text);
    expect(result.record!.requests.denied_security_stability.legal_services).toBeNull();
    notRight(result, source);
  });
});

describe('a title wrapped at its last character, printed by Chromium and read by pdftotext', () => {
  it('reads the organ and year where the wrapped 告 is printed before the year', () => {
    const text = dump('word-chromium-pdftotext-r01.txt');
    expect(text).toMatch(/青禾县庄林兴乡人民政府\n +告 +2023 年政府信息公开工作年度报\n/);
    const result = parseText(text);
    expect({ organ: result.record!.organ, year: result.record!.year }).toEqual({ organ: source(1).organ, year: source(1).year });
    notRight(result, source(1));
  });
});

describe('pandoc\'s markdown of the Word page', () => {
  it('gfm: a .md holding HTML tables is markdown, its <span lang> tags read through (was read as a web page: no title)', async () => {
    const bytes = readFileSync(join(import.meta.dirname, '../fixtures/dumps/word-pandoc-gfm-r00.md'));
    expect(bytes.toString('utf8')).toMatch(/^<span lang="zh-CN">\*\*青禾县林东镇人民政府\*\*<\/span>\*\*2022\*\*<span\nlang="zh-CN">\*\*年政府信息公开工作年度报告\*\*<\/span>$/m);
    const doc = await readDocument(bytes, 'report.md');
    expect(doc.format).toBe('txt');
    const result = parseText(doc.text, { exactCells: doc.exactCells });
    expect({ organ: result.record?.organ, year: result.record?.year }).toEqual({ organ: source(0).organ, year: source(0).year });
    expect(notRight(result, source(0))).toEqual([]);
  });

  it('pandoc markdown: spans `[193]{lang="en-US"}` in a simple table keep every word in its column', () => {
    const text = dump('word-pandoc-markdown-r01.md');
    expect(text).toMatch(/\[\[规章\]\{lang="zh-CN"\}\]\{lang="zh-CN"\} +\[193\]\{lang="en-US"\} +\[272\]\{lang="en-US"\} +221\n/);
    expect(notRight(parseText(text), source(1))).toEqual([]);
  });
});

describe('a browser\'s copy of the Word page (innerText)', () => {
  it('a row ending in blank cells ends at its tab: the next row\'s label, four empty lines below, starts a row', () => {
    // Word's blank cells hold an empty paragraph, no no-break space: the row ends with a tab, and
    // read on, the next row's cells joined this row's (二、上年结转… took 三、本年度办理结果's).
    const text = dump('word-pasted-small-r00.txt');
    expect(text).toContain('\n\n46\n\n\t\n\n37\n\n\t\n\n0\n\n\t\n\n\n\n\n\t\n\n\n\n\n\t\n\n\n\n\n\t\n\n\n\n\n\n\n\n三、本年度办理结果\n');
    expect(notRight(parseText(text), smallReport(202, 0).record)).toEqual([]);
  });

  it('a row starting with a blank cell starts at its tab, as far below the row above as rows stand apart', () => {
    // 复议诉讼's one row, 结果维持 blank: its empty paragraph prints nothing, its tab comes seven empty
    // lines below the last header word; read on, the row joined the header's and lost its first cell.
    const text = dump('word-pasted-r11-206.txt');
    expect(text).toContain('\n总计\n\n\n\n\n\n\n\n\t\n\n14\n\n\t\n\n191\n');
    expect(notRight(parseText(text), fictionalReport(206, 11).record)).toEqual([]);
  });
});

describe('w3m\'s dump of the Word page: numbers left-aligned in their cells, header words centred', () => {
  it('the page\'s numbers start at seven places, each by a header word: each place is a column', () => {
    // 自然(人) starts where its numbers do, 商业(企业) one column right of them: the header words\' starts
    // were not the numbers\', nor their centres near enough; every row short of a number was flagged.
    const text = dump('word-w3m-small-r00.txt');
    expect(text).toMatch(/一、本年新收政府信息公开申请数量 {14}7 {14}8 {7}0 {7}36 {6}0 {7}96\n/);
    expect(notRight(parseText(text), smallReport(202, 0).record)).toEqual([]);
  });
});

describe('Chromium\'s PDF of the Word page, as the PDF reader lays its ruled table out', () => {
  it('a label cell holding （七）总计 and 四、结转下年度继续办理, the next row of numbers without one: each row its own', () => {
    // The border between the two label cells is drawn as none: the reader's grid joins them.
    const text = dump('word-chromium-pdf-text-r04.txt');
    expect(text).toMatch(/\n（七）总计四、结转下年度继续办理\t\t\t256\t232\t169\t79\t51\t265\n\t\t185\t399\t10\t67\t165\t244\t7\n/);
    expect(notRight(parseText(text, { exactCells: true }), source(4))).toEqual([]);
  });
});

describe('a browser\'s page header and footer inside the 复议诉讼 table (pdftotext of Chromium\'s PDF)', () => {
  it('its date and page number are no row of values: the table\'s one row is found', () => {
    // `file:///…  3/4` and `12/5/26, 9:39 AM` below the row: three rows "with values", so the table
    // was reported missing (all 15 cells flagged as not found).
    const text = dump('word-chromium-pdftotext-consistent-r00.txt');
    expect(text).toMatch(/ 347 +36 +256 +118 +757 +134 +84 +238 +456 +278 +332 +39 +98 +747\n(?:.*\n){4}file:\/\/\/.* 3\/4\n.*AM\n/);
    const result = parseText(text);
    expect(result.review.filter((r) => r.section === 'appeals' && /未找到/.test(r.reason))).toEqual([]);
    notRight(result, consistentReport(203, 0).record);
  });
});

describe('pdftotext -layout of a LibreOffice PDF: a row under its header words in one measure only', () => {
  it('is not placed where the text\'s measure is not known', () => {
    // 行政规范性文件 _ _ 81: in characters (pdftotext's measure) 81 stands between 本年废止件数 and
    // 现行有效件数, near neither; in display width it stood under 本年废止件数, and was read so.
    const text = dump('word-soffice-pdftotext-small-r13.txt');
    expect(text).toMatch(/ {3}信息内容 {9}本年制发件数 {6}本年废止件数 {9}现行有效件数\n(?:.*\n){5} {2}行政规范性文件 {29}81\n/);
    const source = smallReport(205, 13).record;
    expect(source.active.normative_documents).toEqual({ issued: null, repealed: null, in_force: 81 });
    const result = parseText(text);
    expect(result.record!.active.normative_documents.repealed).toBeNull();
    notRight(result, source);
  });
});

describe('pdftotext -layout of a Chromium PDF: rows set apart from their page', () => {
  // pdftotext puts a number in one block with the label text beside it where a wrapped label
  // (（二）部分公开（区分处理的，只计这一情) reaches towards the first column: such a row's first numbers
  // stand by their place in that block, nine characters left of the page's first column.
  const requestsOf = (name: string, row: string) => notRightRows(name).filter((k) => k.startsWith(`requests.${row}.`));
  const notRightRows = (name: string) => notRight(parseText(dump(`word-chromium-pdftotext-${name}.txt`)), source(Number(name.slice(1))));

  it('the other complete rows of the page give its columns, and its short rows are placed by them', () => {
    const text = dump('word-chromium-pdftotext-r02.txt');
    // Two complete rows set apart (77 160, 140 369 at 43 and 47), three at the page's columns (52, 58, …).
    expect(text).toMatch(/（一）予以公开 {13}77 {2}160 {14}229/);
    expect(text).toMatch(/\n {34}4\. {3}保护第三方合法权益 {4}12 {4}11 {4}170 {3}30 {4}286 {3}57\n/);
    // Before, the rows set apart made the page's columns overlap: every short row of the page was flagged.
    for (const row of ['denied_third_party', 'denied_internal_affairs', 'denied_process_info', 'denied_enforcement_file']) {
      expect(requestsOf('r02', row), row).toEqual([]);
    }
  });

  it('a short row placed by such a page\'s columns must stand wholly within them', () => {
    // 11 moved two characters right: it still overlaps 商业企业's numbers, and 科研机构's not at all;
    // on a page whose columns all complete rows make it would be read as 商业企业's.
    const text = dump('word-chromium-pdftotext-r02.txt').replace('合法权益    12    11    170', '合法权益    12      11  170');
    const result = parseText(text);
    expect(result.record!.requests.denied_third_party.natural_person).toBeNull();
    expect(notRight(result, source(2))).toContain('requests.denied_third_party.commercial');
  });

  it('a row\'s first numbers left of the first column fill the free columns before its first number placed by position', () => {
    const text = dump('word-chromium-pdftotext-r00.txt');
    // 221 9 _ 64 _ 43 317 259: 221 and 9 in the label's block, 64 under 科研机构 and so on.
    expect(text).toMatch(/三、本 （一）予以公开 {13}221 9 {16}64 {10}43 {4}317 {3}259\n/);
    expect(requestsOf('r00', 'granted')).toEqual([]);
    expect(requestsOf('r00', 'partially_granted')).toEqual([]);
  });

  it('as many as the free columns, or the row is not placed', () => {
    // One number left of the first column and two free columns before 64: 221 could be either's.
    const text = dump('word-chromium-pdftotext-r00.txt').replace('（一）予以公开             221 9', '（一）予以公开             221  ');
    const result = parseText(text);
    expect(result.record!.requests.granted).toMatchObject({ natural_person: null, commercial: null, research: null });
    expect(notRight(result, source(0))).toContain('requests.granted.natural_person');
  });

  it('a page without a complete row: its runs place it once those first numbers are freed from their places', () => {
    const text = dump('word-chromium-pdftotext-r06.txt');
    // 190 310 _ 381 _ 379 _ 101 at 43 47 64 76 88: 190 and 310 in the label's block, the others
    // where pdftotext's runs put the page's columns (52, 58, …); no row of the page prints seven numbers.
    expect(text).toMatch(/（一）予以公开 {13}190 310 {14}381 {9}379 {9}101\n/);
    for (const row of ['new', 'carried_over', 'granted', 'denied_state_secret', 'denied_third_party', 'denied_process_info']) {
      expect(requestsOf('r06', row), row).toEqual([]);
    }
  });

  it('a freed number with two free columns left of the row\'s next is either\'s: not placed', () => {
    // 形，不计其他情形） 108 at 47, then 300 under 科研机构: 108 is 自然人's or 商业企业's.
    const text = dump('word-chromium-pdftotext-r06.txt');
    expect(text).toMatch(/形，不计其他情形） {15}108 {14}300 {3}71/);
    const result = parseText(text);
    expect(result.record!.requests.partially_granted).toMatchObject({ natural_person: null, commercial: null });
    expect(notRight(result, source(6))).toContain('requests.partially_granted.commercial');
  });
});

describe('a row\'s label that starts above its numbers\' line (Word centres a cell\'s text on its numbers)', () => {
  it('the first part of the next row\'s label, below a row\'s mark and numbers, begins that row', () => {
    // 5.要求行政机关确认或重新出具已获取信息 over three lines around `5.` and its numbers, then
    // 1.申请人无正当理由逾期不补正、… over three lines around `1.  112`: the line 申请人无正当理由逾期不补正、行
    // went on 5.'s label, which then named two rows: 174 209 were read alone, the other five flagged.
    const text = dump('word-chromium-pdftotext-r02.txt');
    expect(text).toMatch(/已获 174 209\n {34}5\. {45}62 {9}290 {7}347 {4}35 {4}207\n {34}取信息\n {35}申请人无正当理由逾期不补正、行\n {34}1\. {79}112\n/);
    const result = parseText(text);
    expect(notRight(result, source(2)).filter((k) => /rejected_confirm_existing|other_no_correction/.test(k))).toEqual([]);
  });
});

describe('pdftotext of the Word file\'s PDF: a row\'s numbers between the two lines of its label', () => {
  const text = dump('word-pdftotext-r00-206.txt');
  const source206 = fictionalReport(206, 0).record;
  const pattern = /三、本 （一）予以公开 {15}211 {9}296 {4}71 {4}264 {3}57 {4}21\n年度办 （二）部分公开（区分处理的，只计这一情 {40}19\n {26}355 {3}224 {3}362 {10}136 {3}68\n理结果 形，不计其他情形）\n/;

  it('the line of numbers alone is the row\'s, with its 总计 on the label\'s first line (was: both rows flagged as out of step)', () => {
    expect(text).toMatch(pattern);
    expect(source206.requests.partially_granted).toEqual({ natural_person: 355, commercial: 224, research: 362, nonprofit: null, legal_services: 136, other_org: 68, total: 19 });
    const flagged = notRight(parseText(text), source206);
    expect(flagged.filter((k) => /\.(granted|partially_granted)\./.test(k))).toEqual([]);
  });

  it('not where the row above prints no number in the column of the row\'s own: rows out of step may have printed it there', () => {
    // 予以公开 without its 总计 on its own line: 19 could be its, printed on the next row's line.
    const broken = text.replace(pattern, (m) => m.replace(/ {4}21\n/, '\n'));
    const result = parseText(broken);
    expect(result.record!.requests.partially_granted.total).toBeNull();
    expect(result.review.some((r) => r.row === 'partially_granted' && r.reason.includes('错行'))).toBe(true);
  });
});

describe('pdftotext of LibreOffice\'s PDF: a number pushed into the next column where the runs cannot read the page', () => {
  it('is flagged, never read as the next column\'s (was: 221, 其他\'s, read as 法律服务\'s)', () => {
    // `--word --seed 214`, report 2, pipeline `soffice-pdftotext`. The page's complete rows put 其他
    // at 44-47 and 法律服务 at 48-56; 221 stands at 47-49, reaching into both.
    const text = dump('word-soffice-pdftotext-r02-214.txt');
    expect(text).toMatch(/2\.没有现成信息需要另行制作 {7}391 {4}148 41 {5}221 {9}379\n/);
    const source214 = fictionalReport(214, 2).record;
    expect(source214.requests.unable_needs_creation).toEqual({ natural_person: 391, commercial: 148, research: 41, nonprofit: 221, legal_services: null, other_org: 379, total: null });
    const result = parseText(text);
    expect(result.record!.requests.unable_needs_creation.legal_services).toBeNull();
    expect(notRight(result, source214)).toContain('requests.unable_needs_creation.nonprofit');
  });
});

describe('lynx\'s dump of the Word page: a table whose layout lynx gave up half-way', () => {
  // One cell per line (a line break in a cell made lynx give the table's layout up): a run of
  // blank cells leaves no line, only the cell after it set some 80 characters in; the blank cells
  // that end a row leave nothing. Every row short of a cell made the whole table unsure before.
  const text = dump('word-lynx-r00.txt');

  it('a row whose far-right cells account for every blank cell is read', () => {
    expect(text).toMatch(/二、上年结转政府信息公开申请数量\n\n {3}3\n\n {3}131\n\n {3}61\n\n {81}208\n\n {3}195\n\n {3}179\n/);
    const flagged = notRight(parseText(text), source(0));
    for (const row of ['new', 'carried_over', 'granted', 'denied_state_secret', 'denied_third_party']) {
      expect(flagged.filter((k) => k.startsWith(`requests.${row}.`)), row).toEqual([]);
    }
  });

  it('a row short of a cell with no trace of where: flagged, never read as its first cells', () => {
    // 6.属于四类过程性信息's 总计 blank at its end, and 3.危及“三安全一稳定” with it: nothing tells.
    expect(source(0).requests.denied_security_stability.total).toBeNull();
    const result = parseText(text);
    expect(result.record!.requests.denied_security_stability.natural_person).toBeNull();
    expect(notRight(result, source(0))).toContain('requests.denied_security_stability.natural_person');
  });

  it('without the far-right cell, the row it marked is flagged', () => {
    const unmarked = text.replace(/\n {81}208\n/, '\n   208\n');
    const result = parseText(unmarked);
    expect(result.record!.requests.carried_over.natural_person).toBeNull();
    expect(notRight(result, source(0))).toContain('requests.carried_over.natural_person');
  });
  it('where the report keeps its sums, the arithmetic places a row whose blank cells left too little trace (was: flagged)', () => {
    // `--word --consistent --seed 212`, report 1. 6.属于四类过程性信息: 136 114, a far-right 369
    // (a blank run before it, of one to three cells), 619; the trailing blanks may be any of them.
    // Only 136 114 _ _ _ 369 619 adds up: 136 + 114 + 369 = 619 in the row's 总计, and the columns.
    const consistent = dump('word-lynx-consistent-r01-212.txt');
    expect(consistent).toMatch(/6\.属于四类过程性信息\n\n {3}136\n\n {3}114\n\n {88}369\n\n {3}619\n/);
    const expected = consistentReport(212, 1).record;
    expect(expected.requests.denied_process_info).toEqual({ natural_person: 136, commercial: 114, research: null, nonprofit: null, legal_services: null, other_org: 369, total: 619 });
    const flagged = notRight(parseText(consistent), expected);
    expect(flagged.filter((k) => k.startsWith('requests.'))).toEqual([]);
  });

  it('the document\'s other tables are read as lynx\'s too, though none of their cells stands far right (was: every 主动公开 row flagged)', () => {
    // `--consistent --seed 210`, report 23: the 主动公开 table one cell per line, its labels centred
    // far right, 规章 printing 293 31 (its 现行有效件数 blank, dropped at the row's end). Taken for
    // pdftotext's blocks in reading order, the whole table was flagged; the 申请 table's far-right
    // cells show lynx's dump. 规章 may have dropped any of its cells: flagged; the one-cell rows read.
    const text = dump('word-lynx-consistent-r23-210.txt');
    expect(text).toMatch(/ {80,}规章\n\n {3}293\n\n {3}31\n\n {80,}行政规范性文件\n/);
    expect(text).toMatch(/\n {60,}\d+\n/);
    const expected = consistentReport(210, 23).record;
    const result = parseText(text);
    const flagged = notRight(result, expected);
    // (A flagged cell whose truth is blank counts as right: both 现行有效件数 are.)
    expect(flagged.filter((k) => k.startsWith('active.'))).toEqual([
      'active.regulations.issued', 'active.regulations.repealed', 'active.normative_documents.issued', 'active.normative_documents.repealed',
    ]);
    expect(result.record!.active).toMatchObject({ licensing: { decisions: 146 }, enforcement: { decisions: 250 }, fees: { amount_wan_yuan: 444.14 } });
  });
});

describe('a 复议诉讼 row with blank cells under stacked column headers (pdftotext -layout of the Word file\'s PDF)', () => {
  // `--consistent --seed 215`, report 4: 未经复议直接起诉 leaves 结果纠正 blank, 复议后起诉 尚未审结;
  // 行政复议's 总计 1081 is broken over two lines (108 / 1). 144, 36 and 26 stand right under their
  // headers' centres; 206 stands between 尚未审结 and 总计, nearer neither clearly.
  const text = dump('word-pdftotext-consistent-r04-215.txt');
  const row = /\n(196 {3}359 {3}389 {4}137 {9}144 {8}36 {8}26 {4}206 {7}398 {4}19 {7}141 {9}558)\n/;
  const expected = consistentReport(215, 4).record;

  it('the values the headers pin keep their columns; the sums place the rest (was: both groups flagged)', () => {
    expect(text).toMatch(row);
    expect(expected.appeals.litigation_direct).toEqual({ upheld: 144, corrected: null, other: 36, pending: 26, total: 206 });
    expect(expected.appeals.litigation_after_review).toEqual({ upheld: 398, corrected: 19, other: 141, pending: null, total: 558 });
    const result = parseText(text);
    expect(notRight(result, expected).filter((k) => k.startsWith('appeals.'))).toEqual([]);
    expect(result.record!.appeals.litigation_direct).toEqual(expected.appeals.litigation_direct);
    expect(result.review.filter((r) => r.section === 'appeals')).toEqual([]);
  });

  it('pins bend no sum: with 207 printed for 206, no placement adds up and the group stays flagged, its pinned 144 too', () => {
    const changed = text.replace(row, (_, line: string) => `\n${line.replace(/ 206 /, ' 207 ')}\n`);
    expect(changed).not.toEqual(text);
    const result = parseText(changed);
    const direct = result.review.filter((r) => r.section === 'appeals' && r.row === 'litigation_direct').map((r) => r.column);
    expect(direct).toEqual(['upheld', 'corrected', 'other', 'pending', 'total']);
    expect(result.record!.appeals.litigation_direct).toEqual({ upheld: null, corrected: null, other: null, pending: null, total: null });
  });
});

describe('lynx\'s 复议诉讼 row, one cell per line, where a run of blank cells sets the next cell far right', () => {
  // `--consistent --seed 215`, report 3: 150 76 331 128 685 | _ 44 313 3 360 | 70 65 _ _ 135. 44
  // and 135 stand far right: each follows a run of blank cells.
  const text = dump('word-lynx-consistent-r03-215.txt');
  const expected = consistentReport(215, 3).record;

  it('a far-right cell follows a blank cell: 未经复议直接起诉 adds up one way only, read (was: flagged)', () => {
    expect(text).toMatch(/\n {3}685\n\n {90,}44\n\n {3}313\n\n {3}3\n\n {3}360\n\n {3}70\n\n {3}65\n\n {90,}135\n/);
    expect(expected.appeals.litigation_direct).toEqual({ upheld: null, corrected: 44, other: 313, pending: 3, total: 360 });
    const result = parseText(text);
    expect(result.record!.appeals.litigation_direct).toEqual(expected.appeals.litigation_direct);
    expect(result.review.filter((r) => r.section === 'appeals' && r.row === 'litigation_direct')).toEqual([]);
  });

  it('two blank cells with one trace before 135: 尚未审结 is blank in every way, 70 and 65 may stand apart: flagged, never guessed', () => {
    const result = parseText(text);
    expect(result.record!.appeals.litigation_after_review).toEqual({ upheld: null, corrected: null, other: null, pending: null, total: 135 });
    expect(result.review.filter((r) => r.section === 'appeals' && r.row === 'litigation_after_review').map((r) => r.column)).toEqual(['upheld', 'corrected', 'other']);
  });
});
