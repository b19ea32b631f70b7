/**
 * Page images as plain pixel buffers, and what this reader sees in them before any OCR: ink
 * (adaptive threshold, so uneven light does not black out a corner), the skew (projection
 * profile), the ruling lines of tables (long runs of ink: a morphological opening with a line),
 * and each table's cell grid with its merged cells (a missing border between two grid cells).
 * Pure functions over typed arrays, so they are tested without images or Tesseract.
 */

/** 8-bit greyscale, one byte per pixel, row by row (0 black, 255 white). */
export interface Grey {
  width: number;
  height: number;
  data: Uint8Array;
}

/** 1 where there is ink, 0 elsewhere. */
export interface Ink {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Ink where a pixel is darker than its neighbourhood's mean by `k` of it (Bradley's threshold,
 * over an integral image) and darker than `ceiling` outright. `radius` is half the window.
 */
export function binarise(g: Grey, radius = Math.max(8, Math.round(g.width / 80)), k = 0.18, ceiling = 200): Ink {
  const { width: w, height: h, data } = g;
  const sums = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += data[y * w + x]!;
      sums[(y + 1) * (w + 1) + x + 1] = sums[y * (w + 1) + x + 1]! + row;
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - radius), y1 = Math.min(h, y + radius + 1);
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x]!;
      if (v >= ceiling) continue;
      const x0 = Math.max(0, x - radius), x1 = Math.min(w, x + radius + 1);
      const s = sums[y1 * (w + 1) + x1]! - sums[y0 * (w + 1) + x1]! - sums[y1 * (w + 1) + x0]! + sums[y0 * (w + 1) + x0]!;
      const mean = s / ((y1 - y0) * (x1 - x0));
      if (v < mean * (1 - k)) out[y * w + x] = 1;
    }
  }
  return { width: w, height: h, data: out };
}

/** Share of ink pixels. */
export function inkShare(ink: Ink): number {
  let n = 0;
  for (let i = 0; i < ink.data.length; i++) n += ink.data[i]!;
  return n / Math.max(1, ink.data.length);
}

/**
 * The page's skew in degrees (positive: the content is turned clockwise), from the ink of a
 * copy reduced `scale` times: the angle at which rows of text and ruling lines make the
 * sharpest horizontal projection. Searched in [-limit, limit], coarse then fine.
 */
export function skewAngle(ink: Ink, limit = 3, scale = 4): number {
  const w = Math.floor(ink.width / scale), h = Math.floor(ink.height / scale);
  const xs: number[] = [], ys: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let any = 0;
      for (let dy = 0; dy < scale && !any; dy++) {
        const base = (y * scale + dy) * ink.width + x * scale;
        for (let dx = 0; dx < scale; dx++) if (ink.data[base + dx]) { any = 1; break; }
      }
      if (any) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 50) return 0;
  const bins = new Float64Array(h * 2 + w);
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    const shift = w * Math.abs(t) + 1;
    for (let i = 0; i < xs.length; i++) {
      const b = Math.round(ys[i]! - xs[i]! * t + shift);
      if (b >= 0 && b < bins.length) bins[b]!++;
    }
    let s = 0;
    for (let i = 0; i < bins.length; i++) s += bins[i]! * bins[i]!;
    return s;
  };
  let best = 0, bestScore = -1;
  for (let a = -limit; a <= limit + 1e-9; a += 0.25) {
    const s = score(a);
    if (s > bestScore) [best, bestScore] = [a, s];
  }
  const coarse = best;
  for (let a = coarse - 0.25; a <= coarse + 0.25 + 1e-9; a += 0.05) {
    const s = score(a);
    if (s > bestScore) [best, bestScore] = [a, s];
  }
  return Math.round(best * 100) / 100;
}

/** A horizontal ruling line: row y (its middle), from x1 to x2 inclusive. */
export interface HLine {
  y: number;
  x1: number;
  x2: number;
}
/** A vertical ruling line: column x, from y1 to y2 inclusive. */
export interface VLine {
  x: number;
  y1: number;
  y2: number;
}

export interface Rulings {
  h: HLine[];
  v: VLine[];
  /** 1 on the pixels of a ruling line (to erase them before OCR). */
  mask: Uint8Array;
}

/**
 * Ruling lines: runs of ink at least `minLength` long along a row (`minHeight` down a column), bridging gaps of up
 * to `gap` pixels (noise and JPEG breaks), then neighbouring rows (columns) of runs joined into
 * one line. Text strokes are shorter than a cell border; a line of text never is one run.
 */
