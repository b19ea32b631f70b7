/**
 * One scanned page -> prose lines and table grids, each number cell with its readings. The
 * tables come from the image, never from OCR's reading order:
 * deskew -> ink -> ruling lines -> cell grid (merged cells) -> lines erased -> OCR per cell.
 *
 * Cells are cut out and stacked on white sheets (one Tesseract process per sheet, not per cell):
 * - every inked cell in chi_sim: labels; a cell with fewer than two ideographs is a number cell
 *   (unless it stands left of a label in its row, or in a column of labels);
 * - the number cells twice more in digits (ink scaled to two sizes), and alone (psm 7) where those
 *   disagree: the readings are votes (trust.ts);
 * - the page with its tables painted white, in chi_sim: prose lines (title, dates, narrative).
 * Tesseract reads the cleaned ink for labels and prose, the greyscale for digits.
 */
import sharp from 'sharp';
import { cellText } from '../grid.ts';
import { binarise, despeckle, findRulings, findTables, inkBox, skewAngle, type Grey, type GridCell, type Ink, type TableGrid } from './raster.ts';
import { recognise, type Tesseract, type Word } from './tesseract.ts';

/** A box in the page image as given (before deskewing), in pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface OcrCell {
  /** Grid position (top-left of a merged cell) and span. */
  row: number;
  col: number;
  rows: number;
  cols: number;
  /** blank: no ink; label: Chinese text; number: fewer than two ideographs (read again in digits). */
  kind: 'blank' | 'label' | 'number';
  /** The text as read (a number cell's first digits reading). */
  text: string;
  /** A number cell's digit readings (two passes at different sizes); [] for other cells. */
  reads: string[];
  /** The Chinese reading of the cell (for a number cell: what a clerk is shown when the digits fail). */
  zh: string;
  /** Lowest word confidence of the reading (0–100); 100 for a blank. */
  conf: number;
  box: Box;
}

export interface OcrTable {
  rows: number;
  cols: number;
  cells: OcrCell[];
  box: Box;
}

export type PageBlock = { kind: 'line'; y: number; text: string } | { kind: 'table'; y: number; table: OcrTable };

export interface OcrPage {
  /** 1-based. */
  page: number;
  width: number;
  height: number;
  /** The skew found and removed, in degrees (positive: the scan was turned clockwise). */
  angle: number;
  blocks: PageBlock[];
  /** No ink at all on the page. */
  blank: boolean;
  /** Why the page could not be read (Tesseract failed or timed out); its blocks are empty. */
  failed: string | null;
}

export interface PageOptions {
  dpi: number;
  timeoutMs: number;
}

const DIGITS = '0123456789.,-';
const CJK_ALL = /[\u3400-\u9fff\uf900-\ufaff]/g;

