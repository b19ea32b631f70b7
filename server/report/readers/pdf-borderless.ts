/**
 * Tables a PDF prints without drawing their borders (LibreOffice drops a web page's CSS cell
 * borders, some offices print tables with hidden lines): the grid is rebuilt from where the text
 * stands. Pure functions over plain data, like pdf-layout.ts.
 *
 * - Lines: text pieces on one baseline; a line is a table line when it holds two or more runs of
 *   text with at least a character's width between them. A table is a run of such lines, with
 *   the indented lines among and above them (wrapped labels, a heading row printed in one cell);
 *   a line starting at the page's text margin (a section title, a paragraph) ends it.
 * - Columns: the narrowest runs first (numbers), each run that overlaps one column widens it, a
 *   run over two or more is a merged cell; a text run is placed at the first column of the
 *   span it is centred in (a merged cell centred over empty neighbours), a number stays where
 *   it stands.
 * - Rows: every line with a number is a row (numbers never wrap). A cell's text wrapped over
 *   several lines is one block; a block is in the row it is centred on, or, when the cells
 *   above and below it in its column are empty, in the first row of the largest span of rows it
 *   is centred in (a merged cell over rows; top-aligned text is centred in its own first row).
 *   A text line with no number and no row is a row of its own (a header row, a blank row).
 * A region is only taken for a table when it has at least two rows with numbers and three
 * columns; otherwise its lines stay prose.
 */
import type { PdfItem } from './pdf-layout.ts';

export interface BorderlessTable {
  /** Baseline of the table's top line (for ordering with the page's other blocks). */
  top: number;
  grid: string[][];
  /** Column boundaries, left to right. */
  xs: number[];
  /** The items the table holds (the rest of the page stays prose). */
  items: Set<PdfItem>;
}

interface Piece {
  str: string;
  x: number;
  x2: number;
  y: number;
  size: number;
  item: PdfItem;
}

interface Run {
  text: string;
  x: number;
  x2: number;
  y: number;
  size: number;
  pieces: Piece[];
  value: boolean;
  /** Column span after placement. */
  a: number;
  b: number;
  line: Line;
  /** On a later page of a table cut by a page break. */
  broken?: boolean;
  /** The rest of a row a page break cut: the line before the break, whose cells it may continue. */
  rest?: Line;
}

interface Line {
  y: number;
  size: number;
  runs: Run[];
  value: boolean;
  /** The first line after a page break: the last line before it. */
  after?: Line;
}

/** A number as a cell prints it (also a blank mark written in a cell). */
const VALUE = /^(?:[-+]?\d[\d,，]*(?:\.\d+)?%?|[—–\-－/／]{1,2}|无)$/;
/** A label that starts a row of its own (1. / （五） / 四、). */
export const ENUMERATED = /^([0-9]+\s*[.、．]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)/;
/** A sub-row's label: `1.属于国家秘密` (a group's label is `（三）不予公开`). */
const SUB_ROW = /^[0-9]+\s*[.．]/;
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;

/** Items -> pieces: an item holding spaces ("本年制发件数 本年废止件数") is cut into its words. */
function piecesOf(item: PdfItem): Piece[] {
  if (!item.str.trim()) return [];
  const base = { y: item.y, size: item.size, item };
  if (!/\S\s+\S/.test(item.str)) {
    const lead = item.str.length - item.str.trimStart().length;
    const trail = item.str.length - item.str.trimEnd().length;
    if (!lead && !trail) return [{ ...base, str: item.str, x: item.x, x2: item.x + item.width }];
  }
  // Widths by character class: CJK full width, the rest half (a fair guess for a CJK font).
  const weight = (c: string) => (CJK.test(c) ? 1 : 0.5);
  const chars = [...item.str];
  const total = chars.reduce((n, c) => n + weight(c), 0) || 1;
  const unit = item.width / total;
  const out: Piece[] = [];
  let at = item.x;
  let word = '';
  let start = at;
  for (const c of chars) {
    if (/\s/.test(c)) {
      if (word) out.push({ ...base, str: word, x: start, x2: at });
      word = '';
      at += weight(c) * unit;
      start = at;
    } else {
      word += c;
      at += weight(c) * unit;
    }
  }
  if (word) out.push({ ...base, str: word, x: start, x2: at });
  return out;
}

