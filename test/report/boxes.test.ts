/**
 * The table pre-pass (server/report/parser/boxes.ts): box-drawn dumps (w3m, elinks, links),
 * pandoc grid/simple/multiline tables and raw HTML tables become pipe rows, lines kept in place.
 * Dumps under test/fixtures/dumps were made from report.html / small.html (fictional data,
 * sampleRecord(3)) with `w3m -dump -T text/html -cols 200`, `elinks -dump -dump-width 200`,
 * `links -dump -width 200`, `lynx -dump -width 200` (small-*: width 40); consistent-w3m-squeezed.txt
 * is `w3m -dump -cols 100` of test/conversions' seed 119 report 0 (sums kept), spaces squeezed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../server/report/parse.ts';
import { mayHoldTables, rewriteTables } from '../../server/report/parser/boxes.ts';
import { readDocument } from '../../server/report/readers/index.ts';
import { CELLS, getCell, type ReportRecord } from '../../server/report/template.ts';
import { htmlPage, htmlTable, reportBlocks, requestsTable, sampleRecord } from '../readers/fixtures.ts';
import { consistentReport } from '../conversions/evaluate.ts';
import { notRight } from './cells.ts';

const DUMPS = join(import.meta.dirname, '../fixtures/dumps');
const dump = (name: string) => readFileSync(join(DUMPS, name), 'utf8');
const rewrite = (text: string) => rewriteTables(text.split('\n'), text);
/** The non-empty lines of a rewrite as [1-based line, text]. */
const filled = (lines: string[]) => lines.flatMap((l, i) => (l === '' ? [] : [[i + 1, l] as const]));

async function htmlRecord(html: string): Promise<ReportRecord> {
  const doc = await readDocument(Buffer.from(html, 'utf8'), 'report.html');
  const parsed = parseText(doc.text, { exactCells: doc.exactCells });
  expect(parsed.error).toBeNull();
  return parsed.record!;
}

/** Every cell equals the HTML page's parse; every value's line prints that value. */
function expectSameCells(text: string, expected: ReportRecord): void {
  const parsed = parseText(text);
  expect(parsed.error).toBeNull();
  const got = parsed.record!;
  const diffs = CELLS.filter((c) => getCell(got, c) !== getCell(expected, c)).map((c) => `${c.key}: ${getCell(got, c)} != ${getCell(expected, c)}`);
  expect(diffs).toEqual([]);
  expect(parsed.review).toEqual([]);
  const lines = text.split('\n');
  for (const c of CELLS) {
    const v = getCell(got, c);
    if (v !== null) expect(lines[(parsed.lines[c.key] ?? 0) - 1], c.key).toContain(String(v));
  }
}

describe('detection', () => {
  it('bails out on text without box characters, <table, +- or dashed column rules', () => {
    expect(mayHoldTables('一、总体情况\n本年度 | 无表格\n规章\t1\t2\t3\n2024-01-01 a+b c - d')).toBe(false);
    for (const s of ['│', '┼', '═', '<table>', '<TABLE border=1>', '+---+', '+===+', '+:--+', '---- ----']) expect(mayHoldTables(`前文${s}后文`), s).toBe(true);
  });

  it('leaves prose, markdown pipe tables and stray marks alone', () => {
    const text = [
      '本年度 | 共收到申请 12 件',
      '| 规章 | 1 | 2 | 3 |',
      '|---|---|---|---|',
      '| 行政规范性文件 | 4 | 5 | 6 |',
      '成本 +-- 5 万元',
      '│ 单独一行 │',
      '---- ----',
      '不是表格',
    ].join('\n');
    expect(rewrite(text)).toEqual({ lines: text.split('\n'), origin: null });
  });

  it('keeps the number of lines', () => {
    for (const name of ['report-w3m.txt', 'report-elinks.txt', 'report-links.txt', 'small-w3m.txt', 'small-elinks.txt', 'small-links.txt']) {
      const text = dump(name);
      const r = rewrite(text);
      expect(r.origin, name).toBeNull();
      expect(r.lines.length, name).toBe(text.split('\n').length);
    }
  });
});

