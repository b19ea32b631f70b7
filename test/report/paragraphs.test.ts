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
    // A cell with text is a paragraph; a run of blank cells is one line of "\t\u00a0".
    let k = 0;
    out.push('', kept[0] === '' ? '\u00a0' : (kept[k] as string), '');
    for (k = 1; k < kept.length;) {
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

  it('leaves one cell per line, tab-indented, as it is', () => {
    const lines = ['规章', '\t0', '\t', '\t3', '', '行政规范性文件', '\t1', '\t', '\t2'];
    expect(joinCellParagraphs(lines)).toBe(lines);
  });
});
