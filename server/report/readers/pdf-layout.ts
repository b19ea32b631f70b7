/**
 * The geometry of PDF pages -> text lines. Tables are found from their ruling lines (the cell
 * borders the PDF draws): the lines give the grid, a missing border between two grid cells
 * means a merged cell, and each text item lands in the cell that contains it — so a blank
 * cell is known to be blank. Text outside tables becomes prose lines; page numbers are dropped.
 * Pure functions over plain data, so they can be tested without a PDF.
 */
import { cellText, gridLines } from './grid.ts';
import { ENUMERATED, findBorderlessTables, type BorderlessTable } from './pdf-borderless.ts';

/** A piece of text at its baseline origin (PDF user space: y grows upwards). */
export interface PdfItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size (the text matrix's vertical scale). */
  size: number;
}

/** An axis-aligned drawn line: x1 <= x2, y1 <= y2, and one of the two pairs is equal. */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfItem[];
  segments: Segment[];
}

export interface PdfText {
  lines: string[];
  tables: number;
}

/** A page with fewer visible characters than this has no text layer to speak of: a scan, or a blank page. */
export const MIN_PAGE_CHARS = 20;
/** A file with fewer than this on all its pages: a scan, not a text PDF. */
export const MIN_TEXT_CHARS = 20;

/** Visible characters of a page's text layer. */
export function pageChars(page: PdfPage): number {
  return page.items.reduce((m, i) => m + i.str.replace(/\s/g, '').length, 0);
}

/**
 * A PDF's text layer as the PDF thread gives it back: its text laid out (null when the file has
 * almost none: a scan), and its pages themselves only when one of them has no text layer, so the
 * caller can look for scanned pages (image.ts) and read them by OCR beside the others.
 */
export interface PdfLayer {
  text: PdfText | null;
  pages: PdfPage[] | null;
}

export function layerOf(pages: PdfPage[]): PdfLayer {
  const chars = pages.map(pageChars);
  return {
    text: chars.reduce((n, c) => n + c, 0) >= MIN_TEXT_CHARS ? layoutPages(pages) : null,
    pages: chars.some((c) => c < MIN_PAGE_CHARS) ? pages : null,
  };
}

const TOL = 2;

export function layoutPages(pages: readonly PdfPage[]): PdfText {
  let tables = 0;
  const margin = proseMargin(pages);
  const right = Math.max(0, ...pages.flatMap((p) => p.items.map((i) => i.x + i.width)));
  const loose = pages.map((page) => looseItems(page));
  const running = runningMarginText(pages, loose.map((l) => l.items));
  const borderless = findBorderlessTables(
    pages.map((page, p) => ({ items: loose[p]!.items, inMargin: (y) => inMargin(y, page), furniture: (text) => isPageNumber(text) || running.has(bare(text)) })),
    margin,
    right,
  );
  const inBorderless = new Set(borderless.flat().flatMap((t) => [...t.items]));
  const perPage = pages.map((page, p) => {
    const blocks = pageBlocks(loose[p]!, borderless[p]!, inBorderless);
    tables += blocks.filter((b) => b.grid).length;
    return blocks;
  });
  const furniture = repeatedMarginLines(pages, perPage);
  const lines: string[] = [];
  // The table the previous page ended with, to join a row that the page break cut in two.
  let open: { grid: string[][]; xs: number[] } | null = null;
  perPage.forEach((blocks, p) => {
    const page = pages[p]!;
    let first = true;
    for (const block of blocks) {
      if (!block.grid && inMargin(block.top, page) && (isPageNumber(block.lines[0]!) || furniture.has(block.lines[0]!))) continue;
      if (block.grid && first && open && sameColumns(open.xs, block.xs) && isRowRemainder(open.grid.at(-1)!, block.grid[0]!)) {
        const last = open.grid.at(-1)!;
        block.grid[0]!.forEach((text, c) => (last[c] = cellText([last[c]!, text])));
        lines[lines.length - 1] = last.join('\t');
        block.grid.shift();
        block.lines.shift();
      }
      lines.push(...block.lines);
      open = block.grid && block.grid.length > 0 ? { grid: block.grid, xs: block.xs } : null;
      first = false;
    }
  });
  return { lines, tables };
}

interface Block {
  top: number;
  lines: string[];
  /** Set for a table: its cell texts and column boundaries. */
  grid?: string[][];
  xs: number[];
}