describe('box-drawn dumps', () => {
  const SMALL = [
    '| 项目名称比较长的一个合并单元格标签 | 申请人情况 |  | 总计 |',
    '|  | 自然人 | 法人或其他组织 |  |',
    '| 一、本年新收政府信息公开申请数量 | 12 |  | 12 |',
    '| 二、上年结转政府信息公开申请数量 | 3 | 4 | 7 |',
  ];
  it('w3m: wrapped labels joined per column (CJK double width), rowspan and colspan expanded', () => {
    expect(filled(rewrite(dump('small-w3m.txt')).lines)).toEqual([[2, SMALL[0]], [4, SMALL[1]], [7, SMALL[2]], [10, SMALL[3]]]);
  });
  it('elinks: padded cells, numbers in the middle of a wrapped row', () => {
    expect(filled(rewrite(dump('small-elinks.txt')).lines)).toEqual([[2, SMALL[0]], [4, SMALL[1]], [10, SMALL[2]], [15, SMALL[3]]]);
  });
  it('links: ASCII boxes measured in characters, not display columns', () => {
    expect(filled(rewrite(dump('small-links.txt')).lines)).toEqual([[2, SMALL[0]], [4, SMALL[1]], [6, SMALL[2]], [8, SMALL[3]]]);
  });

  it('every row of a table has the grid width; a merged number is not repeated', () => {
    const text = [
      '┌────┬────┬────┐',
      '│行政│5        │',
      '│许可├────┬────┤',
      '│    │1   │2   │',
      '└────┴────┴────┘',
    ].join('\n');
    expect(rewrite(text).lines).toEqual(['', '| 行政许可 | 5 |  |', '', '|  | 1 | 2 |', '']);
  });

  it('a label wrapped over lines with its numbers on the last line', () => {
    const text = ['┃（二）部分公开（区分处理的，┃   ┃   ┃', '┃只计这一情形）              ┃ 7 ┃ 0 ┃', '┣━━━━━━━━━━━━━━━━━━━━━━━━━━━━╋━━━╋━━━┫'].join('\n');
    expect(rewrite(text).lines).toEqual(['', '| （二）部分公开（区分处理的，只计这一情形） | 7 | 0 |', '']);
  });

  it('pandoc grid tables: header rule, wrapped cells, a rowspan', () => {
    const text = [
      '+----------+------+------+',
      '| 项目     | 件数        |',
      '+==========+======+======+',
      '| 行政     | 3    | 4    |',
      '| 许可     |      |      |',
      '+          +------+------+',
      '|          | 5    | 6    |',
      '+----------+------+------+',
    ].join('\n');
    expect(filled(rewrite(text).lines)).toEqual([[2, '| 项目 | 件数 |  |'], [4, '| 行政许可 | 3 | 4 |'], [7, '|  | 5 | 6 |']]);
  });

  it('full reports dumped by w3m, elinks and links parse to the HTML page\'s numbers, lines pointing at them', async () => {
    const expected = await htmlRecord(dump('report.html'));
    for (const name of ['report-w3m.txt', 'report-elinks.txt', 'report-links.txt']) expectSameCells(dump(name), expected);
  });

  it('lynx draws no boxes and drops blank cells: left to the row reader, it invents no number', async () => {
    const expected = await htmlRecord(dump('report.html'));
    const text = dump('report-lynx.txt');
    expect(rewrite(text).lines).toEqual(text.split('\n'));
    const got = parseText(text).record!;
    for (const c of CELLS) if (getCell(got, c) !== null) expect(getCell(got, c), c.key).toBe(getCell(expected, c));
  });
});

describe('HTML tables in text', () => {
  const record = sampleRecord(5);
  const table = htmlTable(requestsTable(record));

  it('one row per <tr> line, spans expanded, count kept', () => {
    const text = ['三、收到和处理政府信息公开申请情况', ...table.split('\n'), '四、结尾'].join('\n');
    const r = rewrite(text);
    expect(r.origin).toBeNull();
    expect(r.lines.length).toBe(text.split('\n').length);
    const rows = r.lines.filter((l) => l.startsWith('|'));
    expect(rows.length).toBe(requestsTable(record).length);
    expect(new Set(rows.map((l) => l.split('|').length))).toEqual(new Set([12])); // 10 grid columns
    expect(rows[3]).toBe(`| 一、本年新收政府信息公开申请数量 |  |  | ${['natural_person', 'commercial', 'research', 'nonprofit', 'legal_services', 'other_org', 'total'].map((c) => getCell(record, { section: 'requests', row: 'new', column: c as 'total' }) ?? '').join(' | ')} |`);
  });

  it('a table on one line: rows added after it, mapped back to its line', async () => {
    const page = htmlPage(reportBlocks(record));
    const expected = await htmlRecord(page);
    const doc = await readDocument(Buffer.from(page), 'p.html');
    // The report as markdown with raw one-line tables: paragraphs as lines.
    const md = reportBlocks(record).map((b) => (b.kind === 'p' ? b.text : htmlTable(b.table).replace(/\n/g, ''))).join('\n\n');
    const r = rewrite(md);
    expect(r.origin).not.toBeNull();
    expect(r.lines.length).toBeGreaterThan(md.split('\n').length);
    const parsed = parseText(md);
    expect(parsed.error).toBeNull();
    expect(CELLS.filter((c) => getCell(parsed.record!, c) !== getCell(expected, c))).toEqual([]);
    const lines = md.split('\n');
    for (const c of CELLS) expect(lines[(parsed.lines[c.key] ?? 0) - 1], c.key).toMatch(/^<table/);
    expect(parsed.record!.headings.map((h) => lines[h.line - 1])).toEqual(parsed.record!.headings.map((h) => `${h.no}、${h.title}`));
    expect(doc.exactCells).toBe(true);
  });

  it('text before and after the table on its lines is kept', () => {
    const text = '表1 <table>\n<tr><td>规章</td><td>1</td></tr>\n<tr><td>行政许可</td><td>2</td></tr>\n</table> 注：单位为件';
    expect(rewrite(text)).toEqual({ lines: ['表1', '| 规章 | 1 |', '| 行政许可 | 2 |', '注：单位为件'], origin: null });
    // On too few lines, everything moves below the table's lines and points back at them.
    const short = '表1 <table><tr><td>规章</td><td>1</td></tr>\n<tr><td>行政许可</td><td>2</td></tr></table> 注';
    expect(rewrite(short)).toEqual({ lines: ['', '', '表1', '| 规章 | 1 |', '| 行政许可 | 2 |', '注'], origin: [1, 2, 1, 1, 2, 2] });
  });
});

