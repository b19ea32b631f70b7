/**
 * A browser's copy of a table whose cells hold paragraphs (Word pasted into a CMS page): each cell
 * on its own line between empty lines, the tab between cells on a line of its own, blank cells as
 * a line of tabs and no-break spaces (server/report/parser/paragraphs.ts).
 */
import { describe, expect, it } from 'vitest';
import { joinCellParagraphs } from '../../server/report/parser/paragraphs.ts';
import { parseText } from '../../server/report/parse.ts';
import { renderText } from '../../server/report/render.ts';
import { CELLS, getCell } from '../../server/report/template.ts';
import { record } from '../support/records.ts';

/** Chromium's innerText of a pipe rendering's tables written as `<td><p>…</p></td>`. */
function paragraphCopy(pipe: string): string {
  const out: string[] = [];
  for (const l of pipe.split('\n')) {
    if (!l.startsWith('|')) { out.push(l); continue; }
    if (/^\|\s*-/.test(l)) continue;
    const cells = l.slice(1, -1).split('|').map((c) => c.trim());
    const labels = cells.length === 10 ? 3 : cells.length === 4 ? 1 : 0;
    const kept = [...cells.slice(0, labels).filter((c) => c !== ''), ...cells.slice(labels)];
    // A cell with text is a paragraph; a run of blank cells is one line of "\t\u00a0" (a run that
    // starts the row: "\u00a0\t\u00a0…", as Chromium copies it).
    let k = 0;
    if (kept[0] === '') {
      let run = '\u00a0';
      for (k = 1; k < kept.length && kept[k] === ''; k++) run += '\t\u00a0';
      out.push('', k < kept.length ? `${run}\t` : run, '');
      if (k < kept.length) out.push(kept[k++] as string, '');
    } else out.push('', kept[k++] as string, '');
    while (k < kept.length) {
      if (kept[k] === '') {
        let run = '';
        while (k < kept.length && kept[k] === '') { run += '\t\u00a0'; k++; }
        // The tab before the next cell ends the same line.
        if (k < kept.length) {
          out.push(`${run}\t`, '', kept[k] as string, '');
          k++;
        } else out.push(run, '');
      } else {
        out.push('\t', '', kept[k] as string, '');
        k++;
      }
    }
  }
  return out.join('\n');
}

describe('cells copied as paragraphs', () => {
  const rec = record('青禾县羊山镇人民政府', 2024, Object.fromEntries(CELLS.map((c, i) => [c.key, i % 7 === 0 ? null : 1000 + i])));
  const text = paragraphCopy(renderText(rec, 'pipe-table', { plain: true }));

  it('joins each row back on one line, keeping the line count', () => {
    const lines = text.split('\n');
    const joined = joinCellParagraphs(lines);
    expect(joined.length).toBe(lines.length);
    const row = joined.find((l) => l.startsWith('6.属于四类过程性信息'));
    expect(row?.split('\t').length).toBe(8);
  });

  it('reads every cell, blank ones in place', () => {
    const result = parseText(text);
    expect(CELLS.filter((c) => getCell(result.record!, c) !== getCell(rec, c)).map((c) => c.key)).toEqual([]);
  });

  it('starts a row at a blank first cell that follows the last cell of the row above', () => {
    // 复议诉讼: header cells, then the one row of numbers whose first cell (结果维持) is blank.
    const appeals = { ...rec, appeals: { ...rec.appeals, review: { ...rec.appeals.review, upheld: null } } };
    const result = parseText(paragraphCopy(renderText(appeals, 'pipe-table', { plain: true })));
    expect(result.record?.appeals.review.upheld).toBeNull();
    expect(CELLS.filter((c) => getCell(result.record!, c) !== getCell(appeals, c)).map((c) => c.key)).toEqual([]);
    expect(result.review.filter((e) => e.section === 'appeals')).toEqual([]);
  });

  it('leaves one cell per line, tab-indented, as it is', () => {
    const lines = ['规章', '\t0', '\t', '\t3', '', '行政规范性文件', '\t1', '\t', '\t2'];
    expect(joinCellParagraphs(lines)).toBe(lines);
  });
});