function linesOf(pieces: Piece[]): Line[] {
  const sorted = [...pieces].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { y: number; size: number; pieces: Piece[] }[] = [];
  for (const p of sorted) {
    const line = lines.find((l) => Math.abs(l.y - p.y) <= Math.min(1, Math.min(l.size, p.size) * 0.08));
    if (line) {
      line.pieces.push(p);
      line.size = Math.max(line.size, p.size);
    } else lines.push({ y: p.y, size: p.size, pieces: [p] });
  }
  return lines
    .map((l) => {
      const line: Line = { y: l.y, size: l.size, runs: [], value: false };
      l.pieces.sort((a, b) => a.x - b.x);
      let cur: Piece[] = [];
      const flush = () => {
        if (!cur.length) return;
        const text = cur.map((p) => p.str).join('');
        line.runs.push({ text, x: cur[0]!.x, x2: Math.max(...cur.map((p) => p.x2)), y: Math.max(...cur.map((p) => p.y)), size: l.size, pieces: cur, value: VALUE.test(text), a: -1, b: -1, line });
        cur = [];
      };
      for (const p of l.pieces) {
        const last = cur.at(-1);
        if (last && !joins(last, p)) flush();
        cur.push(p);
      }
      flush();
      line.value = line.runs.some((r) => r.value);
      return line;
    })
    .sort((a, b) => b.y - a.y);
}

/** Two pieces on one line belong to one run: no gap wider than a third of a character (a digit after a digit: any visible gap splits). */
export function joins(left: { str: string; x2: number; size: number }, right: { str: string; x: number; size: number }): boolean {
  const gap = right.x - left.x2;
  const size = Math.max(left.size, right.size);
  if (/[0-9.,%]$/.test(left.str) && /^[-+0-9]/.test(right.str)) return gap <= size * 0.15;
  return gap <= size * 0.33;
}

/** Whether a line looks like a table row: two runs or more with a real gap between them. */
function tabular(line: Line): boolean {
  for (let i = 1; i < line.runs.length; i++) if (line.runs[i]!.x - line.runs[i - 1]!.x2 >= line.size * 0.8) return true;
  return false;
}

export interface LoosePage {
  items: readonly PdfItem[];
  /** Whether a baseline is in the page's top or bottom margin (headers, footers). */
  inMargin(y: number): boolean;
  /** Whether a margin line is page furniture (a page number, a running header or footer): never in a table. */
  furniture(text: string): boolean;
}

/**
 * The borderless tables among each page's loose items (index = page). `margin` is the x where
 * the document's prose lines start. A table cut by a page break is read as one table, placed
 * on the page it starts on.
 */
export function findBorderlessTables(pages: readonly LoosePage[], margin: number, textRight: number): BorderlessTable[][] {
  const member = (l: Line) => tabular(l) || (l.runs[0]!.x > margin + 1.5 && l.runs.at(-1)!.x2 - l.runs[0]!.x < (textRight - margin) * 0.6);
  const near = (upper: Line, lower: Line) => upper.y - lower.y <= Math.max(upper.size, lower.size) * 3;
  const regions: { page: number; parts: Line[][] }[] = [];
  let open: { page: number; parts: Line[][] } | null = null;
  pages.forEach((page, p) => {
    const lines = linesOf(page.items.flatMap(piecesOf)).filter((l) => !(page.inMargin(l.y) && page.furniture(l.runs.map((r) => r.text).join(' '))));
    // Lines outside the margins: a table never starts in a margin, but may run into it.
    let i = 0;
    // A table the previous page ended with continues with this page's first lines.
    const body = lines.filter((l) => !page.inMargin(l.y) || member(l));
    const cont = open;
    open = null;
    if (cont && body.length && member(body[0]!)) {
      let e = 0;
      while (e + 1 < body.length && member(body[e + 1]!) && near(body[e]!, body[e + 1]!)) e++;
      cont.parts.push(body.slice(0, e + 1));
      i = lines.indexOf(body[e]!) + 1;
      if (i >= lines.length) open = cont;
    }
    while (i < lines.length) {
      if (!tabular(lines[i]!)) {
        i++;
        continue;
      }
      let s = i;
      while (s > 0 && member(lines[s - 1]!) && near(lines[s - 1]!, lines[s]!) && !taken(lines[s - 1]!)) s--;
      let e = i;
      while (e + 1 < lines.length && member(lines[e + 1]!) && near(lines[e]!, lines[e + 1]!)) e++;
      const region = { page: p, parts: [lines.slice(s, e + 1)] };
      regions.push(region);
      // Open at the bottom when nothing but page furniture follows it on the page.
      if (e + 1 >= lines.length) open = region;
      i = e + 1;
    }
    function taken(l: Line) {
      return regions.some((r) => r.parts.some((part) => part.includes(l)));
    }
  });
  const out: BorderlessTable[][] = pages.map(() => []);
  for (const region of regions) {
    // Later parts go below the first.
    const lines: Line[] = [...region.parts[0]!];
    for (const part of region.parts.slice(1)) {
      const last = lines.at(-1)!;
      const size = Math.max(last.size, part[0]!.size);
      // The break stands for a row's height: the smallest step between two lines with numbers.
      const valueYs = lines.filter((l) => l.value).map((l) => l.y);
      const steps = valueYs.slice(1).map((y, k) => valueYs[k]! - y).filter((d) => d > size);
      const step = steps.length ? Math.min(...steps) : size * 1.7;
      const shift = part[0]!.y - (last.y - step);
      for (const l of part) {
        const moved: Line = { ...l, y: l.y - shift, runs: [] };
        moved.runs = l.runs.map((r) => ({ ...r, y: r.y - shift, line: moved, broken: true }));
        lines.push(moved);
      }
      lines[lines.length - part.length]!.after = last;
    }
    const table = buildTable(lines);
    if (table) out[region.page]!.push({ ...table, top: region.parts[0]![0]!.y });
  }
  return out;
}