function sameColumns(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= TOL * 2);
}

/**
 * The first row of a table continued on a new page is the rest of the row the break cut when
 * it only carries the rest of the labels: no number, nothing where the cut row had nothing,
 * and no label that starts a new row (1. / （五） / 四、).
 */
function isRowRemainder(cut: readonly string[], next: readonly string[]): boolean {
  const filled = next.map((t, c) => [t, cut[c] ?? ''] as const).filter(([t]) => t !== '');
  return (
    filled.length > 0 &&
    filled.every(([t, above]) => above !== '' && !/^[\d.,\s]+$/.test(t) && !ENUMERATED.test(t))
  );
}

/** The x where prose lines start: the commonest start of a long line (a paragraph's) over the document. */
function proseMargin(pages: readonly PdfPage[]): number {
  const counts = new Map<number, number>();
  let least = Infinity;
  for (const page of pages) {
    for (const item of page.items) {
      if (!item.str.trim()) continue;
      least = Math.min(least, item.x);
      if (item.width < page.width * 0.3) continue;
      const x = Math.round(item.x * 2) / 2;
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
  }
  let best = least;
  let n = 0;
  for (const [x, c] of counts) if (c > n || (c === n && x < best)) [best, n] = [x, c];
  return best;
}

/** A page's ruled tables with their items, and the items outside them. */
function looseItems(page: PdfPage): { grids: Grid[]; inTable: PdfItem[][]; items: PdfItem[] } {
  const grids = findTables(page.segments);
  const loose: PdfItem[] = [];
  const inTable = grids.map(() => [] as PdfItem[]);
  for (const item of page.items) {
    if (!item.str.trim()) continue;
    for (const piece of splitAcross(item, grids)) {
      const cx = piece.x + piece.width / 2;
      const cy = piece.y + piece.size * 0.35;
      const t = grids.findIndex((g) => cx > g.xs[0]! && cx < g.xs.at(-1)! && cy < g.ys[0]! && cy > g.ys.at(-1)!);
      if (t >= 0) inTable[t]!.push(piece);
      else loose.push(piece);
    }
  }
  return { grids, inTable, items: loose };
}

function pageBlocks({ grids, inTable, items }: ReturnType<typeof looseItems>, borderless: readonly BorderlessTable[], inBorderless: ReadonlySet<PdfItem>): Block[] {
  const loose = inBorderless.size ? items.filter((i) => !inBorderless.has(i)) : items;
  const blocks: Block[] = textLines(loose).map((l) => ({ top: l.y, lines: [l.text], xs: [] }));
  for (const t of borderless) blocks.push({ top: t.top, lines: gridLines(t.grid), grid: t.grid, xs: t.xs });
  grids.forEach((g, t) => {
    const grid = fillGrid(g, inTable[t]!);
    blocks.push({ top: g.ys[0]!, lines: gridLines(grid), grid, xs: g.xs });
  });
  return blocks.sort((a, b) => b.top - a.top);
}

// ------------------------------------------------------------------ ruling lines -> grids

export interface Grid {
  /** Column boundaries, left to right. */
  xs: number[];
  /** Row boundaries, top to bottom (descending y). */
  ys: number[];
  horizontals: Segment[];
  verticals: Segment[];
}

export function findTables(segments: readonly Segment[]): Grid[] {
  const horizontals = mergeCollinear(segments.filter((s) => Math.abs(s.y2 - s.y1) <= 0.5 && s.x2 - s.x1 > TOL), 'h');
  const verticals = mergeCollinear(segments.filter((s) => Math.abs(s.x2 - s.x1) <= 0.5 && s.y2 - s.y1 > TOL), 'v');
  const all = [...horizontals, ...verticals];
  const parent = all.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  horizontals.forEach((h, i) => {
    verticals.forEach((v, j) => {
      if (v.x1 >= h.x1 - TOL && v.x1 <= h.x2 + TOL && h.y1 >= v.y1 - TOL && h.y1 <= v.y2 + TOL) {
        parent[root(i)] = root(horizontals.length + j);
      }
    });
  });
  const groups = new Map<number, Segment[]>();
  all.forEach((s, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), s]));
  const grids: Grid[] = [];
  for (const group of groups.values()) {
    const hs = group.filter((s) => s.y1 === s.y2);
    const vs = group.filter((s) => s.x1 === s.x2 && s.y1 !== s.y2);
    if (hs.length < 1 || vs.length < 2 || hs.length + vs.length < 4) continue;
    const xs = cluster(vs.map((s) => s.x1));
    const ys = cluster(hs.map((s) => s.y1)).reverse();
    // A table continued from the previous page often has no top border (nor a bottom one
    // before the break), and some tables have no outer side borders: the lines that run past
    // the outermost border still bound the table.
    const top = Math.max(...vs.map((s) => s.y2));
    const bottom = Math.min(...vs.map((s) => s.y1));
    if (top > ys[0]! + TOL) ys.unshift(top);
    if (bottom < ys.at(-1)! - TOL) ys.push(bottom);
    const left = Math.min(...hs.map((s) => s.x1));
    const right = Math.max(...hs.map((s) => s.x2));
    if (left < xs[0]! - TOL) xs.unshift(left);
    if (right > xs.at(-1)! + TOL) xs.push(right);
    if (xs.length < 2 || ys.length < 2) continue;
    grids.push({ xs, ys, horizontals: hs, verticals: vs });
  }
  return grids;
}

