/**
 * Unit tests of the renderer itself (server/report/render.ts), independent of the parser.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAYOUTS, LAYOUT_IDS, renderText, type LayoutId } from '../../server/report/render.ts';
import { CELLS, REQUEST_ROWS, SECTIONS, getCell, setCell, type ReportRecord } from '../../server/report/template.ts';
import { recordArb, uniformRecord } from './arbitraries.ts';

const SEEDS = Array.from({ length: 40 }, (_, i) => i * 7919 + 1);

/** The text of the three tables: from heading 二 up to heading 五, full-width digits made ASCII. */
function tablesText(text: string): string {
  const lines = text.split('\n');
  const at = (title: string) => lines.findIndex((l) => l.replace(/^[\s\f]+/, '').startsWith(title));
  const from = at(`${SECTIONS[1].no}、${SECTIONS[1].title}`);
  const to = at(`${SECTIONS[4].no}、${SECTIONS[4].title}`);
  expect(from, 'heading 二 present').toBeGreaterThan(0);
  expect(to, 'heading 五 after 二').toBeGreaterThan(from);
  return lines.slice(from + 1, to).join('\n').replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10));
}

/** Standalone numbers in table text (not the digits of enumerators like "1." or page marks "-3-"). */
const PAGE_MARK = /^[\s\f]*(-\s?\d+\s?-|— \d+ —|第 \d+ 页)\s*$/;

function numberTokens(tables: string): string[] {
  const body = tables.split('\n').filter((l) => !PAGE_MARK.test(l)).join('\n');
  return [...body.matchAll(/(?<![\d.、\-])(\d+(?:\.\d+)?)(?![\d、\-]|\.(?!\d))/g)].map((m) => m[1] as string);
}

