/**
 * A browser's copy of a report page (select, copy, paste): each table row is one line, its cells
 * separated by tabs, but a merged cell is copied once, so rows under a rowspan and rows with a
 * colspan label carry fewer fields. The value cells end every row: counted from the right, they are
 * the columns, blank ones included.
 */
import { describe, expect, it } from 'vitest';
import { parseText } from '../../server/report/parse.ts';
import { renderText } from '../../server/report/render.ts';
import { CELLS, getCell } from '../../server/report/template.ts';
import { record } from '../support/records.ts';

/** The browser's copy of the pipe rendering: covered cells of the label columns are not copied. */
function browserCopy(pipe: string): string {
  return pipe.split('\n').map((l) => {
    if (!l.startsWith('|')) return l;
    if (/^\|\s*-/.test(l)) return '';
    const cells = l.slice(1, -1).split('|').map((c) => c.trim());
    // 申请 rows: 3 label columns + 7 values; 主动公开 rows: 1 label + 3 (or a merged 1).
    const labels = cells.length === 10 ? 3 : cells.length === 4 ? 1 : 0;
    return [...cells.slice(0, labels).filter((c) => c !== ''), ...cells.slice(labels)].join('\t');
  }).join('\n');
}

describe('browser copies of tables with merged cells', () => {
  // Distinct values, every ninth cell blank.
  const rec = record('青禾县羊山镇人民政府', 2024, Object.fromEntries(CELLS.map((c, i) => [c.key, i % 9 === 0 ? null : 1000 + i])));
  const text = browserCopy(renderText(rec, 'pipe-table', { plain: true }));

  it('rows of different widths (the copy this test makes)', () => {
    const widths = new Set(text.split('\n').filter((l) => /\t\d{4}/.test(l)).map((l) => l.split('\t').length));
    expect(widths.size).toBeGreaterThan(1);
  });

  it('reads every cell, blanks in place, counting the fields from the right', () => {
    const result = parseText(text);
    const wrong = CELLS.filter((c) => getCell(result.record!, c) !== getCell(rec, c)).map((c) => c.key);
    expect(wrong).toEqual([]);
    expect(result.review).toEqual([]);
  });

  it('a row whose fields do not fit makes the whole table uncertain: null with review, never shifted', () => {
    // One row loses a blank field (a scan's text, not a copy): no row is placed by counting.
    const broken = text.replace('1017\t\t1019', '1017\t1019');
    const result = parseText(broken);
    const reviewed = new Set(result.review.map((r) => `${r.section}.${r.row}.${r.column}`));
    for (const c of CELLS) {
      const got = getCell(result.record!, c);
      if (got !== getCell(rec, c)) expect(got === null && reviewed.has(c.key), c.key).toBe(true);
    }
  });
});
