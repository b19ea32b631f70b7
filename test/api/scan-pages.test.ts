/**
 * A scan's provenance without OCR (fast): a report stored with `document.scan` as the reader gives
 * it. The detail carries each page's size and image URL and each cell's source; the page route
 * renders the page as the reader was given it (pdftoppm at 200 dpi for a PDF, the image's own
 * page of a multi-page TIFF, the set's images in page order), scaled to the browser's width, so a
 * box drawn from the detail's numbers covers the mark printed there. Non-scans and pages not read
 * are 404; bytes the reader cannot decode are a 500 in its words.
 * The page route needs poppler's pdftoppm for the PDF case (skipped without it, except under CI).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { storeReport } from '../../server/ingest/store.ts';
import type { DocumentScan } from '../../server/repositories/documents.repository.ts';
import type { ReportDetail } from '../../server/schemas/reports.ts';
import type { Static } from '../../server/schemas/common.ts';
import { packImageSet } from '../../server/report/readers/image-set.ts';
import { imagePdf, multiPageTiff } from '../ocr/support/scans.ts';
import { record } from '../support/records.ts';
import { build, requests, seed } from './helper.ts';
import type { Ctx } from './helper.ts';

const noPoppler = Boolean(spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).error) && process.env.CI !== 'true';

/** A white page `width`×`height` with a black block at `mark` (JPEG). */
function page(width: number, height: number, mark: { x: number; y: number; w: number; h: number }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([{ input: { create: { width: mark.w, height: mark.h, channels: 3, background: '#000000' } }, left: mark.x, top: mark.y }])
    .jpeg({ quality: 95 }).toBuffer();
}

function store(ctx: Ctx, bytes: Buffer, format: string, fileName: string, scan: DocumentScan): Promise<number> {
  return storeAs(ctx, bytes, format, fileName, '金乡县羊山镇人民政府', scan);
}

async function storeAs(ctx: Ctx, bytes: Buffer, format: string, fileName: string, organ: string, scan: DocumentScan): Promise<number> {
  const r = await storeReport(ctx.db, {
    fileName, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), via: 'upload', county: '金乡县',
    document: { format, extraction: 'tesseract', text: `${organ}2024年政府信息公开工作年度报告\n`, exactCells: true, scan },
    record: record(organ, 2024, requests(6, 2, 2)), review: [],
  });
  return r.reportId!;
}

const summary = (p: number, width: number, height: number, dpi: number) => ({ page: p, width, height, dpi, angle: 0, blank: false, failed: null, tables: 1 });

/** The mean grey of `box` (page pixels) in the served PNG, mapped by the detail's scale. */
async function meanIn(png: Buffer, box: { x: number; y: number; w: number; h: number }, scale: number): Promise<number> {
  const region = { left: Math.round(box.x * scale), top: Math.round(box.y * scale), width: Math.round(box.w * scale), height: Math.round(box.h * scale) };
  // stats() reads its input: the region is cut out first.
  const { channels } = await sharp(await sharp(png).extract(region).png().toBuffer()).stats();
  return channels[0]!.mean;
}

