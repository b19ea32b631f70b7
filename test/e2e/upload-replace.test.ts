/**
 * The upload's answer in a real browser: a new version of a report says 已替换 (also when it
 * needs review), and each result names its county.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../server/report/render.ts';
import { record } from '../support/records.ts';
import { CHROMIUM } from './support/browser.ts';
import { serverAndBrowser } from './support/suite.ts';
import { ADMIN_TOKEN } from './support/server.ts';

const ORGAN = '青禾县白沙镇人民政府';
const report = (granted: number) => Buffer.from(renderText(record(ORGAN, 2025, {
  'requests.new.natural_person': granted, 'requests.new.total': granted,
  'requests.granted.natural_person': granted, 'requests.granted.total': granted,
  'requests.processed_total.natural_person': granted, 'requests.processed_total.total': granted,
}), 'rows-tab', { plain: true }));

describe.skipIf(!existsSync(CHROMIUM))('upload answers', () => {
  const env = serverAndBrowser({ seeds: false, demo: false });

  it('says 已替换 for a new version and names the county', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(env.server.url + '/upload');
    const input = page.getByTestId('file-input');
    await input.setInputFiles({ name: 'v1.txt', mimeType: 'text/plain', buffer: report(3) });
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.getByTestId('token-submit').click();
    const rows = page.locator('[data-testid=upload-table] tbody tr[data-outcome]');
    await rows.first().waitFor({ timeout: 20_000 });
    expect(['ingested', 'needs_review']).toContain(await rows.first().getAttribute('data-outcome'));
    expect(await rows.first().locator('td[data-col=county]').textContent()).toBe('青禾县');

    await input.setInputFiles({ name: 'v2.txt', mimeType: 'text/plain', buffer: report(5) });
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    expect(['replaced', 'replaced_review']).toContain(await rows.nth(1).getAttribute('data-outcome'));
    expect(await rows.nth(1).textContent()).toContain('已替换旧版本');
    await page.close();
  }, 90_000);
});

describe.skipIf(!existsSync(CHROMIUM))('the upload log', () => {
  const env = serverAndBrowser({ seeds: false, demo: false });

  it('keeps who sent which file and what became of it across a reload; 只看失败的 shows the refused one', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(env.server.url + '/upload');
    await page.getByTestId('author').fill('王五');
    const input = page.getByTestId('file-input');
    await input.setInputFiles([
      { name: 'ok.txt', mimeType: 'text/plain', buffer: report(2) },
      { name: '坏文件<b>x.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 nothing') },
    ]);
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.getByTestId('token-submit').click();
    const log = page.locator('[data-testid=upload-log-table] tbody tr');
    await expect.poll(() => log.count(), { timeout: 30_000 }).toBe(2);

    await page.reload();
    await expect.poll(() => log.count(), { timeout: 10_000 }).toBe(2);
    const texts = await log.allTextContents();
    expect(texts.every((t) => t.includes('王五') && t.includes('上传'))).toBe(true);
    expect(texts.some((t) => t.includes('ok.txt') && t.includes('已导入') && t.includes('白沙镇'))).toBe(true);
    // A file name is shown as text, never as markup.
    expect(texts.some((t) => t.includes('坏文件<b>x.pdf') && t.includes('失败'))).toBe(true);
    expect(await page.locator('[data-testid=upload-log-table] b').count()).toBe(0);
    // 经办人 is remembered on this PC.
    expect(await page.getByTestId('author').inputValue()).toBe('王五');

    await page.getByTestId('log-failed-only').check();
    await expect.poll(() => log.count(), { timeout: 10_000 }).toBe(1);
    expect(await log.first().getAttribute('data-outcome')).toBe('failed');
    expect(await page.getByTestId('log-csv').getAttribute('href')).toBe('/api/uploads/log.csv?outcome=failed');
    await page.close();
  }, 90_000);
});

describe.skipIf(!existsSync(CHROMIUM))('an upload the server queues', () => {
  const env = serverAndBrowser({ seeds: false, demo: false, limits: { uploadWaitMs: 0 } });

  it('answered 202, is polled (正在识别 第 3/7 页 while the job says so) and still ends with its result row', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 } });
    // The first two polls say OCR is on page 3 of 7 (a text file has no pages); then the real job answers.
    let faked = 0;
    const polled: number[] = [];
    await page.route('**/api/uploads/jobs/*', async (route) => {
      if (faked < 2) {
        faked++;
        const id = Number(route.request().url().split('/').pop());
        await route.fulfill({ json: { id, state: 'running', progress: { file: 'queued.txt', page: 3, pages: 7 }, answer: null, error: null } });
        return;
      }
      const res = await route.fetch();
      polled.push(res.status());
      await route.fulfill({ response: res });
    });
    await page.goto(env.server.url + '/upload');
    const posted = page.waitForResponse((r) => r.url().endsWith('/api/uploads') && r.request().method() === 'POST');
    await page.getByTestId('file-input').setInputFiles({ name: 'queued.txt', mimeType: 'text/plain', buffer: report(4) });
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.getByTestId('token-submit').click();
    const answer = await posted;
    expect(answer.status()).toBe(202);
    expect(await answer.json()).toMatchObject({ file: 'queued.txt' });

    const table = page.getByTestId('upload-table');
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('正在识别 第 3/7 页');
    const rows = page.locator('[data-testid=upload-table] tbody tr[data-outcome]');
    await rows.first().waitFor({ timeout: 20_000 });
    expect(['ingested', 'needs_review']).toContain(await rows.first().getAttribute('data-outcome'));
    expect(await rows.first().textContent()).toContain('queued.txt');
    expect(await rows.first().locator('td[data-col=county]').textContent()).toBe('青禾县');
    expect(await table.textContent()).not.toContain('正在识别');
    expect(polled).toContain(200);
    await page.close();
  }, 90_000);
});
