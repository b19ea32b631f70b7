/**
 * The 原文 panel of a scan, in a real browser at 1440, 1366 and 390 px: clicking a cell read by
 * OCR shows the page it was read from with the cell's box outlined over the number (the box's
 * place in the displayed image is the detail's box, and the image has ink under it), what OCR
 * read and its confidence, in both the zoomed window and the whole page; a cell OCR did not read
 * says so. One page of a fictional report scanned at 150 dpi, read by OCR once for the suite.
 * Screenshots of the panel go to test-output/screenshots. Skipped without Chromium or the OCR tools.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ingestBuffer } from '../../server/ingest/ingest.ts';
import { LIGHT, makeScans } from '../ocr/support/scans.ts';
import { CHROMIUM, SCREENSHOT_DIR } from './support/browser.ts';
import { serverAndBrowser } from './support/suite.ts';

const TOOLS = [['tesseract', '--version'], ['soffice', '--version'], ['pdftoppm', '-v']] as const;
const missing = TOOLS.filter(([cmd, arg]) => spawnSync(cmd, [arg], { stdio: 'ignore' }).error).map(([cmd]) => cmd);

interface Scan {
  pages: { page: number; width: number; height: number; imageWidth: number }[];
  cells: Record<string, { page: number; box: { x: number; y: number; w: number; h: number }; read: string; conf: number }>;
}

/**
 * The drawn box against the displayed image: its place in percent of the image, and the darkest
 * grey of the image under it (the image drawn to a canvas at its own size). A string, not a
 * function: the tests are type-checked without the DOM library.
 */
const BOX_ON_IMAGE = `(() => {
  const img = document.querySelector('[data-testid="scan-image"]');
  const box = document.querySelector('[data-testid="scan-box"]');
  if (!img || !box || !img.complete || !img.naturalWidth) return null;
  const i = img.getBoundingClientRect(), b = box.getBoundingClientRect();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const k = img.naturalWidth / i.width;
  const data = ctx.getImageData(Math.round((b.left - i.left) * k), Math.round((b.top - i.top) * k), Math.max(1, Math.round(b.width * k)), Math.max(1, Math.round(b.height * k))).data;
  let min = 255;
  for (let p = 0; p < data.length; p += 4) min = Math.min(min, data[p]);
  return { left: (b.left - i.left) / i.width, top: (b.top - i.top) / i.height, width: b.width / i.width, height: b.height / i.height, min, shownWidth: i.width };
})()`;

interface BoxOnImage { left: number; top: number; width: number; height: number; min: number; shownWidth: number }