describe('scan pages and cell sources', () => {
  it.skipIf(noPoppler)('a PDF page: the detail gives the page and the cell, the PNG has the mark under the box', async () => {
    const ctx = await build();
    // 100 dpi images: pdftoppm renders the page at 200 dpi, twice the pixels; the box is in those.
    const pdf = await imagePdf([await page(800, 1100, { x: 100, y: 200, w: 60, h: 30 }), await page(800, 1100, { x: 500, y: 700, w: 80, h: 40 })], 100);
    const box = { x: 1000, y: 1400, w: 160, h: 80 };
    const id = await store(ctx, pdf, 'pdf', '扫描件.pdf', {
      pages: [summary(1, 1600, 2200, 200), summary(2, 1600, 2200, 200)],
      cells: { 'requests.new.total': { page: 2, box, read: '10', conf: 93 } },
    });
    const detail = (await ctx.app.inject({ url: `/api/reports/${id}` })).json() as Static<typeof ReportDetail>;
    expect(detail.scan!.cells).toEqual({ 'requests.new.total': { page: 2, box, read: '10', conf: 93 } });
    const p2 = detail.scan!.pages[1]!;
    expect(p2).toEqual({
      page: 2, width: 1600, height: 2200, dpi: 200, blank: false, failed: null,
      url: `/api/documents/${detail.document.id}/pages/2.png`, scale: 0.8, imageWidth: 1280, imageHeight: 1760,
    });

    const res = await ctx.app.inject({ url: p2.url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const meta = await sharp(res.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([1280, 1760]);
    expect(await meanIn(res.rawPayload, box, p2.scale)).toBeLessThan(40);
    // The same box on page 1 is white: the page asked for is the page served.
    const p1 = await ctx.app.inject({ url: detail.scan!.pages[0]!.url });
    expect(await meanIn(p1.rawPayload, box, p2.scale)).toBeGreaterThan(215);

    const again = await ctx.app.inject({ url: p2.url, headers: { 'if-none-match': res.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    // The panel's 重试 asks under another URL: the same image.
    expect((await ctx.app.inject({ url: `${p2.url}?retry=1` })).rawPayload.equals(res.rawPayload)).toBe(true);
    expect((await ctx.app.inject({ url: `/api/documents/${detail.document.id}/pages/3.png` })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: `/api/documents/${detail.document.id}/pages/0.png` })).statusCode).toBe(400);
  });

  it.skipIf(noPoppler)('a PDF page past the hundredth (a long mixed PDF’s scanned page) is served; more than 8 pages waiting: 429 with Retry-After', async () => {
    const ctx = await build();
    // 20 dpi images: pdftoppm renders each page at 200 dpi, ten times the pixels.
    const plain = await page(160, 220, { x: 0, y: 0, w: 1, h: 1 });
    const marked = await page(160, 220, { x: 40, y: 60, w: 20, h: 10 });
    const pdf = await imagePdf([...Array.from({ length: 100 }, () => plain), marked], 20);
    const box = { x: 400, y: 600, w: 200, h: 100 };
    const id = await store(ctx, pdf, 'pdf', '长扫描件.pdf', {
      pages: [...Array.from({ length: 12 }, (_, i) => summary(i + 1, 1600, 2200, 200)), summary(101, 1600, 2200, 200)],
      cells: { 'requests.new.total': { page: 101, box, read: '10', conf: 93 } },
    });
    const detail = (await ctx.app.inject({ url: `/api/reports/${id}` })).json() as Static<typeof ReportDetail>;
    const p101 = detail.scan!.pages.at(-1)!;
    expect(p101.url).toBe(`/api/documents/${detail.document.id}/pages/101.png`);
    const res = await ctx.app.inject({ url: p101.url });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(await meanIn(res.rawPayload, box, p101.scale)).toBeLessThan(40);

    // Twelve pages asked at once: one renders, seven wait, the rest are refused at once, in Chinese, with when to ask again.
    const answers = await Promise.all(detail.scan!.pages.slice(0, 12).map((p) => ctx.app.inject({ url: p.url })));
    const refused = answers.filter((a) => a.statusCode === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.statusCode === 200).length + refused.length).toBe(12);
    expect(refused[0]!.headers['retry-after']).toBe('5');
    expect(refused[0]!.json().error.message).toBe('正在生成其他扫描页，请 5 秒后再试。');
    // Asked again once the others are done: served.
    const retried = answers.findIndex((a) => a.statusCode === 429);
    expect((await ctx.app.inject({ url: detail.scan!.pages[retried]!.url })).statusCode).toBe(200);
  }, 120_000);

  it('a multi-page TIFF and a set of images serve the page asked for; a report not read by OCR has no scan and no pages', async () => {
    const ctx = await build();
    const mark = { x: 300, y: 500, w: 100, h: 50 };
    const tiff = await multiPageTiff([await page(1000, 1400, { x: 10, y: 10, w: 20, h: 20 }), await page(1000, 1400, mark)]);
    const id = await store(ctx, tiff, 'tiff', '扫描件.tif', {
      pages: [summary(1, 1000, 1400, 121), summary(2, 1000, 1400, 121)],
      cells: { 'requests.granted.total': { page: 2, box: mark, read: '6', conf: 88 } },
    });
    const detail = (await ctx.app.inject({ url: `/api/reports/${id}` })).json() as Static<typeof ReportDetail>;
    const p2 = detail.scan!.pages[1]!;
    expect([p2.scale, p2.imageWidth, p2.imageHeight]).toEqual([1, 1000, 1400]);
    const png = (await ctx.app.inject({ url: p2.url })).rawPayload;
    expect(await meanIn(png, mark, 1)).toBeLessThan(40);
    expect(await meanIn((await ctx.app.inject({ url: detail.scan!.pages[0]!.url })).rawPayload, mark, 1)).toBeGreaterThan(215);

    // Several images as one report (format images): page 2 is the second image in page order.
    const set = await packImageSet([
      { fileName: '扫描第10页.jpg', bytes: await page(900, 1200, mark) }, { fileName: '扫描第2页.jpg', bytes: await page(900, 1200, { x: 10, y: 10, w: 20, h: 20 }) },
      { fileName: '扫描第1页.jpg', bytes: await page(900, 1200, { x: 10, y: 10, w: 20, h: 20 }) },
    ]);
    const setId = await storeAs(ctx, set.bytes, 'images', set.fileName, '金乡县鸡黍镇人民政府', {
      pages: [summary(1, 900, 1200, 109), summary(2, 900, 1200, 109), summary(3, 900, 1200, 109)], cells: {},
    });
    const setPages = ((await ctx.app.inject({ url: `/api/reports/${setId}` })).json() as Static<typeof ReportDetail>).scan!.pages;
    expect(await meanIn((await ctx.app.inject({ url: setPages[2]!.url })).rawPayload, mark, 1)).toBeLessThan(40);
    expect(await meanIn((await ctx.app.inject({ url: setPages[1]!.url })).rawPayload, mark, 1)).toBeGreaterThan(215);

    const text = await seed(ctx, record('金乡县胡集镇人民政府', 2024, requests(1, 0, 0)));
    const plain = (await ctx.app.inject({ url: `/api/reports/${text}` })).json() as Static<typeof ReportDetail>;
    expect(plain.scan).toBeNull();
    const res = await ctx.app.inject({ url: `/api/documents/${plain.document.id}/pages/1.png` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect((await ctx.app.inject({ url: '/api/documents/9999/pages/1.png' })).statusCode).toBe(404);

    // Bytes the image reader cannot decode: its own words, not a stack.
    const broken = await store(ctx, Buffer.from('not an image at all'), 'jpeg', '坏图.jpg', { pages: [summary(1, 1000, 1400, 121)], cells: {} });
    const url = ((await ctx.app.inject({ url: `/api/reports/${broken}` })).json() as Static<typeof ReportDetail>).scan!.pages[0]!.url;
    const failed = await ctx.app.inject({ url });
    expect(failed.statusCode).toBe(500);
    expect(failed.json().error.message).toContain('坏图.jpg');
  });
});
