/**
 * Scans as images (JPG, PNG, TIFF incl. multi-page, GIF, BMP, WebP), image-only PDFs and the
 * scanned pages of mixed PDFs -> the page sources the OCR reader (ocr/index.ts) reads one at a time. Decoding is sharp's (libvips);
 * PDF pages are rasterised by poppler's pdftoppm at 200 dpi in grey.
 *
 * Several images uploaded together are one report, pages in file-name order (`第2页` before
 * `第10页`): readImages(); they are kept as one original by image-set.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ReportError } from '../errors.ts';
import { normalizeText } from '../normalize.ts';
import { byPageName, imageSetName } from './image-set.ts';
import { readScan, type ScanPageSource, type ScanText, type TextPages } from './ocr/index.ts';
import { layoutPages, MIN_PAGE_CHARS, type PdfPage } from './pdf-layout.ts';
import type { Grey } from './ocr/raster.ts';

/** Resolution pages are read at: enough for 10.5 pt print, and what scanners default to. */
export const SCAN_DPI = 200;
/** An A4 page is 8.27 in wide: a photo's resolution is guessed from its width. */
const A4_INCHES = 8.27;
/** Larger pages are scaled down to this many pixels across (300 dpi A4): more only costs time. */
const MAX_WIDTH = 2480;
const MAX_PAGES = 100;

export interface ScanReadOptions {
  onProgress?: (page: number, pages: number) => void;
  pageTimeoutMs?: number;
}

async function toGrey(img: sharp.Sharp): Promise<Grey> {
  const { data, info } = await img.greyscale().toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** The pages of one image file (a multi-page TIFF has several). */
export async function imagePages(bytes: Buffer, fileName: string): Promise<ScanPageSource[]> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    throw new ReportError('unsupported_format', `图片文件“${fileName}”已损坏或格式无法识别，未能读取。请重新扫描或另存为 JPG/PNG 后再上传。`);
  }
  const count = Math.min(meta.pages ?? 1, MAX_PAGES);
  const width = meta.width ?? 0;
  // A scanner writes its resolution; a photo's (72, or none) says nothing: guess from an A4 width.
  const density = meta.density && meta.density >= 100 && meta.density <= 1200 ? meta.density : width / A4_INCHES;
  const scale = width > MAX_WIDTH ? MAX_WIDTH / width : 1;
  const dpi = Math.max(72, Math.round(density * scale));
  return Array.from({ length: count }, (_, page) => ({
    dpi,
    load: async () => {
      // .rotate() with no angle turns a photo upright by its EXIF orientation.
      let img = sharp(bytes, { page }).rotate();
      if (scale < 1) img = img.resize(Math.round(width * scale));
      return toGrey(img);
    },
  }));
}

function run(cmd: string, args: readonly string[], timeout: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout, killSignal: 'SIGKILL', maxBuffer: 64 << 20, encoding: 'buffer' }, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