describe.skipIf(!existsSync(CHROMIUM) || missing.length > 0)('the 原文 panel of a scan', () => {
  let reportId = 0;
  const env = serverAndBrowser({
    seeds: false, demo: false,
    async prepare(db) {
      const jpeg = (await makeScans(31, 1, 150, LIGHT))[0]!.pages[0]!;
      const r = await ingestBuffer(db, { fileName: '塘永安镇年报扫描件.jpg', bytes: jpeg, via: 'upload', county: '青禾县' });
      reportId = r.reportId!;
    },
  });

  async function open(width: number): Promise<{ page: Page; scan: Scan }> {
    const context = await env.browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/reports/${reportId}`);
    const scan = (await (await page.request.get(`${env.server.url}/api/reports/${reportId}`)).json() as { scan: Scan }).scan;
    return { page, scan };
  }

  const KEY = 'active.regulations.issued';

  async function expectBoxOver(page: Page, scan: Scan, key: string) {
    await expect.poll(() => page.evaluate<BoxOnImage | null>(BOX_ON_IMAGE), { timeout: 30_000 }).not.toBeNull();
    const drawn = (await page.evaluate<BoxOnImage | null>(BOX_ON_IMAGE))!;
    const s = scan.cells[key]!, p = scan.pages.find((x) => x.page === s.page)!;
    // Where the detail says, to a pixel of the displayed image.
    const px = 1.5 / drawn.shownWidth;
    expect(drawn.left).toBeCloseTo(s.box.x / p.width, 2);
    expect(Math.abs(drawn.left - s.box.x / p.width)).toBeLessThan(px);
    expect(Math.abs(drawn.top - s.box.y / p.height)).toBeLessThan(px * 1.5);
    expect(Math.abs(drawn.width - s.box.w / p.width)).toBeLessThan(px * 2);
    // The number's ink is under the box.
    expect(drawn.min).toBeLessThan(110);
    return drawn;
  }

  for (const width of [1440, 1366, 390]) {
    it(`at ${width} px: a cell shows its page with the box over the number, the OCR text and confidence`, async () => {
      const { page, scan } = await open(width);
      await page.locator(`td[data-key="${KEY}"]`).click();
      const panel = page.getByTestId('cell-panel');
      await expect.poll(() => panel.getByTestId('scan-page-label').textContent()).toBe('原文扫描件 第 1 页');
      const s = scan.cells[KEY]!;
      expect(await panel.getByTestId('scan-read').textContent()).toContain(`识别为 “${s.read}”，置信度 ${s.conf}%`);
      const zoomed = await expectBoxOver(page, scan, KEY);
      // Zoomed: the page at its served size, the box scrolled into the window.
      expect(zoomed.shownWidth).toBe(scan.pages[0]!.imageWidth);
      const inView = await page.evaluate<boolean>(`(() => {
        const v = document.querySelector('.scan-source .view').getBoundingClientRect(), b = document.querySelector('[data-testid="scan-box"]').getBoundingClientRect();
        return b.left >= v.left && b.right <= v.right && b.top >= v.top && b.bottom <= v.bottom;
      })()`);
      expect(inView).toBe(true);
      // On a phone the page scrolls to the panel: it stops just below the sticky top bar, its heading and 关闭 not under it.
      if (width < 760) {
        await expect.poll(() => page.evaluate<number>(`(() => {
          const p = document.querySelector('[data-testid="cell-panel"]').getBoundingClientRect();
          return Math.round(p.top - document.querySelector('header.topbar').getBoundingClientRect().bottom);
        })()`)).toBeGreaterThanOrEqual(0);
        await expect.poll(() => page.evaluate<number>('window.scrollY')).toBeGreaterThan(0);
      }
      await panel.screenshot({ path: join(SCREENSHOT_DIR, `scan-source-${width}.png`) });
      // The whole page fitted to the panel: the box still over the number.
      await panel.getByTestId('scan-zoom').click();
      const whole = await expectBoxOver(page, scan, KEY);
      expect(whole.shownWidth).toBeLessThan(zoomed.shownWidth);
      await panel.screenshot({ path: join(SCREENSHOT_DIR, `scan-source-${width}-page.png`) });
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);

      // Another cell of the same page: the box moves with it.
      const other = Object.keys(scan.cells).find((k) => k !== KEY && scan.cells[k]!.page === 1)!;
      await page.locator(`td[data-key="${other}"]`).click();
      await expectBoxOver(page, scan, other);
      // A cell OCR did not read: said, no box.
      const none = await page.evaluate<string | null>(`[...document.querySelectorAll('td[data-key]')].map((t) => t.getAttribute('data-key')).find((k) => !${JSON.stringify(Object.keys(scan.cells))}.includes(k)) ?? null`);
      if (none) {
        await page.locator(`td[data-key="${none}"]`).click();
        await expect.poll(() => panel.getByTestId('scan-none').isVisible()).toBe(true);
      }
      await page.context().close();
    }, 90_000);
  }

  it('a page image that fails to load says so, and 重试 loads it', async () => {
    const { page, scan } = await open(1366);
    let refused = 0;
    await page.route('**/api/documents/*/pages/*.png*', async (route) => {
      if (refused++ === 0) return route.fulfill({ status: 429, contentType: 'application/json', body: '{"error":{"code":"too_many_requests","message":"忙"}}' });
      return route.continue();
    });
    await page.locator(`td[data-key="${KEY}"]`).click();
    const panel = page.getByTestId('cell-panel');
    await expect.poll(() => panel.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('扫描页载入失败');
    await panel.getByTestId('scan-retry').click();
    await expectBoxOver(page, scan, KEY);
    expect(await panel.getByRole('alert').count()).toBe(0);
    await page.context().close();
  }, 90_000);
});