function mergeCollinear(segments: Segment[], dir: 'h' | 'v'): Segment[] {
  const key = (s: Segment) => (dir === 'h' ? s.y1 : s.x1);
  const start = (s: Segment) => (dir === 'h' ? s.x1 : s.y1);
  const end = (s: Segment) => (dir === 'h' ? s.x2 : s.y2);
  const out: Segment[] = [];
  for (const at of cluster(segments.map(key))) {
    const same = segments.filter((s) => Math.abs(key(s) - at) <= TOL).sort((a, b) => start(a) - start(b));
    let from = start(same[0]!);
    let to = end(same[0]!);
    const push = () => out.push(dir === 'h' ? { x1: from, y1: at, x2: to, y2: at } : { x1: at, y1: from, x2: at, y2: to });
    for (const s of same.slice(1)) {
      if (start(s) <= to + TOL) to = Math.max(to, end(s));
      else {
        push();
        from = start(s);
        to = end(s);
      }
    }
    push();
  }
  return out;
}

/** Sorted distinct positions, nearby ones (within TOL) averaged. */
function cluster(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out.at(-1);
    if (last && v - last.at(-1)! <= TOL) last.push(v);
    else out.push([v]);
  }
  return out.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
}

function hasVertical(g: Grid, k: number, r: number): boolean {
  const mid = (g.ys[r]! + g.ys[r + 1]!) / 2;
  return g.verticals.some((s) => Math.abs(s.x1 - g.xs[k]!) <= TOL && s.y1 <= mid && s.y2 >= mid);
}

function hasHorizontal(g: Grid, k: number, c: number): boolean {
  const mid = (g.xs[c]! + g.xs[c + 1]!) / 2;
  return g.horizontals.some((s) => Math.abs(s.y1 - g.ys[k]!) <= TOL && s.x1 <= mid && s.x2 >= mid);
}

/** An item that is one number (a value of a table), not a label's words. */
const NUMBER_ITEM = /^\s*\d[\d,.]*\s*$/;