export function findRulings(ink: Ink, minLength: number, minHeight = minLength, gap = 3): Rulings {
  const { width: w, height: h, data } = ink;
  const mask = new Uint8Array(w * h);
  const hruns: HLine[] = [];
  for (let y = 0; y < h; y++) {
    let start = -1, last = -1;
    for (let x = 0; x <= w; x++) {
      const on = x < w && data[y * w + x] === 1;
      if (on) {
        if (start < 0 || x - last > gap + 1) {
          if (start >= 0 && last - start + 1 >= minLength) hruns.push({ y, x1: start, x2: last });
          start = x;
        }
        last = x;
      }
    }
    if (start >= 0 && last - start + 1 >= minLength) hruns.push({ y, x1: start, x2: last });
  }
  const vruns: VLine[] = [];
  for (let x = 0; x < w; x++) {
    let start = -1, last = -1;
    for (let y = 0; y <= h; y++) {
      const on = y < h && data[y * w + x] === 1;
      if (on) {
        if (start < 0 || y - last > gap + 1) {
          if (start >= 0 && last - start + 1 >= minHeight) vruns.push({ x, y1: start, y2: last });
          start = y;
        }
        last = y;
      }
    }
    if (start >= 0 && last - start + 1 >= minHeight) vruns.push({ x, y1: start, y2: last });
  }
  for (const r of hruns) for (let x = r.x1; x <= r.x2; x++) if (data[r.y * w + x]) mask[r.y * w + x] = 1;
  for (const r of vruns) for (let y = r.y1; y <= r.y2; y++) if (data[y * w + r.x]) mask[y * w + r.x] = 1;
  return {
    h: joinRuns(hruns.map((r) => ({ at: r.y, a: r.x1, b: r.x2 }))).map((l) => ({ y: l.at, x1: l.a, x2: l.b })),
    v: joinRuns(vruns.map((r) => ({ at: r.x, a: r.y1, b: r.y2 }))).map((l) => ({ x: l.at, y1: l.a, y2: l.b })),
    mask,
  };
}

interface Run {
  at: number;
  a: number;
  b: number;
}

/** Runs on neighbouring rows (within 3 px, a line's thickness plus a little skew) that overlap -> one line. */
function joinRuns(runs: Run[]): Run[] {
  runs.sort((p, q) => p.at - q.at || p.a - q.a);
  const open: { sum: number; n: number; last: number; a: number; b: number }[] = [];
  const done: Run[] = [];
  for (const r of runs) {
    for (let i = open.length - 1; i >= 0; i--) {
      if (r.at - open[i]!.last > 3) {
        const o = open[i]!;
        done.push({ at: Math.round(o.sum / o.n), a: o.a, b: o.b });
        open.splice(i, 1);
      }
    }
    const hit = open.find((o) => r.a <= o.b + 4 && r.b >= o.a - 4);
    if (hit) {
      hit.sum += r.at;
      hit.n++;
      hit.last = r.at;
      hit.a = Math.min(hit.a, r.a);
      hit.b = Math.max(hit.b, r.b);
    } else open.push({ sum: r.at, n: 1, last: r.at, a: r.a, b: r.b });
  }
  for (const o of open) done.push({ at: Math.round(o.sum / o.n), a: o.a, b: o.b });
  return done.sort((p, q) => p.at - q.at || p.a - q.a);
}

