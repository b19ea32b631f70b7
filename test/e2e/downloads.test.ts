/**
 * Downloads from the pages, in a real browser: 下载 Excel on the overview and on a report give
 * workbooks whose numbers equal the API's, and the bulk-table links download CSV.
 */
import { existsSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CELLS, getCell } from '../../shared/template.ts';
import type { Tables } from '../../shared/template.ts';
import { CHROMIUM } from './support/browser.ts';
import { serverAndBrowser } from './support/suite.ts';

/** Every number in a workbook's first sheet, as a multiset. */
async function numbersIn(path: string): Promise<number[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  const out: number[] = [];
  wb.worksheets[0]!.eachRow((row) => row.eachCell((cell) => {
    // A merged cell's other parts read as its first one: count each number once.
    if (cell.isMerged && cell.master !== cell) return;
    if (typeof cell.value === 'number') out.push(cell.value);
  }));
  return out.sort((a, b) => a - b);
}
const numbersOf = (tables: Tables) => CELLS.map((c) => getCell(tables, c)).filter((v): v is number => v !== null).sort((a, b) => a - b);

describe.skipIf(!existsSync(CHROMIUM))('downloads', () => {
  const env = serverAndBrowser({ seeds: false });

  async function download(page: Page, testid: string): Promise<{ path: string; name: string }> {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).first().click()]);
    return { path: (await d.path())!, name: d.suggestedFilename() };
  }

  it('the overview\'s Excel holds the county total the API gives', async () => {
    const ctx = await env.browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(env.server.url + '/');
    await page.getByTestId('xlsx').waitFor();
    const href = await page.getByTestId('xlsx').getAttribute('href');
    const q = new URL(href!, env.server.url).searchParams;
    const total = await (await fetch(`${env.server.url}/api/aggregates/total?${q}`)).json() as { tables: Tables };
    const file = await download(page, 'xlsx');
    expect(file.name).toMatch(/_全县汇总表\.xlsx$/);
    expect(await numbersIn(file.path)).toEqual(numbersOf(total.tables));
    const wide = await download(page, 'bulk-wide');
    expect(wide.name).toMatch(/\.csv$/);
    expect(readFileSync(wide.path, 'utf8').split('\n').length).toBeGreaterThan(5);
    await ctx.close();
  }, 60_000);

  it('a report\'s Excel holds its current values', async () => {
    const ctx = await env.browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(env.server.url + '/reports');
    await page.locator('table a[href^="/reports/"]').first().click();
    await page.getByTestId('report-xlsx').waitFor();
    const id = /\/reports\/(\d+)/.exec(page.url())![1];
    const detail = await (await fetch(`${env.server.url}/api/reports/${id}`)).json() as { tables: Tables };
    const file = await download(page, 'report-xlsx');
    expect(file.name).toMatch(/年度报告\.xlsx$/);
    expect(await numbersIn(file.path)).toEqual(numbersOf(detail.tables));
    const cells = await download(page, 'report-cells-csv');
    expect(readFileSync(cells.path, 'utf8')).toContain('requests.new.total');
    await ctx.close();
  }, 60_000);

  it('opens an organ\'s 整改通知 from 合规, prints it and downloads it as Word naming every flag', async () => {
    const ctx = await env.browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(env.server.url + '/compliance');
    const filter = page.getByTestId('organ-filter');
    await filter.waitFor();
    // A filter and the page offset are written to the URL in one handler: both must land.
    const rules = page.locator('select').filter({ has: page.locator('option', { hasText: '全部规则' }) });
    await rules.selectOption({ index: 1 });
    await page.waitForURL(/[?&]rule=/);
    await rules.selectOption({ index: 0 });
    await page.waitForURL((u) => !u.searchParams.has('rule'));
    // The first organ in the list (the one with most flags).
    const organId = await filter.locator('option').nth(1).getAttribute('value');
    await filter.selectOption(organId!);
    await page.waitForURL(new RegExp(`[?&]organ=${organId}`));
    await page.getByTestId('notice-link').click();
    const letter = page.getByTestId('notice');
    await letter.waitFor();
    const year = new URL(page.url()).searchParams.get('year');
    const flags = await (await fetch(`${env.server.url}/api/flags?organ=${organId}&year=${year}&limit=1000`)).json() as { rows: { message: string; state: string }[] };
    const open = flags.rows.filter((f) => f.state !== 'dismissed');
    expect(open.length).toBeGreaterThan(0);
    expect(await letter.locator('.item').count()).toBe(open.length);
    const shown = (await letter.textContent()) ?? '';
    for (const f of open) expect(shown).toContain(f.message);
    const word = await download(page, 'notice-docx');
    expect(word.name).toMatch(/整改通知\.docx$/);
    const text = (await mammoth.extractRawText({ path: word.path })).value;
    for (const f of open) expect(text).toContain(f.message);
    await ctx.close();
  }, 60_000);

  it('downloads every organ\'s 整改通知 of a county as one zip', async () => {
    const ctx = await env.browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(env.server.url + '/compliance');
    await page.getByTestId('notices-zip').waitFor();
    const file = await download(page, 'notices-zip');
    expect(file.name).toMatch(/整改通知（\d+个单位）\.zip$/);
    const zip = await JSZip.loadAsync(readFileSync(file.path));
    const names = Object.keys(zip.files);
    expect(names.length).toBe(Number(/（(\d+)个单位）/.exec(file.name)![1]));
    expect(names.every((n) => n.endsWith('整改通知.docx'))).toBe(true);
    await ctx.close();
  }, 60_000);
});
