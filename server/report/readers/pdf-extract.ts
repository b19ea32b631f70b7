/**
 * The pdfjs half of reading a PDF: each page's text items with their positions and the straight
 * lines it draws (table borders). Runs only inside the PDF worker (pdf-worker.mjs): the pdfjs
 * build for Node installs core-js polyfills over built-ins of whatever realm loads it
 * (Array.prototype.push, JSON.stringify and JSON.parse among them, several times slower than
 * V8's own), and the rest of the application must keep the native ones.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, OPS, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ReportError } from '../errors.ts';
import type { PdfPage, Segment } from './pdf-layout.ts';

const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** Every page of the PDF, in order; a password or a broken file is a ReportError for the clerk. */
export async function extractPages(bytes: Uint8Array, fileName: string): Promise<PdfPage[]> {
  const task = getDocument({
    data: bytes,
    // Chinese PDFs often use predefined CMaps (UniGB-UCS2-H); without them the text is lost.
    cMapUrl: join(pdfjsDir, 'cmaps') + '/',
    cMapPacked: true,
    // No standardFontDataUrl: a font the PDF does not embed (Helvetica, Times, …) is known to
    // pdfjs by its metrics and encoding, which is all the text items need; with the URL pdfjs
    // would load and convert the stand-in font program for glyphs nothing here draws.
    isEvalSupported: false,
    // Images are neither text nor rules: every one is dropped unread (pdfjs would decode each
    // picture's pixels, however large, to put it in the operator list that only the lines are taken from).
    maxImageSize: 0,
    // In Node pdfjs turns every glyph of every text operator into a path for the operator list
    // (its stand-in for the browser's font loading): half the cost of getOperatorList, which is
    // read here only for its lines. Fonts are not rendered here, so they are "bound" as they come
    // (fontsNeverBound below), and the text items are the same (getTextContent does not use them).
    disableFontFace: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  let doc;
  try {
    doc = await task.promise;
    fontsNeverBound(doc);
  } catch (err) {
    // What pdfjs had read of the file is let go before the next PDF.
    await task.destroy().catch(() => undefined);
    if ((err as { name?: string }).name === 'PasswordException') {
      throw new ReportError('unsupported_format', `PDF 文件“${fileName}”设有密码，无法读取。请上传未加密的版本。`);
    }
    throw new ReportError('unsupported_format', `PDF 文件“${fileName}”已损坏，无法打开。请重新导出 PDF 后再上传。`);
  }
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const items = content.items.flatMap((it) =>
        'str' in it && it.str
          ? [{ str: it.str, x: it.transform[4] as number, y: it.transform[5] as number, width: it.width, size: Math.hypot(it.transform[2] as number, it.transform[3] as number) || it.height }]
          : [],
      );
      const segments = drawnLines(await page.getOperatorList());
      // Page coordinates may not start at 0 (a crop box); margins are measured from the box.
      pages.push({
        width: x1 - x0,
        height: y1 - y0,
        items: items.map((i) => ({ ...i, x: i.x - x0, y: i.y - y0 })),
        segments: segments.map((s) => ({ x1: s.x1 - x0, x2: s.x2 - x0, y1: s.y1 - y0, y2: s.y2 - y0 })),
      });
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/**
 * The font loader of the document's transport (pdfjs's private `_transport.fontLoader`) accepts
 * every font without loading it. Without a browser's FontFace it would fail each font and ask the
 * worker to draw the font's glyphs as paths instead. Should a later pdfjs move it, nothing
 * breaks: pdfjs then draws the glyphs as before, only slower.
 */
function fontsNeverBound(doc: object): void {
  const loader = (doc as { _transport?: { fontLoader?: { bind?: unknown } } })._transport?.fontLoader;
  if (loader && typeof loader.bind === 'function') {
    loader.bind = (font: { attached?: boolean }) => {
      font.attached = true;
      return Promise.resolve();
    };
  }
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  // n applied first, then m (PDF "cm" pre-multiplies the current matrix).
  return [
    n[0] * m[0] + n[1] * m[2], n[0] * m[1] + n[1] * m[3],
    n[2] * m[0] + n[3] * m[2], n[2] * m[1] + n[3] * m[3],
    n[4] * m[0] + n[5] * m[2] + m[4], n[4] * m[1] + n[5] * m[3] + m[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

const STROKES = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const FILLS = new Set<number>([OPS.fill, OPS.eoFill]);

/**
 * The straight horizontal and vertical lines a page draws, in page space: stroked path edges,
 * and filled rectangles thin enough to be a border (how Word and WPS often draw them).
 */
function drawnLines(ops: { fnArray: number[]; argsArray: unknown[] }): Segment[] {
  const out: Segment[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  const add = (a: [number, number], b: [number, number]) => {
    const [x1, x2] = a[0] <= b[0] ? [a[0], b[0]] : [b[0], a[0]];
    const [y1, y2] = a[1] <= b[1] ? [a[1], b[1]] : [b[1], a[1]];
    if (y2 - y1 <= 0.5 && x2 - x1 > 1) out.push({ x1, x2, y1: (y1 + y2) / 2, y2: (y1 + y2) / 2 });
    else if (x2 - x1 <= 0.5 && y2 - y1 > 1) out.push({ x1: (x1 + x2) / 2, x2: (x1 + x2) / 2, y1, y2 });
  };
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (Array.isArray(args[0]) || ArrayBuffer.isView(args[0])) ctm = multiply(ctm, Array.from(args[0] as ArrayLike<number>) as Matrix);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.constructPath) {
      const paint = args[0] as number;
      const stroke = STROKES.has(paint);
      if (!stroke && !FILLS.has(paint)) continue;
      for (const sub of subpaths((args[1] as unknown[] | undefined)?.[0] as ArrayLike<number> | undefined)) {
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
    }
  }
  return out;
}

/** pdfjs path data (moveTo 0, lineTo 1, curveTo 2, quadraticCurveTo 3, closePath 4) -> polylines. */
function subpaths(data: ArrayLike<number> | undefined): [number, number][][] {
  const out: [number, number][][] = [];
  if (!data) return out;
  let cur: [number, number][] = [];
  for (let i = 0; i < data.length; ) {
    const op = data[i]!;
    if (op === 0) {
      if (cur.length > 1) out.push(cur);
      cur = [[data[i + 1]!, data[i + 2]!]];
      i += 3;
    } else if (op === 1) {
      cur.push([data[i + 1]!, data[i + 2]!]);
      i += 3;
    } else if (op === 2) {
      cur.push([data[i + 5]!, data[i + 6]!]);
      i += 7;
    } else if (op === 3) {
      cur.push([data[i + 3]!, data[i + 4]!]);
      i += 5;
    } else {
      if (cur.length > 1) cur.push(cur[0]!);
      i += 1;
    }
  }
  if (cur.length > 1) out.push(cur);
  return out;
}
