/**
 * Scans as images (JPG, PNG, TIFF incl. multi-page, GIF, BMP, WebP) and image-only PDFs -> the
 * page sources the OCR reader (ocr/index.ts) reads one at a time. Decoding is sharp's (libvips);
 * PDF pages are rasterised by poppler's pdftoppm at 200 dpi in grey.
 *
 * Several images uploaded together are one report, pages in file-name order (`第2页` before
 * `第10页`): readImages(). Joining them at upload is the ingest's part.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ReportError } from '../errors.ts';
import { readScan, type ScanPageSource, type ScanText } from './ocr/index.ts';
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

/** A page with fewer visible characters than this is a scan (pdf.ts uses the same bound per file). */
export const MIN_PAGE_CHARS = 20;

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

/** The pages of a PDF rasterised (pdftoppm, grey, one page at a time as it is read). */
export async function pdfPages(bytes: Buffer, fileName: string, count: number): Promise<{ pages: ScanPageSource[]; done(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-scan-'));
  await writeFile(join(dir, 'in.pdf'), bytes);
  const pages = Array.from({ length: Math.min(count, MAX_PAGES) }, (_, i): ScanPageSource => ({
    dpi: SCAN_DPI,
    load: async () => {
      const out = join(dir, `p${i + 1}`);
      try {
        await run('pdftoppm', ['-r', String(SCAN_DPI), '-gray', '-png', '-singlefile', '-f', String(i + 1), '-l', String(i + 1), join(dir, 'in.pdf'), out], 120_000);
      } catch {
        throw new ReportError('unsupported_format', `PDF 文件“${fileName}”第 ${i + 1} 页无法转换为图片（需要 poppler-utils 中的 pdftoppm），未能识别。`);
      }
      const png = await readFile(`${out}.png`);
      await rm(`${out}.png`, { force: true });
      return toGrey(sharp(png));
    },
  }));
  return { pages, done: () => rm(dir, { recursive: true, force: true }) };
}

/** A PDF read by OCR, every page (a scan, or a mix of text pages and scanned ones, order kept). */
export async function readScannedPdf(bytes: Buffer, fileName: string, count: number, o: ScanReadOptions = {}): Promise<ScanText> {
  const { pages, done } = await pdfPages(bytes, fileName, count);
  try {
    return await readScan(pages, { fileName, ...o });
  } finally {
    await done();
  }
}

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
  const sorted = [...files].sort((a, b) => a.fileName.localeCompare(b.fileName, 'zh-CN', { numeric: true }));
  const pages = (await Promise.all(sorted.map((f) => imagePages(f.bytes, f.fileName)))).flat();
  return readScan(pages, { fileName: sorted.map((f) => f.fileName).join('、'), ...o });
}
