/**
 * Scans of fictional reports, end to end through the real tools: LibreOffice PDF -> pdftoppm ->
 * rotation, uneven light, noise, blur, JPEG -> readDocument (Tesseract) -> parseText. Every cell
 * is right or flagged for review; not one number is silently wrong.
 *
 * Slow by nature (OCR takes seconds a page): two reports of four pages, and a few single pages.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { parseText, type ParseResult } from '../../server/report/parse.ts';
import { readDocument } from '../../server/report/readers/index.ts';
import { readImages } from '../../server/report/readers/image.ts';
import { extractPdfPages } from '../../server/report/readers/pdf.ts';
import { layoutPages } from '../../server/report/readers/pdf-layout.ts';
import { normalizeText } from '../../server/report/normalize.ts';
import { CELLS, getCell, type ReportRecord } from '../../server/report/template.ts';
import { ReportError } from '../../server/report/errors.ts';
import { HEAVY, LIGHT, damage, makeScans, mixedPdf, multiPageTiff, type Scan } from './support/scans.ts';

/** Cells right, flagged (null with a review entry) and wrong (a different number, or null without a review entry). */
function score(parsed: ParseResult, truth: ReportRecord): { right: number; flagged: number; wrong: string[] } {
  const reviewed = new Set(parsed.review.map((e) => `${e.section}.${e.row}.${e.column}`));
  let right = 0, flagged = 0;
  const wrong: string[] = [];
  for (const c of CELLS) {
    const got = parsed.record ? getCell(parsed.record, c) : null;
    const want = getCell(truth, c);
    if (got === want) right++;
    else if (got === null && reviewed.has(c.key)) flagged++;
    else wrong.push(`${c.key}: ${got} (printed ${want})`);
  }
  return { right, flagged, wrong };
}

let light: Scan;
let heavy: Scan;

beforeAll(async () => {
  light = (await makeScans(12, 1, 200, LIGHT))[0]!;
  heavy = (await makeScans(13, 1, 150, HEAVY))[0]!;
}, 300_000);

afterEach(() => {
  delete process.env.NIANBAO_TESSERACT;
});

describe('scanned reports', () => {
  it('a PDF of text pages and scanned pages (200 dpi): only the scanned pages are OCR\'d; every cell right or flagged, organ, year and date right', async () => {
    const progress: string[] = [];
    const pdf = await mixedPdf(light, 1, 200);
    const doc = await readDocument(pdf, '年报扫描件.pdf', { onProgress: (p, n) => progress.push(`${p}/${n}`) });
    // Page 1 came from its text layer, pages 2… from OCR.
    expect(doc.extraction).toMatch(/^pdfium(-grid)?\+tesseract$/);
    expect(doc.exactCells).toBe(true);
    const scanned = light.pages.slice(1).map((_, i) => i + 2);
    expect(progress).toEqual(scanned.map((_, i) => `${i + 1}/${scanned.length}`));
    expect(doc.scan!.pages.map((p) => p.page)).toEqual(scanned);
    // The text page's lines are the text layer's, exactly (OCR would not give them character for character).
    const layer = layoutPages((await extractPdfPages(pdf, '年报扫描件.pdf')).slice(0, 1)).lines;
    expect(layer.length).toBeGreaterThan(3);
    expect(doc.text.startsWith(`${normalizeText(layer.join('\n'))}\n`)).toBe(true);
    expect(doc.text.split('\n').slice(0, layer.length).join('\n')).not.toMatch(/识别不确定|未能识别/);
    const parsed = parseText(doc.text, { exactCells: doc.exactCells });
    const s = score(parsed, light.record);
    expect(s.wrong).toEqual([]);
    expect(s.right).toBeGreaterThanOrEqual(180);
    expect(parsed.record!.organ).toBe(light.record.organ);
    expect(parsed.record!.year).toBe(light.record.year);
    expect(parsed.record!.published).toBe(light.record.published);
    // Provenance: every cell read by OCR has the PDF's own page number (never the text page) and its box.
    const sources = Object.values(doc.scan!.cells);
    expect(sources.length).toBeGreaterThan(50);
    for (const c of sources) expect(scanned).toContain(c.page);
    const source = doc.scan!.cells['requests.new.total']!;
    expect(source.page).toBeGreaterThanOrEqual(2);
    expect(source.box.w).toBeGreaterThan(20);
    // A doubtful number names the PDF's page too.
    for (const m of doc.text.matchAll(/第(\d+)页此格/g)) expect(scanned).toContain(Number(m[1]));
    // The skew of each scanned page was found and removed (to within 0.15°).
    for (const p of doc.scan!.pages) expect(Math.abs(p.angle - light.angles[p.page - 1]!)).toBeLessThanOrEqual(0.15);
  }, 300_000);

  it('heavier damage at 150 dpi (±1.5°, grain, blur, JPEG 60, shading), pages as separate images: no number silently wrong', async () => {
    // Named so that name order is page order only when numbers are compared as numbers.
    const files = heavy.pages.map((bytes, i) => ({ bytes, fileName: `扫描${i === 0 ? 9 : 10 + i}.jpg` })).reverse();
    const scan = await readImages(files);
    const parsed = parseText(`${scan.lines.join('\n')}\n`, { exactCells: true });
    const s = score(parsed, heavy.record);
    expect(s.wrong).toEqual([]);
    expect(s.right).toBeGreaterThanOrEqual(160);
    expect(parsed.record!.year).toBe(heavy.record.year);
  }, 300_000);
});

describe('pages that are not a report', () => {
  it('a blank page and a photo without a table: no table, no number', async () => {
    const blank = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: { r: 250, g: 250, b: 250 } } }).png().toBuffer();
    const photo = await sharp({
      create: { width: 1200, height: 900, channels: 3, background: { r: 200, g: 190, b: 170 } },
    }).composite([{ input: Buffer.from('<svg width="1200" height="900"><circle cx="600" cy="450" r="300" fill="#654"/><text x="200" y="120" font-size="60">会议现场</text></svg>') }]).jpeg().toBuffer();
    const tiff = await multiPageTiff([await damage(blank, { ...LIGHT, angle: 0 }, 1), photo]);
    const doc = await readDocument(tiff, '照片.tif');
    expect(doc.scan!.pages.map((p) => [p.blank, p.tables])).toEqual([[true, 0], [false, 0]]);
    expect(doc.text).not.toMatch(/\t/);
    expect(parseText(doc.text, { exactCells: true }).record).toBeNull();
  }, 120_000);

  it('an unreadable page (OCR gives up) leaves its cells null with review entries, never zeros', async () => {
    const doc = await readDocument(light.pages[1]!, '第2页.jpg', { pageTimeoutMs: 1 });
    expect(doc.scan!.pages[0]!.failed).toMatch(/识别超时|识别程序出错/);
    expect(doc.text.trim()).toMatch(/^〔第1页未能识别：识别(超时|程序出错)[^\t\n]*〕$/);
  }, 120_000);

  it('refuses a scan when Tesseract is not installed, naming the Debian packages', async () => {
    process.env.NIANBAO_TESSERACT = 'off';
    const err = await readDocument(light.pages[0]!, '扫描.jpg').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReportError);
    expect((err as ReportError).message).toMatch(/tesseract-ocr 和 tesseract-ocr-chi-sim/);
  });
});
