/**
 * Printing, in a real browser: a single report prints its tables without the page's controls or
 * source pane, and every printed page carries the data source, the print date and 第 N / M 页.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './support/browser.ts';
import { serverAndBrowser } from './support/suite.ts';

const canRun = existsSync(CHROMIUM) && existsSync('/usr/bin/pdftotext');

describe.skipIf(!canRun)('printing', () => {
  const env = serverAndBrowser({ seeds: false });
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'nianbao-print-')); });
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  async function printed(path: string, ready: string): Promise<string[]> {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(env.server.url + path);
    await page.locator(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    // As the browser's print dialog does: the page size and margins of the CSS @page rule.
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.close();
    const file = join(dir, `${path.replace(/\W/g, '_')}.pdf`);
    writeFileSync(file, pdf);
    // pdftotext drops the spaces between CJK and digits in the footer: compare without spaces.
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim()).map((p) => p.replace(/\s+/g, ''));
  }

  it('prints one report: tables, no controls, a footer on every page', async () => {
    const list = await env.browser.newPage();
    await list.goto(env.server.url + '/reports');
    const href = await list.locator('table a[href^="/reports/"]').first().getAttribute('href');
    await list.close();
    const pages = await printed(href!, '.template-tables');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const all = pages.join('\n');
    expect(all).toContain('三、收到和处理政府信息公开申请情况');
    expect(all).toContain('行政事业性收费');
    expect(all).not.toContain('原文（提取的文字）');
    expect(all).not.toContain('在表中更正');
    expect(all).not.toContain('打印本报告');
    const today = new Date();
    const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    pages.forEach((p, i) => {
      expect(p, `page ${i + 1}`).toContain(`第${i + 1}/${pages.length}页`);
      expect(p, `page ${i + 1}`).toContain('数据来源');
      expect(p, `page ${i + 1}`).toContain(date);
    });
  }, 90_000);

  it('prints the overview with the same footer', async () => {
    const pages = await printed('/', '[data-testid="cards"]');
    expect(pages[0]).toMatch(/第1\/\d+页/);
    expect(pages[0]).toContain('总览');
  }, 90_000);
});
