import { describe, expect, it } from 'vitest';
import { isPageNumber, layerOf, layoutPages, MIN_TEXT_CHARS, pageChars, type PdfItem, type PdfPage, type Segment } from '../../server/report/readers/pdf-layout.ts';

const h = (y: number, x1: number, x2: number): Segment => ({ x1, x2, y1: y, y2: y });
const v = (x: number, y1: number, y2: number): Segment => ({ x1: x, x2: x, y1, y2 });
const t = (str: string, x: number, y: number, size = 10): PdfItem => ({ str, x, y, width: str.length * size * 0.6, size });

/** A 3-row x 4-column ruled table at x 100..400, y 700..610; row 0's first cell merged across 2 columns. */
function page(items: PdfItem[], extra: Segment[] = []): PdfPage {
  const segments = [
    h(700, 100, 400), h(670, 100, 400), h(640, 100, 400), h(610, 100, 400),
    v(100, 610, 700), v(400, 610, 700), v(250, 610, 700), v(325, 610, 700),
    v(175, 610, 670), // no border between the first two cells of row 0: a merged cell
    ...extra,
  ];
  return { width: 595, height: 842, items, segments };
}

describe('PDF layout from ruling lines', () => {
  it('places each item in its cell; empty cells and merged cells are known', () => {
    const p = page([
      t('总体情况', 100, 760),
      t('信息内容', 110, 680), t('本年', 260, 680), t('总计', 335, 680),
      t('规章', 110, 650), t('3', 270, 650),
      t('行政', 110, 625), t('规范性', 180, 625), t('0', 340, 625),
      t('- 1 -', 290, 40),
    ]);
    expect(layoutPages([p]).lines).toEqual(['总体情况', '信息内容\t\t本年\t总计', '规章\t\t3\t', '行政\t规范性\t\t0']);
  });

  it('joins a cell wrapped over lines, Chinese without a space', () => {
    const p = page([t('（二）部分', 105, 655), t('公开', 105, 645), t('4', 270, 650)]);
    expect(layoutPages([p]).lines).toEqual(['\t\t\t', '（二）部分公开\t\t4\t', '\t\t\t']);
  });

  it('keeps each number in its own cell where the rules between cells are not drawn (borders set to none)', () => {
    // Rows 1 and 2 of the value columns have no border between them nor between the columns: by
    // the rules one merged cell. Numbers never wrap: 3 and 7 are two cells, 5 under 3 a cell of
    // the next row, never 37 nor 3 5 7; the lone 9 stays in its column, not moved left.
    const p: PdfPage = {
      width: 595, height: 842,
      segments: [
        h(700, 100, 400), h(670, 100, 400), h(640, 100, 175), h(610, 100, 400),
        v(100, 610, 700), v(400, 610, 700), v(175, 610, 700), v(250, 670, 700), v(325, 670, 700),
      ],
      items: [
        t('规章', 110, 650), t('3', 200, 650), t('7', 350, 650),
        t('行政', 110, 620), t('5', 200, 620),
        t('信息', 110, 680), t('9', 270, 680),
      ],
    };
    expect(layoutPages([p]).lines).toEqual(['信息\t\t9\t', '规章\t3\t\t7', '行政\t5\t\t']);
  });

  it('joins a number broken over two lines of a too-narrow cell, only where the next part could not have fitted', () => {
    // The cell at x 325..400: '2302' at 335, 60 wide, ends at 395; a 7 (15 wide) would end at 410.
    const wrapped = (first: PdfItem, second: PdfItem) => layoutPages([page([t('规章', 110, 650), first, second])]).lines[1];
    expect(wrapped({ str: '2302', x: 335, y: 655, width: 60, size: 10 }, { str: '7', x: 335, y: 645, width: 15, size: 10 })).toBe('规章\t\t\t23027');
    // Flush left, 5 from the border: the 8 would have reached the border but not the padding.
    expect(wrapped({ str: '110', x: 330, y: 655, width: 60, size: 10 }, { str: '8', x: 330, y: 645, width: 8, size: 10 })).toBe('规章\t\t\t1108');
    // With room for the 7 on the first line, the break is the writer's: two numbers, left for review.
    expect(wrapped(t('12', 330, 655), t('3', 330, 645))).toBe('规章\t\t\t12 3');
    // Two lines of one width, centred: the padding is not known, and 12 and 34 fit side by side.
    expect(wrapped(t('12', 356.5, 655), t('34', 356.5, 645))).toBe('规章\t\t\t12 34');
    // A number in a cell merged with its neighbour: the merged cell's width, not its column's.
    expect(layoutPages([page([{ str: '2302', x: 180, y: 685, width: 60, size: 10 }, { str: '7', x: 180, y: 675, width: 15, size: 10 }])]).lines[0])
      .toBe('\t2302 7\t\t');
    // A label broken over lines is not a number.
    expect(wrapped({ str: '2302', x: 335, y: 655, width: 60, size: 10 }, { str: '件', x: 335, y: 645, width: 15, size: 10 })).toBe('规章\t\t\t2302件');
  });

  it('cuts an item written across column borders at its spaces', () => {
    const p = page([{ str: '1 2', x: 260, y: 650, width: 80, size: 10 }]);
    expect(layoutPages([p]).lines[1]).toBe('\t\t1\t2');
  });

  it('continues a table on the next page, joining a row the page break cut', () => {
    const first = page([t('规章', 110, 620), t('5', 270, 620)]);
    // Next page: the same columns, no top border; the first row holds only the rest of the label.
    const next: PdfPage = {
      width: 595, height: 842,
      items: [t('文件', 110, 740), t('2.重复', 110, 712), t('7', 270, 712)],
      segments: [h(730, 100, 400), h(700, 100, 400), v(100, 700, 750), v(175, 700, 750), v(250, 700, 750), v(325, 700, 750), v(400, 700, 750)],
    };
    const { lines } = layoutPages([first, next]);
    expect(lines.slice(-2)).toEqual(['规章文件\t\t5\t', '2.重复\t\t7\t']);
  });

  it('does not join a new row after a page break', () => {
    const first = page([t('规章', 110, 620), t('5', 270, 620)]);
    const next: PdfPage = {
      width: 595, height: 842,
      items: [t('2.重复', 110, 740)],
      segments: [h(730, 100, 400), v(100, 730, 750), v(175, 730, 750), v(250, 730, 750), v(325, 730, 750), v(400, 730, 750)],
    };
    expect(layoutPages([first, next]).lines.slice(-2)).toEqual(['规章\t\t5\t', '2.重复\t\t\t']);
  });

  it('knows page numbers', () => {
    for (const s of ['- 3 -', '3', '第3页', '第 3 页 共 5 页', '3/5', '—2—']) expect(isPageNumber(s)).toBe(true);
    for (const s of ['2024', '3件', '一、总体情况']) expect(isPageNumber(s) && s !== '2024').toBe(false);
  });
});

