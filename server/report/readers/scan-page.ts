/**
 * One page of a scan as the 原文 panel shows it: the page image exactly as the OCR reader was
 * given it (image.ts: a photo turned upright, a large scan scaled down; a PDF page rasterised by
 * pdftoppm at SCAN_DPI), so the cell boxes stored with the document (`CellSource.box`) fall where
 * the numbers are; then scaled down to at most PAGE_IMAGE_WIDTH pixels across for the browser
 * (`pageImageScale`: the factor from box pixels to image pixels) and encoded as a PNG of eight greys.
 */
import sharp from 'sharp';
import { imagePages, imageSetPages, pdfPages } from './image.ts';
import { unpackImageSet } from './image-set.ts';
import type { ScanPageSource } from './ocr/index.ts';

/** The widest page image sent to a browser (a 200 dpi A4 page is 1654 px). */
export const PAGE_IMAGE_WIDTH = 1280;

/** Image pixels per box pixel for a page `width` pixels wide as read. */
export function pageImageScale(width: number): number {
  return width > PAGE_IMAGE_WIDTH ? PAGE_IMAGE_WIDTH / width : 1;
}

/** Page `page` (1-based, in the file) of a scan stored as `format` (pdf, or an image format), as PNG. */
export async function scanPagePng(bytes: Buffer, fileName: string, format: string, page: number): Promise<Buffer> {
  const { source, done } = await pageSource(bytes, fileName, format, page);
  try {
    if (!source) throw new RangeError(`page ${page} is not in ${fileName}`);
    const grey = await source.load();
    const scale = pageImageScale(grey.width);
    let img = sharp(Buffer.from(grey.data.buffer, grey.data.byteOffset, grey.data.length), { raw: { width: grey.width, height: grey.height, channels: 1 } });
    if (scale < 1) img = img.resize(Math.round(grey.width * scale));
    // Eight greys, not dithered: print stays as legible, and a noisy scan's page is ~200 KB instead of ~1.4 MB.
    return await img.toColourspace('b-w').png({ palette: true, colours: 8, dither: 0 }).toBuffer();
  } finally {
    await done();
  }
}

/**
 * Page `page` of the file as the reader took it (readers/index.ts): a PDF's page `page` (rendered
 * alone, whatever its number: a mixed PDF's scanned pages may lie past the first hundred), or the
 * page-th page of a set of images (format `images`) or of one image (a multi-page TIFF).
 */
async function pageSource(bytes: Buffer, fileName: string, format: string, page: number): Promise<{ source: ScanPageSource | undefined; done(): Promise<void> }> {
  const none = async () => {};
  if (format === 'pdf') {
    const { pages, done } = await pdfPages(bytes, fileName, page, [page]);
    return { source: pages[0], done };
  }
  const pages = format === 'images' ? (await imageSetPages(await unpackImageSet(bytes, fileName))).pages : await imagePages(bytes, fileName);
  return { source: pages[page - 1], done: none };
}