/** A page image (any format sharp reads, or raw grey) -> its blocks. */
export async function readPage(t: Tesseract, image: Grey, page: number, o: PageOptions): Promise<OcrPage> {
  const empty = { page, width: image.width, height: image.height, angle: 0, blocks: [], blank: false, failed: null };
  let ink = despeckle(binarise(image));
  if (!hasInk(ink, o.dpi)) return { ...empty, blank: true };
  const angle = skewAngle(ink);
  let grey = image;
  let rot: Rotation | null = null;
  if (Math.abs(angle) >= 0.05) {
    const out = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
      .rotate(-angle, { background: { r: 255, g: 255, b: 255 } }).greyscale().raw().toBuffer({ resolveWithObject: true });
    grey = { width: out.info.width, height: out.info.height, data: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length) };
    rot = { angle, from: image, to: grey };
    ink = despeckle(binarise(grey));
  }
  // Ruling lines are thin and often faint in a scan: found on a lenient threshold (noise makes
  // no long runs), and only runs of half an inch or more across, 0.3 in down (a row is 0.4 in
  // tall; a stroke of text is far shorter).
  const faint = binarise(grey, undefined, 0.08, 235);
  const rulings = findRulings(faint, Math.round(o.dpi * 0.5), Math.round(o.dpi * 0.3));
  const tables = findTables(rulings, faint);
  const mask = dilate(rulings.mask, grey.width, grey.height);
  const erased = new Uint8Array(grey.data);
  for (let i = 0; i < mask.length; i++) if (mask[i]) erased[i] = 255;
  const clean: Grey = { width: grey.width, height: grey.height, data: erased };
  const back = (b: Box): Box => unrotate(b, rot);
  try {
    // The cleaned ink, lines erased (no grain, no shading: Tesseract spends seconds on a noisy blank page).
    const bw = new Uint8Array(ink.data.length).fill(255);
    for (let i = 0; i < bw.length; i++) if (ink.data[i] && !mask[i]) bw[i] = 0;
    const read = tables.map((g) => tableCells(g, ink, mask, o.dpi));
    const inked = read.flat().filter((c) => c.ink);
    await readLabels(t, { ...clean, data: bw }, inked, o);
    for (const cells of read) demoteLabels(cells);
    const numbers = inked.filter((c) => c.kind === 'number');
    await readNumbers(t, clean, numbers, o);
    // Prose: the page with its tables painted white, read as lines.
    const prose = new Uint8Array(bw);
    for (const g of tables) {
      for (let yy = Math.max(0, g.y - 2); yy < Math.min(clean.height, g.y + g.h + 3); yy++) prose.fill(255, yy * clean.width + Math.max(0, g.x - 2), yy * clean.width + Math.min(clean.width, g.x + g.w + 3));
    }
    const words = await recognise(t, await png({ ...clean, data: prose }), { lang: 'chi_sim', psm: 6, timeoutMs: o.timeoutMs });
    const blocks: PageBlock[] = [];
    read.forEach((cells, i) => {
      const g = tables[i]!;
      const table: OcrTable = {
        rows: g.ys.length - 1, cols: g.xs.length - 1, box: back(g),
        cells: cells.map((c) => ({ row: c.cell.r0, col: c.cell.c0, rows: c.cell.r1 - c.cell.r0 + 1, cols: c.cell.c1 - c.cell.c0 + 1, kind: c.kind, text: c.text, reads: c.reads, zh: c.zh, conf: c.conf, box: back(c.cell) })),
      };
      blocks.push({ kind: 'table', y: g.y, table });
    });
    blocks.push(...proseLines(words, tables));
    blocks.sort((a, b) => a.y - b.y);
    return { ...empty, angle, blocks };
  } catch (e) {
    const why = (e as { killed?: boolean }).killed ? `识别超时（超过 ${Math.round(o.timeoutMs / 1000)} 秒）` : '识别程序出错';
    return { ...empty, angle, failed: why };
  }
}

function hasInk(ink: Ink, dpi: number): boolean {
  let n = 0;
  for (let i = 0; i < ink.data.length; i++) n += ink.data[i]!;
  // A few characters' worth: less than that is dust on the glass.
  return n >= (dpi / 10) ** 2 * 2;
}

export async function png(g: Grey): Promise<Buffer> {
  return sharp(g.data, { raw: { width: g.width, height: g.height, channels: 1 } }).png({ compressionLevel: 1 }).toBuffer();
}

/** The line mask grown by one pixel each way (anti-aliased edges of a line). */
function dilate(mask: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!mask[y * w + x]) continue;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < w) out[yy * w + xx] = 1;
        }
      }
    }
  }
  return out;
}

interface Rotation {
  angle: number;
  from: Grey;
  to: Grey;
}

/** A box of the deskewed page -> the box around it in the image as given. */
function unrotate(b: Box, r: Rotation | null): Box {
  const box = { x: b.x, y: b.y, w: b.w, h: b.h };
  if (!r) return box;
  // The deskewed image is the original turned by -angle about its centre (canvas enlarged to fit).
  const phi = (-r.angle * Math.PI) / 180;
  const cos = Math.cos(phi), sin = Math.sin(phi);
  const cx = r.from.width / 2, cy = r.from.height / 2, cx2 = r.to.width / 2, cy2 = r.to.height / 2;
  const pts = [[b.x, b.y], [b.x + b.w, b.y], [b.x, b.y + b.h], [b.x + b.w, b.y + b.h]].map(([x, y]) => {
    const dx = x! - cx2, dy = y! - cy2;
    return [cx + dx * cos + dy * sin, cy - dx * sin + dy * cos] as const;
  });
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs))), y0 = Math.max(0, Math.floor(Math.min(...ys)));
  return { x: x0, y: y0, w: Math.ceil(Math.max(...xs)) - x0, h: Math.ceil(Math.max(...ys)) - y0 };
}

interface ReadCell {
  cell: GridCell;
  kind: OcrCell['kind'];
  text: string;
  reads: string[];
  zh: string;
  conf: number;
  /** The ink's box inside the cell (where the digits are cut from). */
  ink: Box | null;
}

const center = (w: Word) => ({ x: w.x + w.w / 2, y: w.y + w.h / 2 });