/** The grid's cell texts; a merged cell's text sits in its top-left cell, covered cells are '' (a number: see below). */
export function fillGrid(g: Grid, items: readonly PdfItem[]): string[][] {
  const rows = g.ys.length - 1;
  const cols = g.xs.length - 1;
  const owner: number[] = Array.from({ length: rows * cols }, (_, i) => i);
  const root = (i: number): number => (owner[i] === i ? i : (owner[i] = root(owner[i]!)));
  const join = (a: number, b: number) => {
    const ra = root(a);
    const rb = root(b);
    // The smaller index is the top-left-most cell: it keeps the text.
    if (ra !== rb) owner[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols && !hasVertical(g, c + 1, r)) join(r * cols + c, r * cols + c + 1);
      if (r + 1 < rows && !hasHorizontal(g, r + 1, c)) join(r * cols + c, (r + 1) * cols + c);
    }
  }
  // Each item's own grid cell, and per merged cell the rows on which a number stands.
  const placed: { item: PdfItem; at: number; number: boolean }[] = [];
  const numberRows = new Map<number, Set<number>>();
  for (const item of items) {
    const cx = item.x + item.width / 2;
    const cy = item.y + item.size * 0.35;
    const c = g.xs.findIndex((x, i) => i < cols && cx >= x && cx < g.xs[i + 1]!);
    const r = g.ys.findIndex((y, i) => i < rows && cy <= y && cy > g.ys[i + 1]!);
    if (c < 0 || r < 0) continue;
    const at = r * cols + c;
    const number = NUMBER_ITEM.test(item.str);
    placed.push({ item, at, number });
    if (number) numberRows.set(root(at), (numberRows.get(root(at)) ?? new Set()).add(r));
  }
  // The rules say which cells are merged only where every border is drawn: Word's HTML sets many
  // to none, and a row of values then reads as one cell. A number never wraps, so it keeps the
  // column it stands in (a value cell spanning columns holds no number in the template's
  // 申请 and 复议诉讼 tables), and its own row where numbers stand on several rows of one cell:
  // 257 beside or above 293 is two cells, never 257293.
  const texts = new Map<number, PdfItem[]>();
  for (const { item, at, number } of placed) {
    const owner = root(at);
    const row = number && numberRows.get(owner)!.size > 1 ? Math.floor(at / cols) : Math.floor(owner / cols);
    const cell = number ? row * cols + (at % cols) : owner;
    texts.set(cell, [...(texts.get(cell) ?? []), item]);
  }
  /** Where the cell at `i` (merged with its neighbours on its row) starts and ends. */
  const extent = (i: number): [number, number] => {
    const o = root(i);
    const at = i - (i % cols);
    let lo = i % cols, hi = lo;
    while (lo > 0 && root(at + lo - 1) === o) lo--;
    while (hi + 1 < cols && root(at + hi + 1) === o) hi++;
    return [g.xs[lo]!, g.xs[hi + 1]!];
  };
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => {
      const own = texts.get(r * cols + c);
      if (!own) return '';
      const lines = textLines(own, true);
      return wrappedNumber(lines, ...extent(r * cols + c)) ?? cellText(lines.map((l) => l.text));
    }),
  );
}

/** A line of a cell that may be part of one number: digits, separators, a decimal point. */
const NUMBER_PART = /^[\d,.]+$/;

/**
 * One number Word or LibreOffice broke over lines because its cell is too narrow (`2302` above
 * `7`: 23027), or null. Only where the break is proved by the geometry: every line but the last
 * is so wide that the next line's first character would not have fitted beside it within the
 * cell (its whole width where it is merged with its neighbours), less the cell's padding (as wide
 * on the right as the left, where lines of different widths stand flush left; on the left as the
 * right, where they stand flush right, and never wider than a digit: Word's 0.19 cm and
 * LibreOffice's 0.1 cm are narrower; none known where they are centred or all of one width). So
 * the writer could not have put it there: two numbers a clerk wrote on two lines of one cell
 * (`12` above `3` with room for the 3) stay two words, and the parser flags the cell.
 */
function wrappedNumber(lines: readonly TextLine[], left: number, right: number): string | null {
  if (lines.length < 2 || !lines.every((l) => NUMBER_PART.test(l.text))) return null;
  const [first] = lines as [TextLine];
  const flush = (at: (l: TextLine) => number) => lines.every((l) => Math.abs(at(l) - at(first)) <= 0.5);
  // Lines of one width stand alike however the cell aligns them: then no padding is known.
  const starts = flush((l) => l.x), ends = flush((l) => l.right);
  const flushPad = starts && !ends ? first.x - left : ends && !starts ? right - first.right : 0;
  // Word's and LibreOffice's cell padding is narrower than a digit: wider, the text is indented.
  const pad = Math.min(Math.max(0, flushPad), first.firstChar);
  for (let i = 1; i < lines.length; i++) {
    const above = lines[i - 1] as TextLine;
    if (above.right - above.x + (lines[i] as TextLine).firstChar <= right - left - 2 * pad) return null;
  }
  return lines.map((l) => l.text).join('');
}

/**
 * An item that runs over column borders ("0 0 0" written in one go) is cut at its spaces,
 * each word placed by its share of the characters; otherwise the item is kept whole.
 */
