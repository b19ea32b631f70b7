/**
 * Correcting a report in its own tables, in a real browser and from the keyboard: edit mode puts
 * an input in every cell, Enter moves on, Esc restores, a total that the typed numbers break turns
 * red at once (the template's relations, shared with the checks), 全为 0 fills a row's blanks, and
 * one reason saves every change as the report's corrections.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeReport } from '../../server/ingest/store.ts';
import { record } from '../support/records.ts';
import { CHROMIUM, screenshot } from './support/browser.ts';
import { serverAndBrowser } from './support/suite.ts';
import { ADMIN_TOKEN } from './support/server.ts';

const ORGAN = '青禾县试验镇人民政府';
/** Consistent, but two cells of the 新收 row are blank. */
const VALUES = {
  'requests.new.natural_person': 3, 'requests.new.total': 3, 'requests.new.commercial': null, 'requests.new.research': null,
  'requests.granted.natural_person': 3, 'requests.granted.total': 3,
  'requests.processed_total.natural_person': 3, 'requests.processed_total.total': 3,
};

interface Detail { cells: { key: string; value: number | null; corrected: unknown }[] }

describe.skipIf(!existsSync(CHROMIUM))('correcting cells in place', () => {
  const env = serverAndBrowser({
      seeds: false, demo: false,
      async prepare(db) {
        const text = `${ORGAN}2025年政府信息公开工作年度报告\n`;
        const bytes = Buffer.from(text);
        const stored = await storeReport(db, {
          fileName: 'edit.txt', bytes, sha256: createHash('sha256').update(bytes).digest('hex'), via: 'seed', county: '青禾县',
          document: { format: 'txt', extraction: 'utf-8', text, exactCells: false }, record: record(ORGAN, 2025, VALUES),
          review: [{ section: 'requests', row: 'new', column: 'commercial', reason: '此格位置不确定', line: 1 }],
        });
        reportId = stored.reportId!;
      },
    });
  let context: BrowserContext;
  let reportId = 0;

  beforeAll(async () => {
    context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  });
  afterAll(async () => {
    await context?.close();
  });

  const cell = (page: Page, key: string) => page.locator(`td[data-key="${key}"]`);
  const input = (page: Page, key: string) => page.locator(`input.cell-input[data-key="${key}"]`);
  // Strings, not functions: the tests are type-checked without the DOM library.
  const focusedKey = (page: Page) => page.evaluate<string | null>('document.activeElement?.getAttribute("data-key") ?? null');

  it('edits from the keyboard, checks the sums live and saves with one reason', async () => {
    const page = await context.newPage();
    await page.goto(`${env.server.url}/reports/${reportId}`);
    // Before: one cell waits for review, in the header and in the table.
    await expect.poll(() => page.locator('.report-head').textContent()).toContain('待核对 1');
    expect(await cell(page, 'requests.new.commercial').getAttribute('class')).toContain('review');
    await page.getByTestId('edit-start').click();
    // The first cell has the focus; Enter moves to the next one.
    await expect.poll(() => focusedKey(page)).toBe('active.regulations.issued');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedKey(page)).not.toBe('active.regulations.issued');

    // A typed 5 breaks the row's 总计 (3) and 办理结果总计 (3): both turn red while typing.
    await input(page, 'requests.granted.natural_person').fill('5');
    await expect.poll(() => cell(page, 'requests.granted.total').getAttribute('class')).toContain('failing');
    await expect.poll(() => cell(page, 'requests.processed_total.natural_person').getAttribute('class')).toContain('failing');
    expect(await page.getByTestId('edit-count').textContent()).toContain('1');
    await screenshot(page, 'edit-cells-failing', false);
    // Esc puts the stored value back and the red goes.
    await input(page, 'requests.granted.natural_person').press('Escape');
    await expect.poll(() => cell(page, 'requests.granted.total').getAttribute('class')).not.toContain('failing');
    expect(await input(page, 'requests.granted.natural_person').inputValue()).toBe('3');

    // Not a number: refused in place, nothing can be saved.
    await input(page, 'requests.carried_over.total').fill('十二');
    await expect.poll(() => cell(page, 'requests.carried_over.total').getAttribute('class')).toContain('invalid');
    expect(await page.getByTestId('edit-save').isDisabled()).toBe(true);
    await input(page, 'requests.carried_over.total').press('Escape');

    // 全为 0 fills the 新收 row's two blanks and leaves its numbers alone.
    await page.getByTestId('zero-row-requests.new.natural_person').click();
    expect(await input(page, 'requests.new.commercial').inputValue()).toBe('0');
    expect(await input(page, 'requests.new.research').inputValue()).toBe('0');
    expect(await input(page, 'requests.new.natural_person').inputValue()).toBe('3');
    expect(await page.getByTestId('edit-count').textContent()).toContain('2');

    await page.getByTestId('edit-save').click();
    await page.getByTestId('reason-input').fill('核对原件：空白格应为 0');
    await page.keyboard.press('Enter');
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    await page.getByTestId('edit-start').waitFor({ timeout: 15_000 });

    const detail = await page.evaluate(async (id) => (await fetch(`/api/reports/${id}`)).json(), reportId) as Detail;
    const byKey = new Map(detail.cells.map((c) => [c.key, c]));
    expect(byKey.get('requests.new.commercial')?.value).toBe(0);
    expect(byKey.get('requests.new.research')?.value).toBe(0);
    expect(byKey.get('requests.new.commercial')?.corrected).toBeTruthy();
    expect(byKey.get('requests.granted.natural_person')?.value).toBe(3);
    expect(await cell(page, 'requests.new.commercial').getAttribute('class')).toContain('corrected');
    // Corrected, the cell no longer waits for review: the header and the cell agree.
    expect(await cell(page, 'requests.new.commercial').getAttribute('class')).not.toContain('review');
    expect(await page.locator('.report-head').textContent()).not.toContain('待核对');
    expect(await page.locator('.report-head').textContent()).toContain('已更正 2');
    await page.close();
  }, 90_000);

  it('opens a cell\'s panel beside the tables, in view, from the keyboard', async () => {
    const page = await context.newPage();
    await page.goto(`${env.server.url}/reports/${reportId}`);
    const target = cell(page, 'appeals.litigation_after_review.total');
    await target.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('cell-panel');
    await panel.waitFor();
    const box = await panel.boundingBox();
    expect(box!.y).toBeLessThan(900);
    expect(box!.y + 40).toBeGreaterThan(0);
    await page.close();
  }, 60_000);
});