describe('the text layer the PDF thread sends back (layerOf)', () => {
  const prose = (s: string): PdfPage => ({ width: 595, height: 842, items: [t(s, 72, 700)], segments: [] });
  const text = '政府信息公开工作年度报告第一页的正文内容较长一些';
  const blank: PdfPage = { width: 595, height: 842, items: [t('  ', 72, 700)], segments: [] };

  it('lays the text out and keeps no pages when every page has text', () => {
    const layer = layerOf([prose(text), prose(`${text}二`)]);
    expect(layer.text?.lines).toEqual([text, `${text}二`]);
    expect(layer.pages).toBeNull();
  });

  it('gives the pages back when one has (almost) no text, so scans can be looked for', () => {
    const pages = [prose(text), blank];
    const layer = layerOf(pages);
    expect(layer.text?.lines).toEqual([text]);
    expect(layer.pages).toBe(pages);
    expect(layer.pages!.map(pageChars)).toEqual([text.length, 0]);
  });

  it('has no text when the whole file holds fewer than MIN_TEXT_CHARS characters (a scan)', () => {
    const layer = layerOf([prose('第一页'), blank]);
    expect(MIN_TEXT_CHARS).toBeGreaterThan('第一页'.length);
    expect(layer.text).toBeNull();
    expect(layer.pages).toHaveLength(2);
  });
});