function splitAcross(item: PdfItem, grids: readonly Grid[]): PdfItem[] {
  const crosses = grids.some((g) =>
    g.xs.slice(1, -1).some((x) => x > item.x + 1 && x < item.x + item.width - 1 && item.y < g.ys[0]! && item.y > g.ys.at(-1)!),
  );
  if (!crosses || !/\S\s+\S/.test(item.str)) return [item];
  const perChar = item.width / item.str.length;
  const pieces: PdfItem[] = [];
  for (const m of item.str.matchAll(/\S+/g)) {
    pieces.push({ ...item, str: m[0], x: item.x + m.index * perChar, width: m[0].length * perChar });
  }
  return pieces;
}

// ------------------------------------------------------------------ prose lines

interface TextLine {
  y: number;
  text: string;
  /** Where the line's first item starts and its last ends. */
  x: number;
  right: number;
  /** The width of the line's first character (its first item's width shared out over its characters). */
  firstChar: number;
}

/** Items -> visual lines, top to bottom, each read left to right. */
export function textLines(items: readonly PdfItem[], inCell = false): TextLine[] {
  const sorted = items.filter((i) => i.str.trim()).sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PdfItem[][] = [];
  for (const item of sorted) {
    const line = lines.find((l) => Math.abs(l[0]!.y - item.y) <= Math.max(l[0]!.size, item.size) * 0.5);
    if (line) line.push(item);
    else lines.push([item]);
  }
  return lines
    .map((line) => {
      line.sort((a, b) => a.x - b.x);
      let text = '';
      let end = -Infinity;
      for (const item of line) {
        // A wide gap on one line (a signature block, a tab stop) stays visible as a space;
        // inside a cell only between Latin letters or digits, since justified Chinese labels
        // ("商  业  企业") are spread out over the cell. Outside a table, two numbers a visible
        // gap apart are two words even when the PDF writes no space between them (cells of a
        // table whose grid is unknown): "257" and "293" must never read as 257293.
        const gap = item.x - end;
        const latin = /[A-Za-z0-9.]$/.test(text) && /^[A-Za-z0-9]/.test(item.str);
        if (text && (inCell ? latin && gap > item.size * 0.5 : gap > item.size * 1.5 || (latin && gap > item.size * 0.2))) text += ' ';
        text += item.str;
        end = item.x + item.width;
      }
      const first = line[0]!;
      return { y: Math.max(...line.map((i) => i.y)), text: text.replace(/\s+/g, ' ').trim(), x: first.x, right: end, firstChar: first.width / Math.max(1, first.str.trim().length) };
    })
    .filter((l) => l.text)
    .sort((a, b) => b.y - a.y);
}

// ------------------------------------------------------------------ page furniture

function inMargin(y: number, page: PdfPage): boolean {
  return y < page.height * 0.1 || y > page.height * 0.92;
}

const bare = (text: string) => text.replace(/\s+/g, '');

/** Margin lines (spaces left out) found on at least half of the pages (3 or more): running headers and footers. */
function runningMarginText(pages: readonly PdfPage[], items: readonly PdfItem[][]): Set<string> {
  const counts = new Map<string, number>();
  pages.forEach((page, p) => {
    const seen = new Set(textLines(items[p]!.filter((i) => inMargin(i.y, page))).map((l) => bare(l.text)));
    for (const line of seen) counts.set(line, (counts.get(line) ?? 0) + 1);
  });
  const min = Math.max(3, Math.ceil(pages.length / 2));
  return new Set([...counts].filter(([, n]) => n >= min).map(([line]) => line));
}

/** "- 3 -", "第3页", "3/5", "第 3 页 共 5 页", "3". */
export function isPageNumber(line: string): boolean {
  return /^[-－—–\s]*(第\s*)?\d{1,4}\s*(页)?\s*([/／]\s*\d{1,4}|共\s*\d{1,4}\s*页)?\s*[-－—–\s]*$/.test(line);
}

/** Running headers/footers: the same margin line on at least half of the pages (3 or more). */
function repeatedMarginLines(pages: readonly PdfPage[], perPage: readonly Block[][]): Set<string> {
  const counts = new Map<string, number>();
  perPage.forEach((blocks, p) => {
    const seen = new Set(blocks.filter((b) => !b.grid && inMargin(b.top, pages[p]!)).map((b) => b.lines[0]!));
    for (const line of seen) counts.set(line, (counts.get(line) ?? 0) + 1);
  });
  const min = Math.max(3, Math.ceil(pages.length / 2));
  return new Set([...counts].filter(([, n]) => n >= min).map(([line]) => line));
}
