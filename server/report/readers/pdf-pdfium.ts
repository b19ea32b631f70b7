/**
 * The PDFium half of reading a PDF: each page's text items with their positions and the straight
 * lines it draws (table borders), through PDFium compiled to WebAssembly (@embedpdf/pdfium).
 * Runs only inside the PDF thread (pdf-worker.mjs), which it owns: PDFium's memory is the
 * thread's WebAssembly memory, capped here (`capMemory`), and a thread whose PDFium failed is
 * replaced.
 *
 * PDFium gives characters, each with its origin on the baseline and its advance; they are joined
 * into runs of text the way a PDF viewer's text layer does it (`Runs`): one run while the
 * characters follow each other on one baseline in one font, a space where the gap is a word's, a
 * new run where it is wider or the text goes back or down. So a table's cells stay apart and a
 * word stays whole, whatever the PDF's writer did with its text operators.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { init, type WrappedPdfiumModule } from '@embedpdf/pdfium';
import { ReportError } from '../errors.ts';
import type { PdfItem, PdfPage, Segment } from './pdf-layout.ts';

type Pdfium = WrappedPdfiumModule;

let loaded: Promise<Pdfium> | null = null;

/** PDFium, started once per thread (and again after it failed). */
export function pdfium(): Promise<Pdfium> {
  loaded ??= (async () => {
    const wasmBinary = readFileSync(createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm'));
    // PDFium's own complaints (a memory it may not grow) end as the clerk's reason, not on stderr.
    const module = await init({ wasmBinary, printErr: () => undefined } as never);
    module.PDFiumExt_Init();
    return module;
  })();
  return loaded;
}

/** What PDFium holds now: its WebAssembly memory, which grows but never shrinks (0 before it starts). */
export function memoryHeld(): number {
  return heldBytes;
}
let heldBytes = 0;

/** PDFium stopped on a file (out of memory, or an internal error): the next file gets a fresh PDFium. */
export class PdfiumFailed extends Error {
  constructor(message: string, readonly outOfMemory: boolean) {
    super(message);
    this.name = 'PdfiumFailed';
  }
}

/** Set when a growth was refused (`capMemory`) since the current file started. */
let refused = false;

/**
 * PDFium's memory may not grow past `mb` (a PDF built to exhaust memory then fails alone, as a
 * file too large, instead of taking the thread to PDFium's own limit of 2 GB). WebAssembly memory
 * is outside the JavaScript heap, so the thread's heap limit does not bound it. The thread runs
 * nothing else in WebAssembly.
 */
export function capMemory(mb: number): void {
  // (This project's TypeScript libraries name WebAssembly's namespace but not its Memory class.)
  const memory = (globalThis as unknown as { WebAssembly: { Memory: { prototype: WasmMemory } } }).WebAssembly.Memory.prototype;
  const grow = memory.grow;
  memory.grow = function (this: WasmMemory, pages: number) {
    if (this.buffer.byteLength + pages * 65536 > mb * 1024 * 1024) {
      refused = true;
      throw new RangeError(`WebAssembly memory over ${mb} MB`);
    }
    return grow.call(this, pages);
  };
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const FPDF_ERR_PASSWORD = 4;
const OBJ_PATH = 2;
const OBJ_FORM = 5;
const SEGMENT_LINE = 0;
const SEGMENT_BEZIER = 1;
const SEGMENT_MOVE = 2;

/** Every page of the PDF, in order; a password or a broken file is a ReportError for the clerk. */
export async function extractPages(bytes: Uint8Array, fileName: string): Promise<PdfPage[]> {
  const P = await pdfium();
  refused = false;
  try {
    return readDocument(P, bytes, fileName);
  } catch (error) {
    if (error instanceof ReportError) throw error;
    // An abort inside PDFium leaves its memory in an unknown state: the next file starts afresh.
    loaded = null;
    throw new PdfiumFailed(String((error as Error)?.message ?? error), refused);
  } finally {
    heldBytes = loaded ? P.pdfium.HEAPU8.length : 0;
  }
}

function readDocument(P: Pdfium, bytes: Uint8Array, fileName: string): PdfPage[] {
  const heap = P.pdfium;
  const data = heap.wasmExports.malloc(Math.max(1, bytes.length));
  const scratch = data ? heap.wasmExports.malloc(64) : 0;
  if (!data || !scratch) throw new PdfiumFailed('no memory for the file', true);
  heap.HEAPU8.set(bytes, data);
  // False once PDFium threw on its own (an abort): it is not called again, its instance is dropped whole.
  let sound = true;
  const doc = P.FPDF_LoadMemDocument(data, bytes.length, '');
  try {
    if (!doc) {
      if (P.FPDF_GetLastError() === FPDF_ERR_PASSWORD) {
        throw new ReportError('unsupported_format', `PDF 文件“${fileName}”设有密码，无法读取。请上传未加密的版本。`);
      }
      throw new ReportError('unsupported_format', `PDF 文件“${fileName}”已损坏，无法打开。请重新导出 PDF 后再上传。`);
    }
    const pages: PdfPage[] = [];
    const count = P.FPDF_GetPageCount(doc);
    for (let n = 0; n < count; n++) {
      const page = P.FPDF_LoadPage(doc, n);
      if (!page) throw new ReportError('unsupported_format', `PDF 文件“${fileName}”第 ${n + 1} 页已损坏，无法读取。请重新导出 PDF 后再上传。`);
      try {
        const [x0, y0, x1, y1] = pageBox(P, page, scratch);
        // Page coordinates may not start at 0 (a crop box); margins are measured from the box.
        pages.push({
          width: x1 - x0,
          height: y1 - y0,
          items: textItems(P, page, scratch, [x0, y0, x1, y1]).map((i) => ({ ...i, x: i.x - x0, y: i.y - y0 })),
          segments: drawnLines(P, page, scratch).map((s) => ({ x1: s.x1 - x0, x2: s.x2 - x0, y1: s.y1 - y0, y2: s.y2 - y0 })),
        });
      } finally {
        P.FPDF_ClosePage(page);
      }
    }
    return pages;
  } catch (error) {
    if (!(error instanceof ReportError)) sound = false;
    throw error;
  } finally {
    if (sound) {
      if (doc) P.FPDF_CloseDocument(doc);
      heap.wasmExports.free(scratch);
      heap.wasmExports.free(data);
    }
  }
}

/** `n` 32-bit floats PDFium wrote at `at` (read after the call: a call may grow, and so move, its memory). */
function floats(P: Pdfium, at: number, n: number): number[] {
  return Array.from(P.pdfium.HEAPF32.subarray(at >> 2, (at >> 2) + n));
}

/** The page's visible box: its crop box within its media box (what a viewer shows). */
function pageBox(P: Pdfium, page: number, at: number): [number, number, number, number] {
  const read = (get: (l: number, b: number, r: number, t: number) => boolean) => (get(at, at + 4, at + 8, at + 12) ? floats(P, at, 4) : null);
  const media = read((l, b, r, t) => P.FPDFPage_GetMediaBox(page, l, b, r, t)) ?? [0, 0, P.FPDF_GetPageWidthF(page), P.FPDF_GetPageHeightF(page)];
  const crop = read((l, b, r, t) => P.FPDFPage_GetCropBox(page, l, b, r, t)) ?? media;
  const box = (v: readonly number[]) => [Math.min(v[0]!, v[2]!), Math.min(v[1]!, v[3]!), Math.max(v[0]!, v[2]!), Math.max(v[1]!, v[3]!)];
  const [ml, mb, mr, mt] = box(media);
  const [cl, cb, cr, ct] = box(crop);
  return [Math.max(ml!, cl!), Math.max(mb!, cb!), Math.min(mr!, cr!), Math.min(mt!, ct!)];
}

/** A character as PDFium places it. */
interface Glyph {
  text: string;
  /** Where it starts: its origin on the baseline (vertical writing: its top centre). */
  x: number;
  y: number;
  /** Where the next character would start: x plus its advance (vertical writing: y minus one em). */
  end: number;
  /** Font size on the page (the text matrix's vertical scale times the font size). */
  size: number;
  /** Identity of its font and size: a new one starts a new run. */
  style: string;
  /** Upright, left to right or top to bottom: the only text runs are made of (anything else is one character a run). */
  upright: boolean;
  /** Written top to bottom (a CJK font with a -V encoding, as Word prints upright text in a table cell). */
  vertical: boolean;
  /** Another letter of the glyph before it (ﬁ is given as f and i, both at the ligature's origin). */
  sameGlyph: boolean;
}

/** A text object's font, size and writing direction, told from its first character. */
interface TextObject {
  size: number;
  style: string;
  /** Vertical writing: how far above a character's origin its top centre is (else null). */
  rise: number | null;
}

function textItems(P: Pdfium, page: number, at: number, view: readonly [number, number, number, number]): PdfItem[] {
  const textPage = P.FPDFText_LoadPage(page);
  if (!textPage) return [];
  const runs = new Runs();
  try {
    const count = P.FPDFText_CountChars(textPage);
    const objects = new Map<number, TextObject>();
    let last = { object: 0, x: NaN, y: NaN };
    for (let k = 0; k < count; k++) {
      if (P.FPDFText_IsGenerated(textPage, k)) continue;
      const code = P.FPDFText_GetUnicode(textPage, k);
      if (!code) continue;
      const text = String.fromCodePoint(code);
      P.FPDFText_GetCharOrigin(textPage, k, at, at + 8);
      const f64 = P.pdfium.HEAPF64;
      const [x, y] = [f64[at >> 3]!, f64[(at >> 3) + 1]!];
      P.FPDFText_GetMatrix(textPage, k, at);
      const [a, b, c, d, e, f] = floats(P, at, 6) as Matrix;
      const upright = a > 0 && Math.abs(b) < 1e-6 && Math.abs(c) < 1e-6 && d > 0;
      const id = P.FPDFText_GetTextObject(textPage, k);
      let object = objects.get(id);
      if (!object) {
        const fontSize = P.FPDFTextObj_GetFontSize(id, at) ? floats(P, at, 1)[0]! : 0;
        const size = fontSize * Math.hypot(c, d);
        // The matrix's e, f is where the text object starts. Horizontal writing puts its first
        // origin there; vertical writing puts the first glyph's top centre there, and PDFium's
        // origin half an em to the left of it and below it.
        const vertical = upright && y < f - 0.01 && Math.abs(x - (e - size / 2)) < size * 0.05;
        object = { size, style: `${P.FPDFTextObj_GetFont(id)}/${fontSize}`, rise: vertical ? f - y : null };
        objects.set(id, object);
      }
      const { size, style, rise } = object;
      const sameGlyph = id === last.object && Math.abs(x - last.x) < 0.01 && Math.abs(y - last.y) < 0.01;
      last = { object: id, x, y };
      if (rise !== null) {
        const [top, centre] = [y + rise, x + size / 2];
        if (centre + size / 2 < view[0] || centre - size / 2 > view[2] || top - size > view[3] || top < view[1]) continue;
        runs.add({ text, x: centre, y: top, end: top - size, size, style, upright, vertical: true, sameGlyph });
        continue;
      }
      // The advance from the loose box (font width times size), along the baseline.
      let end = x;
      if (P.FPDFText_GetLooseCharBox(textPage, k, at)) {
        const [left, , right] = floats(P, at, 3) as [number, number, number];
        end = upright ? right : x + Math.abs(right - left) / Math.max(1e-6, Math.abs(a) / Math.hypot(a, b));
      }
      // A character wholly outside the visible page is not shown (a viewer's text layer drops it too).
      if (end < view[0] || x > view[2] || y < view[1] || y > view[3]) continue;
      runs.add({ text, x, y, end, size, style, upright, vertical: false, sameGlyph });
    }
  } finally {
    P.FPDFText_ClosePage(textPage);
  }
  return runs.done();
}

/** Thresholds, in font sizes, of a viewer's text layer (a gap up to a tenth is kerning, up to 0.6 a space). */
const KERNING = 0.102;
const WORD_GAP = 0.6;
const GOING_BACK = -0.2;
const LINE_SHIFT = 0.25;
const WHITESPACE = /^\s$/u;

/** Characters -> runs of text on one baseline (or, written vertically, one column). */
class Runs {
  private items: PdfItem[] = [];
  private run: { str: string; x: number; y: number; end: number; size: number; style: string; vertical: boolean } | null = null;
  /** A whitespace character came since the last visible one (a gap of its width follows). */
  private spaced = false;

  add(g: Glyph): void {
    const run = this.run;
    if (g.sameGlyph && run) {
      run.str += g.text;
      run.end = run.vertical ? Math.min(run.end, g.end) : Math.max(run.end, g.end);
      return;
    }
    if (!g.upright) {
      this.flush();
      if (!WHITESPACE.test(g.text)) this.items.push({ str: g.text, x: g.x, y: g.y, width: g.end - g.x, size: g.size });
      return;
    }
    if (WHITESPACE.test(g.text)) {
      this.spaced = true;
      return;
    }
    if (run && run.style === g.style && run.vertical === g.vertical) {
      // Along the run (rightwards, or downwards when vertical), and across it.
      const gap = g.vertical ? run.end - g.y : g.x - run.end;
      const shift = g.vertical ? Math.abs(g.x - run.x) : Math.abs(g.y - run.y);
      if (gap >= GOING_BACK * run.size && shift <= run.size && gap <= WORD_GAP * run.size) {
        if (shift > run.size * LINE_SHIFT) {
          this.flush();
        } else {
          if (gap >= KERNING * run.size || (this.spaced && gap > 0)) run.str += ' ';
          run.str += g.text;
          run.end = g.end;
          this.spaced = false;
          return;
        }
      }
    }
    this.flush();
    this.run = { str: g.text, x: g.x, y: g.y, end: g.end, size: g.size, style: g.style, vertical: g.vertical };
    this.spaced = false;
  }

  private flush(): void {
    const run = this.run;
    // A vertical run is as wide as its characters (one em), centred on its column.
    if (run) this.items.push(run.vertical ? { str: run.str, x: run.x - run.size / 2, y: run.y, width: run.size, size: run.size } : { str: run.str, x: run.x, y: run.y, width: run.end - run.x, size: run.size });
    this.run = null;
    this.spaced = false;
  }

  done(): PdfItem[] {
    this.flush();
    return this.items;
  }
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  // n applied first, then m.
  return [
    n[0] * m[0] + n[1] * m[2], n[0] * m[1] + n[1] * m[3],
    n[2] * m[0] + n[3] * m[2], n[2] * m[1] + n[3] * m[3],
    n[4] * m[0] + n[5] * m[2] + m[4], n[4] * m[1] + n[5] * m[3] + m[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/**
 * The straight horizontal and vertical lines a page draws, in page space: stroked path edges,
 * and filled rectangles thin enough to be a border (how Word and WPS often draw them). Paths
 * inside form XObjects count, placed by the form's matrix.
 */
function drawnLines(P: Pdfium, page: number, at: number): Segment[] {
  const out: Segment[] = [];
  const add = (a: [number, number], b: [number, number]) => {
    const [x1, x2] = a[0] <= b[0] ? [a[0], b[0]] : [b[0], a[0]];
    const [y1, y2] = a[1] <= b[1] ? [a[1], b[1]] : [b[1], a[1]];
    if (y2 - y1 <= 0.5 && x2 - x1 > 1) out.push({ x1, x2, y1: (y1 + y2) / 2, y2: (y1 + y2) / 2 });
    else if (x2 - x1 <= 0.5 && y2 - y1 > 1) out.push({ x1: (x1 + x2) / 2, x2: (x1 + x2) / 2, y1, y2 });
  };
  const matrixOf = (object: number): Matrix => {
    return P.FPDFPageObj_GetMatrix(object, at) ? (floats(P, at, 6) as Matrix) : [1, 0, 0, 1, 0, 0];
  };
  const walk = (object: number, outer: Matrix) => {
    const type = P.FPDFPageObj_GetType(object);
    if (type === OBJ_FORM) {
      const inner = multiply(outer, matrixOf(object));
      const n = P.FPDFFormObj_CountObjects(object);
      for (let k = 0; k < n; k++) walk(P.FPDFFormObj_GetObject(object, k), inner);
      return;
    }
    if (type !== OBJ_PATH) return;
    if (!P.FPDFPath_GetDrawMode(object, at, at + 4)) return;
    const i32 = P.pdfium.HEAP32;
    const fill = i32[at >> 2]! !== 0;
    const stroke = i32[(at >> 2) + 1]! !== 0;
    if (!fill && !stroke) return;
    const ctm = multiply(outer, matrixOf(object));
    for (const sub of subpaths(P, object, at)) {
      const pts = sub.map(([x, y]) => apply(ctm, x, y));
      if (stroke) {
        for (let k = 1; k < pts.length; k++) add(pts[k - 1]!, pts[k]!);
      } else {
        const xs = pts.map((p) => p[0]);
        const ys = pts.map((p) => p[1]);
        const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
        if (maxY - minY <= 2.5 && maxX - minX > 2) add([minX, (minY + maxY) / 2], [maxX, (minY + maxY) / 2]);
        else if (maxX - minX <= 2.5 && maxY - minY > 2) add([(minX + maxX) / 2, minY], [(minX + maxX) / 2, maxY]);
      }
    }
  };
  const n = P.FPDFPage_CountObjects(page);
  for (let k = 0; k < n; k++) walk(P.FPDFPage_GetObject(page, k), [1, 0, 0, 1, 0, 0]);
  return out;
}

/** A path's segments -> polylines (a Bézier curve by its end point; a closed one back to its start). */
function subpaths(P: Pdfium, path: number, at: number): [number, number][][] {
  const out: [number, number][][] = [];
  let cur: [number, number][] = [];
  const n = P.FPDFPath_CountSegments(path);
  // PDFium gives a curve as three segments (two control points, then its end).
  let curve = 0;
  for (let k = 0; k < n; k++) {
    const segment = P.FPDFPath_GetPathSegment(path, k);
    if (!segment || !P.FPDFPathSegment_GetPoint(segment, at, at + 4)) continue;
    const point = floats(P, at, 2) as [number, number];
    const type = P.FPDFPathSegment_GetType(segment);
    if (type === SEGMENT_MOVE) {
      if (cur.length > 1) out.push(cur);
      cur = [point];
      curve = 0;
    } else if (type === SEGMENT_LINE) {
      cur.push(point);
      curve = 0;
    } else if (type === SEGMENT_BEZIER && ++curve % 3 === 0) {
      cur.push(point);
    }
    if (P.FPDFPathSegment_GetClose(segment) && cur.length > 1) {
      cur.push(cur[0]!);
      out.push(cur);
      cur = [];
    }
  }
  if (cur.length > 1) out.push(cur);
  return out;
}
