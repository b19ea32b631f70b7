/**
 * The upload page's box 所选图片是同一份报告的各页: the images of one selection go as ONE report
 * (one row, named after the set), other files of the selection each as usual. The set here holds
 * a file named .png that is not an image, so the server refuses the set without reading it (no
 * OCR needed) and says which file; the text report beside it goes in.
 */
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../server/report/render.ts';
import { record } from '../support/records.ts';
import { CHROMIUM } from './support/browser.ts';
import { serverAndBrowser } from './support/suite.ts';
import { ADMIN_TOKEN } from './support/server.ts';

describe.skipIf(!existsSync(CHROMIUM))('images as the pages of one report', () => {
  const env = serverAndBrowser({ seeds: false, demo: false });

  it('with the box ticked, the selected images are one upload and one result named after the set', async () => {
    const png = await sharp({ create: { width: 300, height: 400, channels: 3, background: { r: 255, g: 255, b: 255 } } }).png().toBuffer();
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(env.server.url + '/upload');
    const box = page.getByTestId('one-report');
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await page.getByTestId('file-input').setInputFiles([
      { name: '第10页.png', mimeType: 'image/png', buffer: Buffer.from('不是图片\n') },
      { name: 'ok.txt', mimeType: 'text/plain', buffer: Buffer.from(renderText(record('青禾县白沙镇人民政府', 2025), 'rows-tab', { plain: true })) },
      { name: '第2页.png', mimeType: 'image/png', buffer: png },
    ]);
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.getByTestId('token-submit').click();
    const rows = page.locator('[data-testid=upload-table] tbody tr[data-outcome]');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    const texts = await rows.allTextContents();
    const set = texts.find((t) => t.includes('第2页.png等2张图片（合为一份报告）'));
    expect(set).toContain('“第10页.png”不是图片');
    expect(texts.some((t) => t.includes('ok.txt') && t.includes('白沙镇'))).toBe(true);
    const log = page.locator('[data-testid=upload-log-table] tbody tr');
    await expect.poll(() => log.count(), { timeout: 10_000 }).toBe(2);
    await page.close();
  }, 120_000);
});