function tableCells(g: TableGrid, ink: Ink, mask: Uint8Array, dpi: number): ReadCell[] {
  const pad = 3;
  const minInk = Math.max(8, Math.round((dpi / 100) ** 2 * 3));
  return g.cells.map((cell): ReadCell => {
    const found = inkBox(ink, cell.x + pad, cell.y + pad, cell.w - 2 * pad, cell.h - 2 * pad, minInk, mask);
    // A speck is not a digit: real ink is at least a third of a text line tall.
    if (!found || found.h < dpi / 25) return { cell, kind: 'blank', text: '', reads: [], zh: '', conf: 100, ink: null };
    return { cell, kind: 'label', text: '', reads: [], zh: '', conf: 0, ink: found };
  });
}

interface Slot {
  top: number;
  bottom: number;
  scale: number;
}

/**
 * Cuts each cell's ink out (with a margin) and stacks the pieces on white sheets, one under the
 * other with a wide gap, each piece scaled so its ink is `height` pixels tall (Tesseract reads
 * best at about 30 px), at most `per` pieces a sheet. Returns each sheet and each piece's place.
 */
async function sheets(page: Grey, cells: readonly ReadCell[], dpi: number, height: number, byInk: boolean, per = 60): Promise<{ png: Buffer; slots: Slot[]; first: number }[]> {
  const margin = Math.round(dpi / 25), gap = 40;
  const out: { png: Buffer; slots: Slot[]; first: number }[] = [];
  for (let first = 0; first < cells.length; first += per) {
    const chunk = cells.slice(first, first + per);
    const pieces = await Promise.all(chunk.map(async (c) => {
      const b = c.ink!;
      const x0 = Math.max(0, b.x - margin), y0 = Math.max(0, b.y - margin);
      const w = Math.min(page.width, b.x + b.w + margin) - x0, h = Math.min(page.height, b.y + b.h + margin) - y0;
      const crop = new Uint8Array(w * h);
      for (let r = 0; r < h; r++) crop.set(page.data.subarray((y0 + r) * page.width + x0, (y0 + r) * page.width + x0 + w), r * w);
      // Labels wrap over lines: scaled by the print's text height at this resolution (10.5 pt ≈ 0.12 in
      // of ink); a number is one line, scaled by its own ink.
      const scale = Math.min(3, Math.max(0.5, height / (byInk ? Math.max(8, b.h) : dpi * 0.12)));
      const W = Math.max(1, Math.round(w * scale)), H = Math.max(1, Math.round(h * scale));
      const data = scale === 1 ? crop : new Uint8Array(await sharp(crop, { raw: { width: w, height: h, channels: 1 } }).resize(W, H, { kernel: 'cubic' }).toColourspace('b-w').raw().toBuffer());
      return { data, w: W, h: H, scale };
    }));
    const width = Math.max(...pieces.map((p) => p.w)) + 2 * gap;
    const slots: Slot[] = [];
    let y = gap;
    for (const p of pieces) {
      slots.push({ top: y, bottom: y + p.h, scale: p.scale });
      y += p.h + gap;
    }
    const sheet = new Uint8Array(width * y).fill(255);
    pieces.forEach((p, i) => {
      for (let r = 0; r < p.h; r++) sheet.set(p.data.subarray(r * p.w, (r + 1) * p.w), (slots[i]!.top + r) * width + gap);
    });
    out.push({ png: await png({ width, height: y, data: sheet }), slots, first });
  }
  return out;
}

/** The words of a sheet that belong to a slot (by their middle), left to right. */
function inSlot(words: readonly Word[], s: Slot): Word[] {
  return words.filter((w) => {
    const c = center(w);
    return c.y >= s.top - 20 && c.y < s.bottom + 20;
  }).sort((a, b) => (Math.abs(a.y - b.y) > (a.h + b.h) / 2 ? a.y - b.y : a.x - b.x));
}

/** Reads every inked cell in Chinese; a cell with fewer than two ideographs is a number cell. */
async function readLabels(t: Tesseract, page: Grey, cells: ReadCell[], o: PageOptions): Promise<void> {
  for (const sheet of await sheets(page, cells, o.dpi, 32, false)) {
    const words = await recognise(t, sheet.png, { lang: 'chi_sim', psm: 6, timeoutMs: o.timeoutMs });
    sheet.slots.forEach((s, i) => {
      const cell = cells[sheet.first + i]!;
      const mine = inSlot(words, s);
      cell.text = cell.zh = cellText(mine.map((w) => w.text));
      cell.conf = mine.length ? Math.min(...mine.map((w) => w.conf)) : 0;
      // Chinese OCR reads a lone digit as an ideograph now and then (7 -> 这): a label has two.
      cell.kind = (cell.text.match(CJK_ALL) ?? []).length >= 2 ? 'label' : 'number';
    });
  }
}

