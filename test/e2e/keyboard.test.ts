/**
 * Decisions and uploads from the keyboard, in a real browser: a flag is confirmed through the
 * page's own reason dialog (no browser prompt() box), which refuses an empty reason, saves on
 * Enter and cancels on Esc; the upload drop zone is reached with Tab.
 */
import { existsSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './support/browser.ts';
import { serverAndBrowser } from './support/suite.ts';
import { ADMIN_TOKEN } from './support/server.ts';

describe.skipIf(!existsSync(CHROMIUM))('keyboard and dialogs', () => {
  const env = serverAndBrowser({ seeds: false });
  let context: BrowserContext;
  const nativeDialogs: string[] = [];

  beforeAll(async () => {
    context = await env.browser.newContext({ viewport: { width: 1366, height: 768 } });
    context.on('dialog', (d) => { nativeDialogs.push(d.message()); void d.dismiss(); });
  });
  afterAll(async () => {
    await context?.close();
  });

  it('confirms a flag with a reason typed in the page\'s dialog', async () => {
    const page = await context.newPage();
    await page.goto(env.server.url + '/compliance');
    const table = page.getByTestId('flags-table');
    await table.locator('tbody tr').first().waitFor();
    const row = table.locator('tbody tr').filter({ has: page.getByRole('button', { name: '确认' }) }).first();
    const message = (await row.locator('td.msg').textContent())?.trim() ?? '';

    // Esc cancels: nothing is decided.
    await row.getByRole('button', { name: '确认' }).click();
    const dialog = page.getByTestId('reason-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(message.slice(0, 10));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.getByRole('button', { name: '确认' }).count()).toBe(1);

    // An empty reason is refused in place; Enter saves a typed one.
    const open = await table.getByRole('button', { name: '确认' }).count();
    await row.getByRole('button', { name: '确认' }).click();
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.locator('.warn').textContent()).toContain('请写明理由');
    await page.keyboard.type('已核对原件');
    await page.keyboard.press('Enter');
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    // The confirmed flag leaves the 待处理 list, and the server keeps the reason.
    await expect.poll(() => table.getByRole('button', { name: '确认' }).count(), { timeout: 10_000 }).toBe(open - 1);
    const confirmed = await page.evaluate(async () => (await fetch('/api/flags?state=confirmed')).json()) as { rows: { decision: { reason: string } | null }[] };
    expect(confirmed.rows.map((f) => f.decision?.reason)).toContain('已核对原件');
    expect(nativeDialogs).toEqual([]);
    await page.close();
  }, 60_000);

  it('dismisses several ticked flags with one reason', async () => {
    const page = await context.newPage();
    await page.goto(env.server.url + '/compliance');
    const table = page.getByTestId('flags-table');
    await table.locator('tbody tr').first().waitFor();
    const open = await table.getByTestId('pick').count();
    expect(open).toBeGreaterThanOrEqual(2);
    await table.getByTestId('pick').nth(0).check();
    await table.getByTestId('pick').nth(1).check();
    expect(await page.getByTestId('bulk-bar').textContent()).toContain('已选 2 项');
    await page.getByTestId('bulk-dismiss').click();
    await page.getByTestId('reason-input').fill('两项均已核对原件');
    await page.keyboard.press('Enter');
    const token = page.getByTestId('token-input');
    if (await token.isVisible().catch(() => false)) { await token.fill(ADMIN_TOKEN); await page.keyboard.press('Enter'); }
    await expect.poll(() => table.getByTestId('pick').count(), { timeout: 10_000 }).toBe(open - 2);
    const dismissed = await page.evaluate(async () => (await fetch('/api/flags?state=dismissed')).json()) as { rows: { decision: { reason: string } | null }[] };
    expect(dismissed.rows.filter((f) => f.decision?.reason === '两项均已核对原件')).toHaveLength(2);
    await page.close();
  }, 60_000);

  it('reaches the upload drop zone with Tab', async () => {
    const page = await context.newPage();
    await page.goto(env.server.url + '/upload');
    await page.getByTestId('dropzone').waitFor();
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      // A string, not a function: the tests are type-checked without the DOM library.
      reached = await page.evaluate<boolean>('document.activeElement?.getAttribute("data-testid") === "file-input"');
    }
    expect(reached).toBe(true);
    // The zone shows that it has the focus.
    const shadow = await page.getByTestId('dropzone').evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).boxShadow);
    expect(shadow).not.toBe('none');
    await page.close();
  }, 60_000);
});
