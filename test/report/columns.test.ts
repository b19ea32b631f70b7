/**
 * The 申请 table's columns are read from its printed header (server/report/parser/columns.ts):
 * another column order, no 总计 column, a blank 总计 cell, scanned rows without a 总计 witness.
 * Every value is distinct, so a number in the wrong column cannot pass.
 */
import { describe, expect, it } from 'vitest';
import { parseText, type ParseResult } from '../../server/report/parse.ts';
import { renderText, type LayoutId } from '../../server/report/render.ts';
import { CELLS, REQUEST_COLUMNS, REQUEST_ROWS, getCell, type ReportRecord } from '../../server/report/template.ts';
import { record as templateRecord } from '../support/records.ts';

/** Every cell a value no other cell has. */
const distinctRecord = (): ReportRecord => templateRecord('青禾县羊山镇人民政府', 2024, Object.fromEntries(CELLS.map((c, i) => [c.key, 1000 + i])));

/** Rewrites the 申请 table of a pipe rendering: `perm[k]` is the template column printed k-th (7 = drop). */
function permutePipe(text: string, perm: readonly number[]): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes('收到和处理政府信息公开申请情况'));
  const end = lines.findIndex((l, i) => i > start && l.includes('行政复议、行政诉讼情况'));
  for (let i = start + 1; i < end; i++) {
    const line = lines[i] as string;
    if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const cells = line.slice(1, -1).split('|');
    const labels = cells.slice(0, cells.length - 7), values = cells.slice(cells.length - 7);
    lines[i] = `|${[...labels, ...perm.map((j) => values[j] as string)].join('|')}|`;
  }
  return lines.join('\n');
}

/** For every request cell: the record's value, or null with a review entry; never another number. */
function wrongOrSilent(record: ReportRecord, result: ParseResult): string[] {
  const parsed = result.record;
  if (!parsed) return ['no record'];
  const reviewed = new Set(result.review.map((r) => `${r.section}.${r.row}.${r.column}`));
  const out: string[] = [];
  for (const c of CELLS) {
    if (c.section !== 'requests') continue;
    const want = getCell(record, c), got = getCell(parsed, c);
    if (got === want) continue;
    if (got === null && reviewed.has(c.key)) continue;
    out.push(`${c.key}: want ${want} got ${got}`);
  }
  return out;
}

const pipe = (record: ReportRecord) => renderText(record, 'pipe-table', { plain: true });

describe('申请 columns from the printed header', () => {
  const record = distinctRecord();

  it('reads the 法人或其他组织 columns printed before 自然人', () => {
    const text = permutePipe(pipe(record), [1, 2, 3, 4, 5, 0, 6]);
    // The header words moved with their columns.
    expect(text).toMatch(/\| 法人或其他组织 \|.*\| 自然人 \|/);
    const result = parseText(text);
    expect(wrongOrSilent(record, result)).toEqual([]);
    expect(result.record?.requests.new).toEqual(record.requests.new);
  });

  it('reads 总计 printed first', () => {
    const result = parseText(permutePipe(pipe(record), [6, 0, 1, 2, 3, 4, 5]));
    expect(result.record?.requests.granted).toEqual(record.requests.granted);
  });

  it('a table without a 总计 column: the applicants are read, 总计 is null with a review entry', () => {
    const result = parseText(permutePipe(pipe(record), [0, 1, 2, 3, 4, 5]));
    expect(wrongOrSilent(record, result)).toEqual([]);
    expect(result.record?.requests.new.other_org).toBe(record.requests.new.other_org);
    expect(result.record?.requests.new.total).toBeNull();
    expect(result.review.find((r) => r.row === 'new' && r.column === 'total')?.reason).toContain('总计');
  });

  it('a header that fits no order leaves the numbers unplaced, each reviewed', () => {
    // 自然人 named twice in a grid, in two different fields.
    const text = pipe(record).replace('| 总计 |', '| 自然人 |');
    const result = parseText(text);
    expect(wrongOrSilent(record, result)).toEqual([]);
    expect(result.record?.requests.new.total).toBeNull();
  });

  it.each(['rows-tab', 'exact-grid', 'cells-tab', 'cells-blank', 'cells-pipe', 'pdf-layout', 'scanned'] satisfies LayoutId[])(
    'the template order stays as it was in %s', (layout) => {
      const text = renderText(record, layout, { plain: true });
      const result = parseText(text, { exactCells: layout === 'exact-grid' });
      expect(wrongOrSilent(record, result)).toEqual([]);
      if (layout !== 'scanned') expect(result.record?.requests.new).toEqual(record.requests.new);
    },
  );
});

describe('scanned rows: the rightmost number is 总计 only when the 总计 column bears it out', () => {
  const head = [
    '2024年青禾县羊山镇政府信息公开工作年度报告',
    '三、收到和处理政府信息公开申请情况',
    '\t\t申请人情况',
    '\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计',
  ];
  /** A scanned table (blank cells dropped): 本年新收 12 = 予以公开 9 + 部分公开 1 + 重复申请 2. */
  const parse = (newRow: string, granted = '2\t9') => {
    const printed: Record<string, string> = { new: newRow, granted, partially_granted: '1\t1', rejected_duplicate: '2\t2' };
    const rows = REQUEST_ROWS.map((r) => `${r.group ?? ''}\t${r.label}\t${printed[r.key] ?? ''}`);
    return parseText([...head, ...rows, ''].join('\n'));
  };

  it('keeps 12 after 2 (OCR lost a cell): the 总计 column adds up', () => {
    const result = parse('2\t12');
    expect(result.record?.requests.new.total).toBe(12);
    expect(result.record?.requests.granted.total).toBe(9);
    expect(result.record?.requests.new.natural_person).toBeNull();
  });

  it('does not take 其他 for 总计 when 总计 is blank: 5 after 7 and 9 is less than their sum', () => {
    const result = parse('7\t9\t5');
    expect(result.record?.requests.new.total).toBeNull();
    expect(result.review.filter((r) => r.row === 'new').length).toBe(REQUEST_COLUMNS.length);
  });

  it('does not take the rightmost numbers for 总计 when the column does not add up', () => {
    // 予以公开 printed with a blank 总计: its rightmost number 8 breaks 12 = 8 + 1 + 2.
    const result = parse('2\t12', '2\t8');
    for (const row of ['new', 'granted', 'partially_granted'] as const) {
      expect(result.record?.requests[row].total, row).toBeNull();
      expect(result.review.find((r) => r.row === row && r.column === 'total')?.reason).toContain('勾稽关系');
    }
  });
});