/** One cell of a table, merged cells as one: grid rows r0..r1 and columns c0..c1, its box in pixels. */
export interface GridCell {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TableGrid {
  /** Row boundaries (ys.length - 1 rows) and column boundaries, in pixels. */
  ys: number[];
  xs: number[];
  cells: GridCell[];
  /** The table's box. */
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Tables: groups of ruling lines that touch each other (at least two of each direction). Each
 * gives its grid: every distinct horizontal line a row boundary, every vertical one a column
 * boundary; two neighbouring grid cells with no border drawn between them (less than half of the
 * border's length inked) are one merged cell.
 */
export function findTables(r: Rulings, ink: Ink, tol = 6): TableGrid[] {
  const n = r.h.length + r.v.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  r.h.forEach((h, i) => {
    r.v.forEach((v, j) => {
      if (v.x >= h.x1 - tol && v.x <= h.x2 + tol && h.y >= v.y1 - tol && h.y <= v.y2 + tol) parent[find(i)] = find(r.h.length + j);
    });
  });
  const groups = new Map<number, { h: HLine[]; v: VLine[] }>();
  for (let i = 0; i < n; i++) {
    const g = groups.get(find(i)) ?? { h: [], v: [] };
    if (i < r.h.length) g.h.push(r.h[i]!);
    else g.v.push(r.v[i - r.h.length]!);
    groups.set(find(i), g);
  }
  const tables: TableGrid[] = [];
  for (const g of groups.values()) {
    if (g.h.length < 2 || g.v.length < 2) continue;
    const ys = cluster(g.h.map((l) => l.y), tol);
    const xs = cluster(g.v.map((l) => l.x), tol);
    if (ys.length < 2 || xs.length < 2) continue;
    tables.push(buildGrid(ys, xs, ink));
  }
  return tables.sort((a, b) => a.y - b.y);
}

function cluster(values: number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out.at(-1);
    if (last && v - last[last.length - 1]! <= tol) last.push(v);
    else out.push([v]);
  }
  return out.map((c) => Math.round(c.reduce((a, b) => a + b, 0) / c.length));
}

/**
 * How much of a border is drawn: the rows (columns) between a and b with ink within 2 px of the
 * line, on the lenient ink (a faint border is still there; text keeps clear of borders).
 */
function inked(ink: Ink, vertical: boolean, at: number, a: number, b: number): number {
  let n = 0;
  for (let t = a; t <= b; t++) {
    for (let d = -2; d <= 2; d++) {
      const x = vertical ? at + d : t, y = vertical ? t : at + d;
      if (x >= 0 && y >= 0 && x < ink.width && y < ink.height && ink.data[y * ink.width + x]) {
        n++;
        break;
      }
    }
  }
  return n;
}

function buildGrid(ys: number[], xs: number[], ink: Ink): TableGrid {
  const rows = ys.length - 1, cols = xs.length - 1;
  const id = (r: number, c: number) => r * cols + c;
  const parent = Array.from({ length: rows * cols }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // Border on the right, between ys[r] and ys[r+1] (its inner part: the corners belong to the crossing lines).
      if (c + 1 < cols) {
        const a = ys[r]! + 3, b = ys[r + 1]! - 3;
        if (b > a && inked(ink, true, xs[c + 1]!, a, b) < (b - a + 1) / 2) parent[find(id(r, c + 1))] = find(id(r, c));
      }
      if (r + 1 < rows) {
        const a = xs[c]! + 3, b = xs[c + 1]! - 3;
        if (b > a && inked(ink, false, ys[r + 1]!, a, b) < (b - a + 1) / 2) parent[find(id(r + 1, c))] = find(id(r, c));
      }
    }
  }
  const spans = new Map<number, GridCell>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const root = find(id(r, c));
      const s = spans.get(root);
      if (!s) spans.set(root, { r0: r, c0: c, r1: r, c1: c, x: 0, y: 0, w: 0, h: 0 });
      else {
        s.r0 = Math.min(s.r0, r);
        s.c0 = Math.min(s.c0, c);
        s.r1 = Math.max(s.r1, r);
        s.c1 = Math.max(s.c1, c);
      }
    }
  }
  const cells = [...spans.values()].map((s) => ({ ...s, x: xs[s.c0]!, y: ys[s.r0]!, w: xs[s.c1 + 1]! - xs[s.c0]!, h: ys[s.r1 + 1]! - ys[s.r0]! }));
  cells.sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  return { ys, xs, cells, x: xs[0]!, y: ys[0]!, w: xs[cols]! - xs[0]!, h: ys[rows]! - ys[0]! };
}

/** Ink pixels inside a box, and the box around them (null when fewer than `min`). */
export function inkBox(ink: Ink, x: number, y: number, w: number, h: number, min: number, skip?: Uint8Array): { n: number; x: number; y: number; w: number; h: number } | null {
  let n = 0, x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  const xe = Math.min(ink.width, x + w), ye = Math.min(ink.height, y + h);
  for (let yy = Math.max(0, y); yy < ye; yy++) {
    for (let xx = Math.max(0, x); xx < xe; xx++) {
      const i = yy * ink.width + xx;
      if (!ink.data[i] || skip?.[i]) continue;
      n++;
      if (xx < x0) x0 = xx;
      if (xx > x1) x1 = xx;
      if (yy < y0) y0 = yy;
      if (yy > y1) y1 = yy;
    }
  }
  return n >= min ? { n, x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 } : null;
}

/** Removes specks: ink pixels with fewer than `min` ink neighbours in their 3x3 block. */
export function despeckle(ink: Ink, min = 2): Ink {
  const { width: w, height: h, data } = ink;
  const out = new Uint8Array(w * h);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!data[i]) continue;
      const n = data[i - w - 1]! + data[i - w]! + data[i - w + 1]! + data[i - 1]! + data[i + 1]! + data[i + w - 1]! + data[i + w]! + data[i + w + 1]!;
      if (n >= min) out[i] = 1;
    }
  }
  return { width: w, height: h, data: out };
}