describe('LAYOUTS', () => {
  it('lists the eight layouts with a Chinese and an English description', () => {
    expect(LAYOUT_IDS).toEqual(['cells-tab', 'rows-tab', 'scanned', 'cells-pipe', 'cells-blank', 'pipe-table', 'pdf-layout', 'exact-grid']);
    for (const l of LAYOUTS) {
      expect(l.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(l.en).toMatch(/[a-z]/);
    }
    expect(LAYOUTS.filter((l) => l.blanks === 'dropped').map((l) => l.id)).toEqual(['scanned']);
    expect(LAYOUTS.filter((l) => l.exactCells).map((l) => l.id)).toEqual(['exact-grid']);
  });

  it('rejects an unknown layout', () => {
    expect(() => renderText(uniformRecord(0), 'nope' as LayoutId)).toThrow(/unknown layout/);
  });
});

describe.each(LAYOUT_IDS)('renderText(%s)', (layout) => {
  it('is deterministic for a seed and varies with it', () => {
    const record = uniformRecord(3);
    expect(renderText(record, layout, { seed: 5 })).toBe(renderText(record, layout, { seed: 5 }));
    const texts = new Set(SEEDS.map((seed) => renderText(record, layout, { seed })));
    expect(texts.size).toBeGreaterThan(5);
  });

  it('writes a complete report: title, the six headings in order, the printed date', () => {
    for (const seed of SEEDS) {
      const text = renderText(uniformRecord(0, { organ: '高家堡镇', year: 2023, published: '2024-02-05' }), layout, { seed });
      expect(text.replace(/\s/g, '')).toContain('高家堡镇2023年政府信息公开工作年度报告');
      let last = -1;
      for (const s of SECTIONS) {
        const at = text.indexOf(`${s.no}、${s.title}`, last + 1);
        expect(at, `heading ${s.no}`).toBeGreaterThan(last);
        last = at;
      }
      expect(text.slice(last)).toMatch(/2024\s*年\s*0?2\s*月\s*0?5\s*日/);
    }
  });

  it('prints blank cells blank, never 0', () => {
    for (const seed of SEEDS) {
      const tables = tablesText(renderText(uniformRecord(null), layout, { seed }));
      expect(numberTokens(tables), `seed ${seed}`).toEqual([]);
    }
  });

  it('prints each of the 200 cells once when all are 0', () => {
    for (const seed of SEEDS) {
      const tables = tablesText(renderText(uniformRecord(0), layout, { seed }));
      expect(numberTokens(tables).filter((t) => t === '0'), `seed ${seed}`).toHaveLength(CELLS.length);
    }
  });

  it('prints every non-null number of a record, and no other', () => {
    fc.assert(fc.property(recordArb({ kind: 'adversarial' }), fc.nat(), (record, seed) => {
      const tables = tablesText(renderText(record, layout, { seed }));
      const printed = numberTokens(tables).map(Number).sort((a, b) => a - b);
      const values = CELLS.map((c) => getCell(record, c)).filter((v): v is number => v !== null).sort((a, b) => a - b);
      expect(printed).toEqual(values);
    }), { seed: 7, numRuns: 100 });
  });

  it('takes the date from the web page only when the report prints none', () => {
    const page = uniformRecord(0, { published: '2025-02-10', published_source: 'page' });
    for (const seed of SEEDS.slice(0, 10)) {
      const text = renderText(page, layout, { seed });
      expect(text).toMatch(/发布(时间|日期)：2025-02-10/);
      expect(text).not.toMatch(/2025\s*年\s*0?2\s*月\s*10\s*日/);
    }
    const printed = renderText(uniformRecord(0), layout, { seed: 1, webPage: true });
    const pageDate = /发布(?:时间|日期)：(\d{4}-\d\d-\d\d)/.exec(printed)?.[1];
    expect(pageDate).toBeDefined();
    expect(pageDate).not.toBe('2025-01-17');
    const none = renderText(uniformRecord(0, { published: null, published_source: null }), layout, { seed: 1, webPage: true });
    expect(none).not.toMatch(/发布(时间|日期)/);
    expect(none).not.toMatch(/\d{4}\s*年\s*\d+\s*月\s*\d+\s*日\s*$/);
  });
});

/** A record whose 申请 rows hold their row number in every column, for shape tests. */
function numberedRecord(): ReportRecord {
  const record = uniformRecord(0);
  REQUEST_ROWS.forEach((r, i) => {
    for (const c of CELLS.filter((x) => x.section === 'requests' && x.row === r.key)) setCell(record, c, 100 + i);
  });
  return record;
}

describe('layout shapes', () => {
  const record = uniformRecord(0);
  setCell(record, { section: 'active', row: 'enforcement', column: 'decisions' }, null);
  setCell(record, { section: 'requests', row: 'new', column: 'commercial' }, null);

  it('cells-tab: every cell on its own tab-indented line, a blank cell a whitespace-only line', () => {
    const lines = tablesText(renderText(record, 'cells-tab', { seed: 1, plain: true })).split('\n');
    const cells = lines.filter((l) => l.startsWith('\t'));
    expect(cells.length).toBeGreaterThan(200);
    const i = cells.findIndex((l) => l.trim() === '行政强制');
    expect(cells[i + 1]?.trim()).toBe('');
    const j = cells.findIndex((l) => l.trim() === '一、本年新收政府信息公开申请数量');
    expect(cells.slice(j + 1, j + 8).map((l) => l.trim())).toEqual(['0', '', '0', '0', '0', '0', '0']);
  });

  it('rows-tab: one row a line, values in the last seven tab fields', () => {
    const lines = tablesText(renderText(record, 'rows-tab', { seed: 1, plain: true })).split('\n');
    const row = lines.find((l) => l.startsWith('一、本年新收'))?.split('\t');
    expect(row).toHaveLength(10);
    expect(row?.slice(3)).toEqual(['0', '', '0', '0', '0', '0', '0']);
    expect(lines.find((l) => l.startsWith('行政强制'))?.split('\t')).toEqual(['行政强制', '', '', '']);
  });

  it('scanned: blank cells leave no trace and separators say nothing about columns', () => {
    for (const seed of SEEDS) {
      const lines = tablesText(renderText(record, 'scanned', { seed })).split('\n');
      const row = lines.find((l) => l.replace(/\s/g, '').includes('新收'));
      expect(numberTokens(row ?? '')).toEqual(['0', '0', '0', '0', '0', '0']);
      expect(lines.some((l) => /^\s*\t*\s*$/.test(l) && l.includes('\t\t\t\t\t'))).toBe(false);
    }
    const all = SEEDS.map((seed) => renderText(numberedRecord(), 'scanned', { seed })).join('\n');
    // Labels are repeated (行政处罚	行政处罚) or garbled (总记) in some renderings.
    expect(all).toMatch(/(\S{2,})\t\1/);
    expect(all).toMatch(/总记|上生|外罚|子以公开|公幵/);
  });

  it('cells-pipe: a line holding only "|" between the cells of a row', () => {
    const lines = tablesText(renderText(record, 'cells-pipe', { seed: 1, plain: true })).split('\n');
    const j = lines.indexOf('一、本年新收政府信息公开申请数量');
    expect(lines.slice(j, j + 15)).toEqual(['一、本年新收政府信息公开申请数量', '|', '0', '|', '', '|', '0', '|', '0', '|', '0', '|', '0', '|', '0']);
    expect(lines.some((l) => l.includes('|') && l !== '|')).toBe(false);
  });

  it('cells-blank: cells apart by one blank line; a blank cell is an empty or whitespace line', () => {
    const lines = tablesText(renderText(record, 'cells-blank', { seed: 1, plain: true })).split('\n');
    const j = lines.indexOf('一、本年新收政府信息公开申请数量');
    expect(lines.slice(j, j + 15)).toEqual(['一、本年新收政府信息公开申请数量', '', '0', '', '', '', '0', '', '0', '', '0', '', '0', '', '0']);
  });

  it('pipe-table: | cells | on one line, with and without the |---| rule', () => {
    const texts = SEEDS.map((seed) => tablesText(renderText(record, 'pipe-table', { seed })));
    expect(texts.some((t) => t.includes('|---|'))).toBe(true);
    expect(texts.some((t) => !t.includes('|---|'))).toBe(true);
    const row = texts[0]?.split('\n').find((l) => l.includes('本年新收'));
    expect(row?.startsWith('| ') && row.endsWith(' |')).toBe(true);
    expect(row?.split('|').slice(1, -1).map((c) => c.trim()).slice(3)).toEqual(['0', '', '0', '0', '0', '0', '0']);
  });

  it('pdf-layout: no tabs, numbers in aligned columns, page numbers and form feeds between rows', () => {
    const texts = SEEDS.map((seed) => renderText(numberedRecord(), 'pdf-layout', { seed }));
    for (const t of texts) expect(t).not.toContain('\t');
    expect(texts.some((t) => /\n\f\S|\f {2,}\S/.test(tablesText(t)))).toBe(true);
    expect(texts.some((t) => tablesText(t).split('\n').some((l) => PAGE_MARK.test(l)))).toBe(true);
    // All seven numbers of a row stand on one line, each centred on its column: the same character
    // positions in every row (pdftotext counts a CJK glyph as one column).
    const plain = tablesText(renderText(numberedRecord(), 'pdf-layout', { seed: 1, plain: true })).split('\n');
    const positions = (n: number) => {
      const line = plain.find((l) => numberTokens(l).filter((t) => t === String(n)).length === 7) ?? '';
      return [...line.matchAll(new RegExp(`${n}`, 'g'))].map((m) => [...line.slice(0, m.index)].length);
    };
    expect(positions(100)).toHaveLength(7);
    expect(positions(110)).toEqual(positions(100));
    // A long label wraps: some row's label runs over more than one line.
    expect(plain.some((l) => /^\s+不计其他情形|^\s+，不计其他情形|其他情形）\s*$/.test(l))).toBe(true);
  });

  it('exact-grid: full grid per line, blanks in place, rowspan labels repeated in every row', () => {
    const lines = tablesText(renderText(record, 'exact-grid', { seed: 1, plain: true })).split('\n');
    const denied = lines.filter((l) => l.includes('不予公开\t'));
    expect(denied).toHaveLength(8);
    for (const l of denied) {
      const f = l.split('\t');
      expect(f).toHaveLength(10);
      expect(f[0]).toBe('三、本年度办理结果');
      expect(f[1]).toBe('（三）不予公开');
    }
    expect(lines.find((l) => l.startsWith('一、本年新收'))?.split('\t').slice(3)).toEqual(['0', '', '0', '0', '0', '0', '0']);
    expect(lines.find((l) => l.startsWith('行政强制'))?.split('\t')).toEqual(['行政强制', '', '', '']);
  });
});
