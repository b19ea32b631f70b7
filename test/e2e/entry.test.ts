/**
 * 手工录入 in a real browser, from the keyboard: the clerk types a report into the template's
 * tables, sees a broken total turn red, saves with the admin token and lands on the new report,
 * stored with its blanks blank and "手工录入" as its source; with a scanned PDF attached, the
 * report page offers the scan for download, byte for byte.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, screenshot } from './support/browser.ts';
import { serverAndBrowser } from './support/suite.ts';
import { ADMIN_TOKEN } from './support/server.ts';

interface Detail {
  document: { via: string }; report: { organ: string; year: number }; cells: { key: string; value: number | null }[];
  attachment: { fileName: string; size: number; url: string } | null;
}

describe.skipIf(!existsSync(CHROMIUM))('手工录入', () => {
  const env = serverAndBrowser({ seeds: false, demo: false });

  it('types a report in, checks its sums live and stores it as a report like any other', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(env.server.url + '/upload');
    await page.getByTestId('entry-link').click();
    await page.getByTestId('entry-organ').fill('青禾县白沙镇人民政府');
    await page.getByTestId('entry-year').fill('2025');
    await page.getByTestId('entry-published').fill('2026-01-18');
    const input = (key: string) => page.locator(`input.cell-input[data-key="${key}"]`);
    const cell = (key: string) => page.locator(`td[data-key="${key}"]`);

    await input('requests.new.natural_person').fill('4');
    await page.keyboard.press('Enter');
    await input('requests.new.total').fill('5');
    await expect.poll(() => cell('requests.new.total').getAttribute('class')).not.toContain('failing'); // blanks in the row: cannot be told yet
    await page.getByTestId('zero-row-requests.new.natural_person').click();
    await expect.poll(() => cell('requests.new.total').getAttribute('class')).toContain('failing');
    await input('requests.new.total').fill('4');
    await expect.poll(() => cell('requests.new.total').getAttribute('class')).not.toContain('failing');
    await input('active.licensing.decisions').fill('1,234');
    await screenshot(page, 'entry', false);

    await page.getByTestId('entry-save').click();
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/reports\/\d+$/, { timeout: 15_000 });
    const id = /\/reports\/(\d+)$/.exec(page.url())![1];
    const d = await (await fetch(`${env.server.url}/api/reports/${id}`)).json() as Detail;
    expect(d.document.via).toBe('manual');
    expect(d.report.year).toBe(2025);
    const v = new Map(d.cells.map((c) => [c.key, c.value]));
    expect(v.get('requests.new.natural_person')).toBe(4);
    expect(v.get('requests.new.commercial')).toBe(0);
    expect(v.get('requests.new.total')).toBe(4);
    expect(v.get('active.licensing.decisions')).toBe(1234);
    expect(v.get('requests.granted.total')).toBeNull();
    await page.close();
  }, 90_000);

  it('attaches a scanned PDF: the report page links to it and the link serves its bytes', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\n%%EOF\n')]);
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(env.server.url + '/entry');
    await page.getByTestId('entry-organ').fill('青禾县黑石镇人民政府');
    await page.getByTestId('entry-year').fill('2025');
    await page.locator('input.cell-input[data-key="active.licensing.decisions"]').fill('7');
    await page.getByTestId('entry-scan').setInputFiles({ name: '黑石镇<b>扫描件</b>.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expect.poll(() => page.getByTestId('entry-scan-chosen').textContent()).toContain('黑石镇<b>扫描件</b>.pdf');
    await page.getByTestId('entry-save').click();
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/reports\/\d+$/, { timeout: 15_000 });
    const link = page.getByTestId('attachment');
    // The name is shown as text, never as markup.
    await expect.poll(() => link.textContent()).toBe(`扫描件：黑石镇<b>扫描件</b>.pdf（${pdf.length} B）`);
    expect(await page.locator('[data-testid="attachment"] b').count()).toBe(0);
    const href = await link.getAttribute('href');
    const id = /\/reports\/(\d+)$/.exec(page.url())![1];
    expect(href).toBe(`/api/reports/${id}/attachment`);
    const res = await fetch(new URL(href!, env.server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
    const d = await (await fetch(`${env.server.url}/api/reports/${id}`)).json() as Detail;
    expect(d.document.via).toBe('manual');
    expect(new Map(d.cells.map((c) => [c.key, c.value])).get('active.licensing.decisions')).toBe(7);
    await page.close();
  }, 90_000);
});
