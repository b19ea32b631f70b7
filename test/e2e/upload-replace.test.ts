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