/** Each page's text layer (pdftotext, pages split at form feeds): which pages are scans. */
export async function pdfPageTexts(bytes: Buffer): Promise<string[] | null> {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-scan-'));
  try {
    await writeFile(join(dir, 'in.pdf'), bytes);
    const out = await run('pdftotext', ['-enc', 'UTF-8', join(dir, 'in.pdf'), '-'], 60_000);
    const pages = out.toString('utf8').split('\f');
    if (pages.length > 1 && pages.at(-1)!.trim() === '') pages.pop();
    return pages;
  } catch {
    return null; // poppler missing or the PDF unreadable to it: the PDF reader decides.
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Which pages of a PDF are scans: almost no text layer, and an image drawn on them (a blank
 * page of a Word export is not a scan). Null when there is none, or poppler cannot tell.
 */
export async function scannedPdfPages(bytes: Buffer): Promise<{ pages: number; scanned: number[] } | null> {
  // Most PDFs draw no image at all: one quick listing settles them.
  const withImages = await pdfImagePages(bytes);
  if (withImages.size === 0) return null;
  const texts = await pdfPageTexts(bytes);
  if (!texts) return null;
  const empty = texts.map((t, i) => (t.replace(/\s/g, '').length < MIN_PAGE_CHARS ? i + 1 : 0)).filter((p) => p > 0);
  const scanned = empty.filter((p) => withImages.has(p));
  return scanned.length ? { pages: texts.length, scanned } : null;
}

async function pdfImagePages(bytes: Buffer): Promise<Set<number>> {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-scan-'));
  try {
    await writeFile(join(dir, 'in.pdf'), bytes);
    const out = (await run('pdfimages', ['-list', join(dir, 'in.pdf')], 60_000)).toString('utf8');
    return new Set(out.split('\n').slice(2).map((l) => Number(l.trim().split(/\s+/)[0])).filter((n) => n > 0));
  } catch {
    return new Set();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The pages of a PDF rasterised (pdftoppm, grey, one page at a time as it is read): pages 1 to
 * `count`, or only the page numbers `only` (a mixed PDF's scanned pages), each with its number.
 */
export async function pdfPages(bytes: Buffer, fileName: string, count: number, only?: readonly number[]): Promise<{ pages: ScanPageSource[]; done(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-scan-'));
  await writeFile(join(dir, 'in.pdf'), bytes);
  const numbers = (only ?? Array.from({ length: count }, (_, i) => i + 1)).filter((n) => n >= 1 && n <= count).slice(0, MAX_PAGES);
  const pages = numbers.map((n): ScanPageSource => ({
    dpi: SCAN_DPI,
    page: n,
    load: async () => {
      const out = join(dir, `p${n}`);
      try {
        await run('pdftoppm', ['-r', String(SCAN_DPI), '-gray', '-png', '-singlefile', '-f', String(n), '-l', String(n), join(dir, 'in.pdf'), out], 120_000);
      } catch {
        throw new ReportError('unsupported_format', `PDF 文件“${fileName}”第 ${n} 页无法转换为图片（需要 poppler-utils 中的 pdftoppm），未能识别。`);
      }
      const png = await readFile(`${out}.png`);
      await rm(`${out}.png`, { force: true });
      return toGrey(sharp(png));
    },
  }));
  return { pages, done: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A PDF with scanned pages. Its text pages (when it has any, and PDFium reads it) are read from
 * their text layer, each run of consecutive text pages laid out together (a table crossing a page
 * break is joined, as in any text PDF); only the scanned pages are read by OCR; the parts are
 * joined in page order. Should PDFium fail on the file, or count its pages otherwise than poppler,
 * every page is read by OCR (`textPages` 0).
 */
export async function readMixedPdf(
  bytes: Buffer, fileName: string, found: { pages: number; scanned: readonly number[] }, textLayer: readonly PdfPage[] | null,
  o: ScanReadOptions = {},
): Promise<{ scan: ScanText; textPages: number; gridTables: number; textExact: boolean }> {
  const scanned = new Set(found.scanned);
  // `textLayer`: the pages PDFium read (readers/index.ts), null when it could not read the file.
  const layout = scanned.size < found.pages && textLayer?.length === found.pages ? textLayer : null;
  const { pages: sources, done } = await pdfPages(bytes, fileName, found.pages, layout ? found.scanned : undefined);
  try {
    const byPage = new Map(sources.map((s) => [s.page!, s]));
    const parts: (ScanPageSource | TextPages)[] = [];
    let run: PdfPage[] = [];
    let textPages = 0, gridTables = 0, textExact = true;
    const flush = () => {
      if (!run.length) return;
      const text = layoutPages(run);
      const lines = normalizeText(text.lines.join('\n')).split('\n');
      gridTables += text.tables;
      // A run without a drawn table may still print one as aligned text: then the cells are not exact.
      if (text.tables === 0 && lines.some((l) => ALIGNED_ROW.test(l))) textExact = false;
      parts.push({ lines });
      textPages += run.length;
      run = [];
    };
    for (let p = 1; p <= found.pages; p++) {
      if (layout && !scanned.has(p)) {
        run.push(layout[p - 1]!);
        continue;
      }
      flush();
      const source = byPage.get(p);
      if (source) parts.push(source);
    }
    flush();
    return { scan: await readScan(parts, { fileName, ...o }), textPages, gridTables, textExact };
  } finally {
    await done();
  }
}

/** Three numbers in a row separated by spaces: a table row printed as aligned text. */
const ALIGNED_ROW = /(?:^|\s)\d[\d,.]*\s+\d[\d,.]*\s+\d/;

/** One image file read by OCR. */
export async function readImage(bytes: Buffer, fileName: string, o: ScanReadOptions = {}): Promise<ScanText> {
  return readScan(await imagePages(bytes, fileName), { fileName, ...o });
}

/**
 * Several images as one report: pages in file-name order, numbers compared as numbers
 * (`扫描2.jpg` before `扫描10.jpg`); a multi-page TIFF among them gives all its pages in place.
 */
export async function readImages(files: readonly { bytes: Buffer; fileName: string }[], o: ScanReadOptions = {}): Promise<ScanText> {
  if (files.length === 0) throw new ReportError('empty', '没有收到图片文件。');
  const { pages, fileName } = await imageSetPages(files);
  return readScan(pages, { fileName, ...o });
}

/** The pages of several images as one report, in page order (readImages; the 原文 panel's page images), and the set's name. */
export async function imageSetPages(files: readonly { bytes: Buffer; fileName: string }[]): Promise<{ pages: ScanPageSource[]; fileName: string }> {
  const sorted = [...files].sort((a, b) => byPageName(a.fileName, b.fileName));
  const pages = (await Promise.all(sorted.map((f) => imagePages(f.bytes, f.fileName)))).flat();
  return { pages, fileName: imageSetName(sorted.map((f) => f.fileName)) };
}
