/**
 * The image analysis before OCR, on pages drawn here pixel by pixel: ink under uneven light,
 * skew, ruling lines, and a table grid with merged cells.
 */
import { describe, expect, it } from 'vitest';
import { binarise, despeckle, findRulings, findTables, inkShare, skewAngle, type Grey } from '../../server/report/readers/ocr/raster.ts';

function page(width: number, height: number, shade = 0): Grey {
  const data = new Uint8Array(width * height);
  // Uneven light: the right side is darker by `shade` grey levels.
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = 245 - Math.round((shade * x) / width);
  return { width, height, data };
}

function rect(g: Grey, x: number, y: number, w: number, h: number, v = 40): void {
  for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) g.data[yy * g.width + xx] = v;
}

/** A table: rows at ys, columns at xs, lines 2 px thick; `skip` borders not drawn ([row, col] of the cell on their right/below). */
function table(g: Grey, xs: number[], ys: number[], merged: { right?: [number, number][]; below?: [number, number][] } = {}): void {
  const x0 = xs[0]!, x1 = xs.at(-1)!, y0 = ys[0]!, y1 = ys.at(-1)!;
  ys.forEach((y, r) => {
    for (let c = 0; c + 1 < xs.length; c++) {
      if (r > 0 && r < ys.length - 1 && merged.below?.some(([mr, mc]) => mr === r - 1 && mc === c)) continue;
      rect(g, xs[c]!, y, xs[c + 1]! - xs[c]! + 2, 2);
    }
  });
  xs.forEach((x, c) => {
    for (let r = 0; r + 1 < ys.length; r++) {
      if (c > 0 && c < xs.length - 1 && merged.right?.some(([mr, mc]) => mr === r && mc === c - 1)) continue;
      rect(g, x, ys[r]!, 2, ys[r + 1]! - ys[r]! + 2);
    }
  });
  expect(x1 > x0 && y1 > y0).toBe(true);
}

describe('ink', () => {
  it('finds dark strokes under uneven light and leaves the shaded paper white', () => {
    const g = page(400, 200, 90);
    rect(g, 350, 50, 20, 4, 100); // a stroke in the dark corner, lighter than black
    const ink = binarise(g);
    expect(ink.data[52 * 400 + 360]).toBe(1);
    expect(ink.data[150 * 400 + 380]).toBe(0);
    expect(inkShare(ink)).toBeLessThan(0.01);
  });

  it('drops isolated specks of noise', () => {
    const g = page(100, 100);
    g.data[50 * 100 + 50] = 0;
    expect(inkShare(despeckle(binarise(g)))).toBe(0);
  });
});

describe('skew', () => {
  it('measures the angle of rows of text on an A4 page at 200 dpi, within 0.1°', () => {
    for (const deg of [-1.4, -0.5, 0, 0.8, 1.5]) {
      const g = page(1654, 700);
      const t = Math.tan((deg * Math.PI) / 180);
      // Ten "lines of text": dashes along a line turned by deg (clockwise, y grows down).
      for (let line = 0; line < 10; line++) {
        for (let x = 50; x < 1600; x += 14) rect(g, x, Math.round(60 + line * 50 + x * t), 10, 6);
      }
      expect(Math.abs(skewAngle(binarise(g)) - deg)).toBeLessThanOrEqual(0.1);
    }
  });

  it('says 0 for a blank page', () => {
    expect(skewAngle(binarise(page(300, 300)))).toBe(0);
  });
});

describe('ruling lines and the cell grid', () => {
  it('builds the grid, merged cells included, and ignores text strokes and lone rules', () => {
    const g = page(900, 700);
    const xs = [100, 300, 450, 600, 800];
    const ys = [100, 160, 220, 280, 340];
    // Row 0: one cell across the table (no inner borders). Cell (1,0) spans rows 1–2.
    table(g, xs, ys, { right: [[0, 0], [0, 1], [0, 2]], below: [[1, 0]] });
    rect(g, 320, 240, 25, 3); // a stroke of text inside a cell
    rect(g, 100, 500, 300, 2); // an underline far from any table
    const ink = binarise(g);
    const rulings = findRulings(ink, 100, 60);
    const [t, ...more] = findTables(rulings, ink);
    expect(more).toEqual([]);
    expect(t!.xs).toHaveLength(5);
    expect(t!.ys).toHaveLength(5);
    const spans = t!.cells.map((c) => `${c.r0},${c.c0}-${c.r1},${c.c1}`);
    expect(spans).toContain('0,0-0,3');
    expect(spans).toContain('1,0-2,0');
    expect(spans).toContain('3,3-3,3');
    expect(spans).toHaveLength(1 + 1 + 3 * 2 + 4);
  });

  it('keeps a faint, broken border a border', () => {
    const g = page(600, 400);
    table(g, [50, 250, 450], [50, 150, 250]);
    // JPEG and noise break the inner vertical line: every 7th pixel is lost, and it is light grey.
    for (let y = 52; y < 250; y++) g.data[y * 600 + 250] = g.data[y * 600 + 251] = y % 7 === 0 ? 245 : 170;
    const ink = binarise(g, undefined, 0.08, 235);
    const [t] = findTables(findRulings(ink, 100, 60), ink);
    expect(t!.cells).toHaveLength(4);
  });
});