interface Block {
  runs: Run[];
  a: number;
  b: number;
  top: number;
  bottom: number;
  value: boolean;
  row: number;
}

function buildTable(lines: Line[]): Omit<BorderlessTable, 'top'> | null {
  if (lines.reduce((n, l) => n + l.runs.filter((r) => r.value).length, 0) < 4) return null;
  const runs = lines.flatMap((l) => l.runs);
  const size = Math.max(...runs.map((r) => r.size));
  // ---- columns: a run is a merged cell when it overlaps two runs no wider than itself that do
  // not overlap each other (cells of two columns); the other runs, overlapping, make the columns.
  const spans = runs.map((run) => {
    const w = run.x2 - run.x;
    let minEnd = Infinity;
    let maxStart = -Infinity;
    for (const o of runs) {
      if (o === run || o.x2 - o.x > w || o.x >= run.x2 - 0.5 || o.x2 <= run.x + 0.5) continue;
      minEnd = Math.min(minEnd, o.x2);
      maxStart = Math.max(maxStart, o.x);
    }
    return maxStart > minEnd;
  });
  const cols: { l: number; r: number }[] = [];
  for (const run of runs.filter((_, k) => !spans[k]).sort((p, q) => p.x - q.x)) {
    const last = cols.at(-1);
    if (last && run.x < last.r - 0.5) last.r = Math.max(last.r, run.x2);
    else cols.push({ l: run.x, r: run.x2 });
  }
  if (cols.length < 3) return null;
  const gaps = cols.slice(1).map((c, k) => c.l - cols[k]!.r);
  const pad = Math.min(...gaps) / 2;
  const xs = [cols[0]!.l - pad, ...cols.slice(1).map((c, k) => (cols[k]!.r + c.l) / 2), cols.at(-1)!.r + pad];
  const ncols = cols.length;
  const mid = (a: number, b: number) => (xs[a]! + xs[b + 1]!) / 2;
  for (const run of runs) {
    const over: number[] = [];
    for (let c = 0; c < ncols; c++) if (run.x < xs[c + 1]! - 0.5 && run.x2 > xs[c]! + 0.5) over.push(c);
    run.a = over[0] ?? 0;
    run.b = over.at(-1) ?? 0;
  }
  const dataCols = new Set(runs.filter((r) => r.value).flatMap((r) => [r.a, r.b]));
  // A row a page break cut in two: the lines after the break, up to the first line with text
  // where the line before the break had none, and no number.
  lines.forEach((line, k) => {
    if (!line.after) return;
    const before = line.after.runs;
    for (const next of lines.slice(k)) {
      if (next.value || !next.runs.every((r) => before.some((o) => r.x < o.x2 && r.x2 > o.x))) break;
      for (const r of next.runs) r.rest = line.after;
    }
  });
  // ---- blocks: a cell's text wrapped over lines, top to bottom.
  const blocks: Block[] = [];
  for (const line of lines) {
    for (const run of line.runs) {
      // The rest of a cut row joins the cell it continues unless another row's numbers stand in that
      // cell's height (its own numbers line, often its first, is one).
      const block = run.value
        ? undefined
        : blocks.find((b) => {
            const last = b.runs.at(-1)!;
            const pitch = last.y - run.y;
            // A label that starts with its own enumerator (`3.补正后…` under a row `2.没有现成…` whose
            // cells are all blank) is another row's, not the rest of the label above.
            const close = !ENUMERATED.test(run.text) && ((pitch <= Math.max(last.size, run.size) * 1.5 + 0.5 && Boolean(run.broken) === Boolean(last.broken)) || (run.rest !== undefined && last.line === run.rest && lines.filter((l) => l.value && l.y <= b.top + size * 0.35 && l.y >= last.y - size * 0.35).length <= 1));
            return !b.value && b.a === run.a && pitch > 0 && close && run.x < last.x2 && run.x2 > last.x && !(b.runs.some((x) => x.line.value) && line.value);
          });
      if (block) {
        block.runs.push(run);
        block.bottom = run.y;
        block.b = Math.max(block.b, run.b);
      } else blocks.push({ runs: [run], a: run.a, b: run.b, top: run.y, bottom: run.y, value: run.value, row: -1 });
    }
  }
  // ---- rows: lines with numbers; then single-line blocks centred on none; each block to a row.
  const anchors: number[] = [];
  for (const line of lines) if (line.value && !anchors.some((a) => Math.abs(a - line.y) <= size * 0.3)) anchors.push(line.y);
  const centreOf = (b: Block) => (b.top + b.bottom) / 2;
  const nearAnchor = (b: Block) => anchors.some((y) => y <= b.top + size * 0.35 && y >= b.bottom - size * 0.35);
  // A one-line cell no row holds is a row of its own (a header row), unless it stands within a
  // line's height of a row already found: then it is a cell merged over rows, centred between
  // them. Lines with more cells first; a cell midway between two lines last.
  const single = blocks.filter((b) => b.runs.length === 1 && !nearAnchor(b));
  const ys = [...new Set([...anchors, ...single.map((b) => b.top)])];
  const midway = (y: number) => {
    const above = Math.min(...ys.filter((v) => v > y + size * 0.3).map((v) => v - y));
    const below = Math.min(...ys.filter((v) => v < y - size * 0.3).map((v) => y - v));
    return above <= size && below <= size && Math.abs(above - below) <= size * 0.3;
  };
  const order = single.map((b) => ({ b, n: b.runs[0]!.line.runs.length, m: midway(b.top) }));
  order.sort((p, q) => Number(p.m) - Number(q.m) || q.n - p.n || q.b.top - p.b.top);
  for (const { b } of order) if (!anchors.some((y) => Math.abs(y - b.top) < size)) anchors.push(b.top);
  // A sub-row's label standing on no row (`2.没有现成信息需要另` / `行制作`, every cell of its row
  // blank) is a row of its own, not part of the cell of the row next to it.
  for (const b of blocks) {
    if (b.value || !SUB_ROW.test(b.runs[0]!.text) || nearAnchor(b)) continue;
    const y = centreOf(b);
    if (!anchors.some((a) => Math.abs(a - y) <= size * 0.5)) anchors.push(y);
  }
  anchors.sort((p, q) => q - p);
  const nrows = anchors.length;
  const valueRow = anchors.map((y) => lines.some((l) => l.value && Math.abs(l.y - y) <= size * 0.3));
  const nearest = (y: number) => anchors.reduce((best, a, k) => (Math.abs(a - y) < Math.abs(anchors[best]! - y) ? k : best), 0);
  // ---- a text block's columns: those it overlaps, widened over empty neighbours when it is
  // centred on the wider span (the widest it is centred on); never over a column of numbers
  // in a row with numbers.
  const extent = (b: Block) => [b.bottom - size * 0.25, b.top + size * 0.85] as const;
  const overlaps = (p: Block, q: Block) => {
    const [pl, ph] = extent(p);
    const [ql, qh] = extent(q);
    return pl < qh && ql < ph;
  };
  const withValues = (b: Block) => lines.some((l) => l.value && l.y <= b.top + size * 0.35 && l.y >= b.bottom - size * 0.35);
  for (const b of blocks) {
    if (b.value) continue;
    const inValueRow = withValues(b);
    const others = blocks.filter((o) => o !== b && overlaps(o, b));
    const free = (c: number) => !others.some((o) => c >= o.a && c <= o.b) && !(inValueRow && dataCols.has(c));
    const x1 = Math.min(...b.runs.map((r) => r.x));
    const x2 = Math.max(...b.runs.map((r) => r.x2));
    const centre = (x1 + x2) / 2;
    const tol = size * 0.3;
    let best = { a: b.a, b: b.b, d: Math.abs(mid(b.a, b.b) - centre) };
    for (let a = b.a; a >= 0 && (a === b.a || free(a)); a--) {
      for (let z = b.b; z < ncols && (z === b.b || free(z)); z++) {
        const d = Math.abs(mid(a, z) - centre);
        if ((d <= tol && (best.d > tol || z - a > best.b - best.a)) || (best.d > tol && d < best.d)) best = { a, b: z, d };
      }
    }
    // Not centred on any span: left-aligned text stays where it starts.
    if (best.d > tol) best = { a: b.a, b: b.b, d: 0 };
    b.a = best.a;
    b.b = best.b;
  }
  // A number under a header merged over several columns (本年处理决定数量 over three) is that
  // merged column's when it is centred on it and the other cells of the span are empty on its line.
  for (const b of blocks) {
    if (!b.value) continue;
    const heads = blocks.filter((o) => !o.value && !withValues(o) && o.bottom > b.top && o.a <= b.a && o.b >= b.a);
    if (!heads.length) continue;
    const head = heads.reduce((p, q) => (q.bottom < p.bottom ? q : p));
    if (head.a === head.b) continue;
    const run = b.runs[0]!;
    const others = run.line.runs.filter((r) => r !== run);
    const alone = others.every((r) => r.x2 <= xs[head.a]! || r.x >= xs[head.b + 1]!);
    if (alone && Math.abs(mid(head.a, head.b) - (run.x + run.x2) / 2) <= size * 0.3) {
      b.a = head.a;
      b.b = head.b;
    }
  }
  const rowTop = anchors.map((y) => y);
  const rowBottom = anchors.map((y) => y);
  for (const b of blocks) {
    const r = nearest(centreOf(b));
    if (Math.abs(anchors[r]! - centreOf(b)) <= size * 0.35) {
      rowTop[r] = Math.max(rowTop[r]!, b.top);
      rowBottom[r] = Math.min(rowBottom[r]!, b.bottom);
    }
  }
  const upper = (r: number) => (r === 0 ? rowTop[0]! + size * 0.5 : (rowTop[r]! + rowBottom[r - 1]!) / 2);
  const lower = (r: number) => (r === nrows - 1 ? rowBottom[r]! - size * 0.5 : (rowBottom[r]! + rowTop[r + 1]!) / 2);
  const occupied = Array.from({ length: nrows }, () => new Array<boolean>(ncols).fill(false));
  const mark = (r: number, b: Block) => {
    for (let c = b.a; c <= b.b; c++) occupied[r]![c] = true;
  };
  for (const b of blocks) {
    if (b.value) {
      b.row = nearest(b.top);
      mark(b.row, b);
    }
  }
  // Text blocks: each first where it is centred (tentatively), then, column by column from the
  // top, in the first row of the largest span of rows free in its column that it is centred in.
  const rest = blocks.filter((b) => !b.value).sort((p, q) => p.a - q.a || q.top - p.top);
  const tentative = new Map<Block, number>();
  for (const b of rest) {
    const r = nearest(centreOf(b));
    if (Math.abs(anchors[r]! - centreOf(b)) <= size * 0.35) {
      tentative.set(b, r);
      mark(r, b);
    }
  }
  const tol = size * 0.4;
  for (const b of rest) {
    const centre = centreOf(b);
    const t = tentative.get(b);
    const r0 = t ?? nearest(centre);
    const free = (r: number) => r >= 0 && r < nrows && !occupied[r]![b.a] && valueRow[r] === valueRow[r0];
    let best = { s: r0, e: r0, d: Math.abs((upper(r0) + lower(r0)) / 2 - centre) };
    for (let s = r0; s >= 0 && (s === r0 || free(s)); s--) {
      for (let e = r0; e < nrows && (e === r0 || free(e)); e++) {
        const d = Math.abs((upper(s) + lower(e)) / 2 - centre);
        if ((d <= tol && (best.d > tol || e - s > best.e - best.s)) || (best.d > tol && d < best.d)) best = { s, e, d };
      }
    }
    if (t !== undefined && best.d > tol) best = { s: t, e: t, d: 0 };
    b.row = best.s;
    for (let r = best.s; r <= best.e; r++) mark(r, b);
  }
  // ---- the grid.
  const cells = Array.from({ length: nrows }, () => Array.from({ length: ncols }, () => [] as Run[]));
  for (const b of blocks) cells[b.row]![b.a]!.push(...b.runs);
  const grid = cells.map((row) => row.map((runsIn) => joinRuns(runsIn)));
  const items = new Set(runs.flatMap((r) => r.pieces.map((p) => p.item)));
  return { grid, xs, items };
}

/** A cell's runs in reading order: lines top to bottom, Chinese joined without a space. */
function joinRuns(runs: Run[]): string {
  const sorted = [...runs].sort((p, q) => q.y - p.y || p.x - q.x);
  let out = '';
  for (const r of sorted) {
    if (out && /[A-Za-z0-9]$/.test(out) && /^[A-Za-z0-9]/.test(r.text)) out += ' ';
    out += r.text;
  }
  return out.replace(/\s+/g, ' ').trim();
}