/**
 * Reads the number cells again in digits, twice (ink scaled to two heights), and a third time
 * alone where the two disagree: readings that agree are far more often right than one alone.
 */
async function readNumbers(t: Tesseract, page: Grey, cells: ReadCell[], o: PageOptions): Promise<void> {
  if (cells.length === 0) return;
  const digits = { lang: 'eng', psm: 6, whitelist: DIGITS, timeoutMs: o.timeoutMs };
  // Two sheets, ink scaled to 36 and 50 px. Measured on generated scans (npm run bench:ocr), the
  // English model without a whitelist reads lone digits better than with one; what is not a
  // digit, point, comma or minus is dropped from its answer.
  const passes = [36, 50];
  for (const [pass, height] of passes.entries()) {
    for (const sheet of await sheets(page, cells, o.dpi, height, true, 120)) {
      const words = (await recognise(t, sheet.png, { lang: 'eng', psm: 6, timeoutMs: o.timeoutMs }))
        .map((w) => ({ ...w, text: w.text.replace(/[^0-9.,-]/g, '') })).filter((w) => w.text);
      sheet.slots.forEach((s, i) => {
        const cell = cells[sheet.first + i]!;
        const mine = inSlot(words, s);
        cell.reads[pass] = mine.map((w) => w.text).join(' ');
        const conf = mine.length ? Math.min(...mine.map((w) => w.conf)) : 0;
        cell.conf = pass === 0 ? conf : Math.min(cell.conf, conf);
        if (pass === 0) cell.text = cell.reads[0]!;
      });
    }
  }
  // Where they disagree or found nothing, a third reading: the cell alone, as one line of text.
  for (const cell of cells.filter((c) => c.reads.some((r) => r !== c.reads[0]) || c.reads[0] === '')) {
    const [sheet] = await sheets(page, [cell], o.dpi, 36, true);
    const words = await recognise(t, sheet!.png, { ...digits, psm: 7 });
    cell.reads[passes.length] = words.map((w) => w.text).join(' ');
    if (words.length) cell.conf = Math.min(cell.conf || 100, ...words.map((w) => w.conf));
  }
}

/**
 * Number-like cells that are labels after all: left of a label in their row (a group label
 * printed down a narrow column, read badly), or in a column whose cells are mostly labels. They
 * are written as their Chinese reading, or blank, rather than as numbers.
 */
function demoteLabels(cells: ReadCell[]): void {
  const rightmostLabel = new Map<number, number>();
  for (const c of cells) if (c.kind === 'label') rightmostLabel.set(c.cell.r0, Math.max(rightmostLabel.get(c.cell.r0) ?? -1, c.cell.c0));
  // Column -> [labels, numbers]. A multi-row header puts three labels over a number; a label column has many.
  const votes = new Map<number, [number, number]>();
  for (const c of cells) {
    if (c.kind === 'blank') continue;
    const v = votes.get(c.cell.c0) ?? [0, 0];
    v[c.kind === 'label' ? 0 : 1]++;
    votes.set(c.cell.c0, v);
  }
  const labelColumn = (v: [number, number] | undefined) => v !== undefined && v[0] >= 6 && v[0] > 3 * v[1];
  for (const c of cells) {
    if (c.kind !== 'number') continue;
    if (c.cell.c0 < (rightmostLabel.get(c.cell.r0) ?? -1) || labelColumn(votes.get(c.cell.c0))) {
      c.kind = 'label';
      c.text = (c.zh.match(CJK_ALL) ?? []).length ? c.zh : '';
    }
  }
}

/** Words outside every table, one line per Tesseract line, top to bottom. */
function proseLines(words: readonly Word[], tables: readonly TableGrid[]): PageBlock[] {
  const outside = words.filter((w) => {
    const c = center(w);
    return !tables.some((g) => c.x >= g.x - 4 && c.x <= g.x + g.w + 4 && c.y >= g.y - 4 && c.y <= g.y + g.h + 4);
  });
  const lines = new Map<string, Word[]>();
  for (const w of outside) lines.set(w.line, [...(lines.get(w.line) ?? []), w]);
  const out: PageBlock[] = [];
  for (const ws of lines.values()) {
    ws.sort((a, b) => a.x - b.x);
    const text = cellText(ws.map((w) => w.text));
    if (text) out.push({ kind: 'line', y: Math.min(...ws.map((w) => w.y)), text });
  }
  return out;
}
