/**
 * Markdown from PDF-to-markdown converters and OCR tools: pipe tables whose row labels stand as
 * headings (`### （一）予以公开`) or bold lines above a pipe row of the numbers alone.
 */
import { describe, expect, it } from 'vitest';
import { parseText } from '../../server/report/parse.ts';
import { renderText } from '../../server/report/render.ts';
import { CELLS, getCell, type ReportRecord } from '../../server/report/template.ts';
import { record } from '../support/records.ts';

/** The pipe rendering with each table row's label moved onto a line of its own above its numbers. */
function labelsAbove(rec: ReportRecord, mark: (label: string) => string): string {
  return renderText(rec, 'pipe-table', { plain: true }).split('\n').flatMap((l) => {
    if (!l.startsWith('|') || /^\|\s*-/.test(l)) return [l];
    const cells = l.slice(1, -1).split('|').map((c) => c.trim());
    const width = cells.length === 10 ? 7 : cells.length === 4 ? 3 : cells.length;
    const labels = cells.filter((c) => /[\u4e00-\u9fff]/.test(c));
    const values = cells.slice(cells.length - width);
    if (labels.length === 0 || values.some((v) => /[\u4e00-\u9fff]/.test(v)) || !values.some((v) => v !== '')) return [l];
    return [mark(labels[labels.length - 1] as string), '', `| ${values.join(' | ')} |`];
  }).join('\n');
}

describe('markdown row labels above their numbers', () => {
  const rec = record('青禾县羊山镇人民政府', 2024, Object.fromEntries(CELLS.map((c, i) => [c.key, i % 7 === 0 ? null : 1000 + i])));

  it.each([['### heading', (l: string) => `### ${l}`], ['bold line', (l: string) => `**${l}**`]])('%s: every cell read', (_name, mark) => {
    const text = labelsAbove(rec, mark);
    expect(text).toContain(mark('（一）予以公开'));
    const result = parseText(text);
    expect(CELLS.filter((c) => getCell(result.record!, c) !== getCell(rec, c)).map((c) => c.key)).toEqual([]);
  });
});