describe('pandoc simple and multiline tables', () => {
  it('simple table with a header', () => {
    const text = ['', '  项目       本年新收   结转', '  ---------- ---------- ------', '  规章       3          ', '  行政许可   4          5', ''].join('\n');
    expect(rewrite(text).lines).toEqual(['', '| 项目 | 本年新收 | 结转 |', '', '| 规章 | 3 |  |', '| 行政许可 | 4 | 5 |', '']);
  });
  it('headerless table between rules (pandoc 2 from HTML)', () => {
    const text = ['  ------------ ---- ----', '  规章         3    ', '  行政许可     4    5', '  ------------ ---- ----'].join('\n');
    expect(rewrite(text).lines).toEqual(['', '| 规章 | 3 |  |', '| 行政许可 | 4 | 5 |', '']);
  });
  it('multiline table: rows apart by blank lines, wrapped cells joined', () => {
    const text = ['-----------------------', '项目          件数', '------------- ---------', '（二）部分    7', '公开', '', '规章          3', '-----------------------'].join('\n');
    expect(rewrite(text).lines).toEqual(['', '| 项目 | 件数 |', '', '| （二）部分公开 | 7 |', '', '', '| 规章 | 3 |', '']);
  });
});

describe('real dump tools', () => {
  const tools = { w3m: ['-dump', '-T', 'text/html', '-cols', '200'], elinks: ['-dump', '-dump-width', '200'], links: ['-dump', '-width', '200'] } as const;
  for (const [tool, args] of Object.entries(tools)) {
    let present = true;
    try {
      execFileSync('which', [tool], { stdio: 'ignore' });
    } catch {
      present = false;
      if (process.env.CI === 'true') throw new Error(`${tool} is not installed (apt-get install -y w3m elinks links lynx)`);
    }
    it.skipIf(!present)(`${tool} -dump of a fictional report parses to the page's numbers`, async () => {
      const record = sampleRecord(7);
      const page = htmlPage(reportBlocks(record));
      const dir = mkdtempSync(join(tmpdir(), 'dumps-'));
      writeFileSync(join(dir, 'r.html'), page);
      const text = execFileSync(tool, [...args, join(dir, 'r.html')], { encoding: 'utf8', timeout: 60_000 });
      expectSameCells(text, await htmlRecord(page));
    });
  }
});

describe('a box table whose spaces were squeezed after the dump', () => {
  it('parts each line at its own bars where the bars no longer stand under the rules\' junctions', () => {
    // w3m -dump -cols 100 of seed 119 report 0 (sums kept), every run of spaces squeezed to one:
    // the rules keep their length, the bars move left. Read by the rules' columns, the whole
    // 主动公开 table went into its first cell and 规章's row read blank, with no review entry.
    const text = dump('consistent-w3m-squeezed.txt');
    expect(text).toContain('\n│规章 │288 │201 │202 │\n');
    const source = consistentReport(119, 0).record;
    const result = parseText(text);
    expect(result.record!.active.regulations).toEqual({ issued: 288, repealed: 201, in_force: 202 });
    expect(result.record!.active.regulations).toEqual(source.active.regulations);
    expect(notRight(result, source).filter((k) => k.startsWith('active.'))).toEqual([]);
  });
});
