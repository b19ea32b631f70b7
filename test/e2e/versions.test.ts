/**
 * Versions in a real browser: the report page lists every version of its organ-year, a wrong
 * upload is deleted with a reason (kept, shown in the history), an earlier version is put back in
 * force, and a report whose county is unknown is moved to a county — each from the 版本 panel;
 * the banner for unknown-county reports; undoing a correction and a decision; importing the
 * organ registry from the upload page; and moving a misfiled report to the organ it belongs to.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ensureWebBuilt } from '../../scripts/lib/web-build.ts';
import { storeReport } from '../../server/ingest/store.ts';
import { record } from '../support/records.ts';
import { CHROMIUM, SCREENSHOT_DIR, launch, screenshot } from './support/browser.ts';
import { ADMIN_TOKEN, startServer } from './support/server.ts';
import { serverAndBrowser } from './support/suite.ts';
import type { E2eServer } from './support/server.ts';

const ORGAN = '青禾县版本镇人民政府';
const values = (n: number) => ({
  'requests.new.natural_person': n, 'requests.new.total': n, 'requests.granted.natural_person': n, 'requests.granted.total': n,
  'requests.processed_total.natural_person': n, 'requests.processed_total.total': n,
});

async function store(
  db: Kysely<Database>, organ: string, n: number, county: string | undefined, name: string, extra: Record<string, number> = {},
): Promise<number> {
  const text = `${organ}2025年政府信息公开工作年度报告\n${name}\n`;
  const bytes = Buffer.from(text);
  const r = await storeReport(db, {
    fileName: name, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), via: 'seed', county,
    document: { format: 'txt', extraction: 'utf-8', text, exactCells: false }, record: record(organ, 2025, { ...values(n), ...extra }), review: [],
  });
  return r.reportId!;
}

describe.skipIf(!existsSync(CHROMIUM))('report versions', () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  const ids = { v1: 0, v2: 0, v3: 0, unknown: 0, unknown2: 0, flagged: 0, eduA: 0, eduB: 0 };

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer({
      seeds: false, demo: false,
      async prepare(db) {
        ids.v1 = await store(db, ORGAN, 1, '青禾县', 'v1.txt');
        ids.v2 = await store(db, ORGAN, 2, '青禾县', 'v2.txt');
        ids.v3 = await store(db, ORGAN, 3, '青禾县', 'v3.txt');
        ids.unknown = await store(db, '白鹭镇人民政府', 4, undefined, 'nocounty.txt');
        ids.unknown2 = await store(db, '红石镇人民政府', 5, undefined, 'nocounty2.txt');
        // 新收 6 but 办理 only 3: an arithmetic flag to decide and undo.
        ids.eduA = await store(db, '青禾县教育局', 1, '青禾县', 'edu-a.txt');
        ids.eduB = await store(db, '青禾县教育和体育局', 2, '青禾县', 'edu-b.txt');
        ids.flagged = await store(db, '青禾县撤销镇人民政府', 3, '青禾县', 'flagged.txt', { 'requests.new.total': 6, 'requests.new.natural_person': 6 });
      },
    });
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.addInitScript(`localStorage.setItem('nianbao.adminToken', ${JSON.stringify(ADMIN_TOKEN)})`);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const row = (page: Page, id: number) => page.locator(`[data-testid=version-list] tr[data-version="${id}"]`);
  async function giveReason(page: Page, reason: string) {
    await page.getByTestId('reason-input').fill(reason);
    await page.getByTestId('reason-submit').click();
  }

  it('lists every version, deletes a wrong upload with a reason, and puts an earlier version back in force', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/reports/${ids.v3}`);
    await page.getByTestId('version-list').waitFor();
    expect(await page.locator('[data-testid=version-list] tbody tr').count()).toBe(3);
    expect(await row(page, ids.v3).getAttribute('data-state')).toBe('in_force');
    expect(await row(page, ids.v3).textContent()).toContain('（本版）');
    expect(await row(page, ids.v1).getAttribute('data-state')).toBe('replaced');

    await page.getByTestId('delete-report').click();
    // The dialog says beforehand which version comes back in force, the result says it after.
    expect(await page.getByTestId('reason-dialog').textContent()).toContain('删除后，第 2 版（v2.txt）将恢复为现行版本。');
    await giveReason(page, '上传错了文件');
    await expect.poll(() => row(page, ids.v3).getAttribute('data-state')).toBe('deleted');
    expect(await page.getByTestId('version-done').textContent()).toContain('已删除；第 2 版（v2.txt）恢复为现行版本。');
    expect(await row(page, ids.v2).getAttribute('data-state')).toBe('in_force');
    expect(await row(page, ids.v2).textContent()).toContain('恢复为现行（第 3 版删除后）：上传错了文件');
    expect(await row(page, ids.v3).textContent()).toContain('删除：上传错了文件');

    await row(page, ids.v1).getByTestId('make-current').click();
    await giveReason(page, '第一版才是正式发布的');
    await expect.poll(() => row(page, ids.v1).getAttribute('data-state')).toBe('in_force');
    expect(await row(page, ids.v1).textContent()).toContain('恢复为现行：第一版才是正式发布的');
    expect(await row(page, ids.v3).getAttribute('data-state')).toBe('deleted');
    await screenshot(page, 'versions-1366');

    // The version in force is v1 for the API too.
    const detail = await (await fetch(`${server.url}/api/reports/${ids.v1}`)).json() as { report: { current: boolean; deletedAt: string | null } };
    expect(detail.report).toMatchObject({ current: true, deletedAt: null });
    await page.close();
  }, 90_000);

  it('moves a report whose county is unknown to a county', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/reports/${ids.unknown}`);
    await page.getByTestId('county-unknown').waitFor();
    const select = page.getByTestId('move-county');
    await select.focus();
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1);
    await select.selectOption({ label: '青禾县' });
    await page.getByTestId('move-submit').click();
    await giveReason(page, '电话核实属青禾县');
    await page.getByTestId('version-done').waitFor();
    await expect.poll(() => page.getByTestId('county-unknown').count()).toBe(0);
    expect(await page.locator('.report-head').textContent()).toContain('青禾县');
    await page.close();
  }, 90_000);

  it('总览 and 报告 show a banner for reports whose county is unknown, linking to a list with one-click assign', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/?year=2025`);
    const banner = page.getByTestId('unknown-county-banner');
    await banner.waitFor();
    // The first test of this file moved one of the two already.
    expect((await banner.textContent())?.trim()).toMatch(/^1 份报告县区未知/);
    await banner.locator('a').click();
    await page.getByTestId('unknown-county-list').waitFor();
    const rows = page.locator('[data-testid=reports-table] tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('红石镇');
    await rows.first().getByTestId('assign-county').selectOption({ label: '青禾县' });
    await rows.first().getByTestId('assign-submit').click();
    await page.getByTestId('assign-done').waitFor();
    await expect.poll(() => rows.count()).toBe(0);
    await screenshot(page, 'unknown-county-assigned-1366');

    const detail = await (await fetch(`${server.url}/api/reports/${ids.unknown2}`)).json() as { report: { county: string | null }; history: { actions: { action: string; reason: string }[] }[] };
    expect(detail.report.county).toBe('青禾县');
    expect(detail.history[0]!.actions[0]).toMatchObject({ action: 'move', reason: '县区未知，指定为青禾县' });
    // No banner once none is left, on 报告 either.
    await page.goto(`${server.url}/reports?year=2025`);
    await page.getByTestId('reports-table').waitFor();
    expect(await page.getByTestId('unknown-county-banner').count()).toBe(0);
    await page.close();
  }, 90_000);

  it('undoes a correction from the cell panel and a decision from the flag list', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/reports/${ids.flagged}`);
    const key = 'requests.new.total';
    await page.locator(`td[data-key="${key}"]`).first().click();
    await page.getByTestId('cell-panel').waitFor();
    expect((await page.getByTestId('cell-value').textContent())?.trim()).toBe('6');
    await page.getByTestId('correct-value').fill('9');
    await page.getByTestId('correct-reason').fill('原件为9');
    await page.getByTestId('correct-submit').click();
    await expect.poll(async () => (await page.getByTestId('cell-value').textContent())?.trim()).toBe('9');
    const flags = page.locator('[data-testid=report-flags] tbody tr');
    await expect.poll(() => flags.count()).toBeGreaterThan(0);

    await page.getByTestId('undo-correction').click();
    await giveReason(page, '更正错了');
    await expect.poll(async () => (await page.getByTestId('cell-value').textContent())?.trim()).toBe('6');
    const history = page.locator('[data-testid=correction-history] tbody tr');
    expect(await history.count()).toBe(3); // the correction, its undo, and the parsed value
    expect(await history.first().textContent()).toContain('撤销更正（原更正为 9：原件为9）：更正错了');
    await screenshot(page, 'undo-correction-1366');

    // Decide the first flag, then undo the decision: it is open again.
    const first = flags.first();
    await first.getByRole('button', { name: '排除' }).click();
    await giveReason(page, '原件如此');
    await first.getByTestId('undo-decision').waitFor();
    expect(await first.textContent()).toContain('原件如此');
    await first.getByTestId('undo-decision').click();
    await giveReason(page, '排除错了');
    await first.getByRole('button', { name: '确认' }).waitFor();
    expect(await first.getByTestId('undo-decision').count()).toBe(0);
    const flagsNow = await (await fetch(`${server.url}/api/flags?state=open`)).json() as { rows: { reportId: number | null }[] };
    expect(flagsNow.rows.some((f) => f.reportId === ids.flagged)).toBe(true);
    await page.close();
  }, 90_000);

  it('imports the organ registry from the upload page', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/upload`);
    await page.locator('[data-testid=registry-import] summary').click();
    const csv = '县区,机关名称,类型,别名\n青禾县,名录镇人民政府,乡镇,名录镇\n青禾县,名录局,部门,\n,无县区,部门,\n';
    await page.getByTestId('registry-file').setInputFiles({ name: '名录.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('registry-submit').click();
    await page.getByTestId('registry-result').waitFor();
    expect(await page.getByTestId('registry-result').textContent()).toContain('新增 2 个');
    expect(await page.getByTestId('registry-problems').textContent()).toContain('第 4 行未导入');
    const organs = await (await fetch(`${server.url}/api/organs?q=${encodeURIComponent('名录镇')}`)).json() as { rows: { inRegistry: boolean }[] };
    expect(organs.rows).toEqual([expect.objectContaining({ inRegistry: true })]);
    await page.close();
  }, 90_000);

  it('merges two organs that are one from the organ header of 报告', async () => {
    const organOf = async (id: number) => ((await (await fetch(`${server.url}/api/reports/${id}`)).json()) as { report: { organId: number; organ: string } }).report;
    const [a, b] = [await organOf(ids.eduA), await organOf(ids.eduB)];
    expect(a.organId).not.toBe(b.organId);
    const page = await context.newPage();
    await page.goto(`${server.url}/reports?organ=${b.organId}`);
    await page.getByTestId('organ-head').waitFor();
    const select = page.getByTestId('merge-into');
    await select.focus();
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(1);
    await select.selectOption({ label: a.organ });
    await page.getByTestId('merge-submit').click();
    await giveReason(page, '同一机关的两种写法');
    await expect.poll(() => new URL(page.url()).searchParams.get('organ')).toBe(String(a.organId));
    // Both were 2025 reports: the newer upload is in force, the other its earlier version.
    await expect.poll(() => page.locator('[data-testid=reports-table] tbody tr').count()).toBe(1);
    expect((await organOf(ids.eduB)).organId).toBe(a.organId);
    const detail = await (await fetch(`${server.url}/api/reports/${ids.eduB}`)).json() as { history: { id: number; state: string }[] };
    expect(detail.history.map((h) => [h.id, h.state])).toEqual([[ids.eduB, 'in_force'], [ids.eduA, 'replaced']]);
    await page.close();
  }, 90_000);

  it('the 版本 panel fits a 390 px phone (its table scrolls inside its box)', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await phone.newPage();
    await page.goto(`${server.url}/reports/${ids.v2}`);
    await page.getByTestId('version-list').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'versions-390', false);
    await phone.close();
  }, 90_000);
});

describe.skipIf(!existsSync(CHROMIUM))('moving a report to another organ', () => {
  const ids = { jia1: 0, yi: 0, misfiled: 0 };
  const suite = serverAndBrowser({
    seeds: false, demo: false,
    async prepare(db) {
      ids.jia1 = await store(db, '青禾县甲镇人民政府', 1, '青禾县', 'jia-1.txt');
      ids.yi = await store(db, '青禾县乙镇人民政府', 2, '青禾县', 'yi-1.txt');
      // 乙镇's corrected report, filed under 甲镇 (its title named the wrong town): newer than both.
      ids.misfiled = await store(db, '青禾县甲镇人民政府', 7, '青禾县', 'yi-2.txt');
    },
  });
  const api = async <T>(path: string) => (await (await fetch(`${suite.server.url}${path}`)).json()) as T;

  it('moves it from the 版本 panel to the organ chosen from the county\'s organs, where it is in force; 甲镇 gets its first version back', async () => {
    const yi = (await api<{ report: { organId: number; organ: string } }>(`/api/reports/${ids.yi}`)).report;
    const context = await suite.browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(`localStorage.setItem('nianbao.adminToken', ${JSON.stringify(ADMIN_TOKEN)})`);
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/reports/${ids.misfiled}`);
    await page.getByTestId('version-list').waitFor();
    expect(await page.locator('.report-head').textContent()).toContain('甲镇');
    const select = page.getByTestId('move-organ');
    await select.focus();
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(2);
    // Its own organ is listed but cannot be chosen.
    expect(await select.locator('option', { hasText: '甲镇' }).isDisabled()).toBe(true);
    await select.selectOption({ label: yi.organ });
    await page.getByTestId('move-organ-submit').click();
    const dialog = page.getByTestId('reason-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toContain('本报告上传较晚，将成为现行版本');
    expect(await dialog.textContent()).toContain('移走后，甲镇的第 1 版（jia-1.txt）将恢复为现行版本。');
    await screenshot(page, 'versions-move-organ-dialog-1440');
    await page.getByTestId('reason-input').fill('报告属乙镇，标题写错');
    await page.getByTestId('reason-submit').click();
    await page.getByTestId('version-done').waitFor();
    const done = await page.getByTestId('version-done').textContent();
    expect(done).toContain(`已移到${yi.organ}。`);
    expect(done).toContain('甲镇 2025 年的第 1 版（jia-1.txt）恢复为现行版本。');
    // The page shows it under its new organ, with 乙镇's earlier report as its history.
    await expect.poll(() => page.locator('.report-head').textContent()).toContain(yi.organ);
    const rows = page.locator('[data-testid=version-list] tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.locator(`[data-testid=version-list] tr[data-version="${ids.misfiled}"]`).getAttribute('data-state')).toBe('in_force');
    expect(await page.locator(`[data-testid=version-list] tr[data-version="${ids.yi}"]`).getAttribute('data-state')).toBe('replaced');
    expect(await rows.first().textContent()).toContain(`从甲镇移到${yi.organ}：报告属乙镇，标题写错`);
    await screenshot(page, 'versions-moved-1440');
    await page.getByTestId('versions').screenshot({ path: join(SCREENSHOT_DIR, 'versions-panel-1440.png') });
    // The lists agree: 乙镇 2025 is the moved report, 甲镇 2025 its first version again.
    const listed = await api<{ rows: { id: number }[] }>(`/api/reports?organ=${yi.organId}&year=2025`);
    expect(listed.rows.map((r) => r.id)).toEqual([ids.misfiled]);
    const jia = await api<{ report: { current: boolean; deletedAt: string | null } }>(`/api/reports/${ids.jia1}`);
    expect(jia.report).toMatchObject({ current: true, deletedAt: null });
    await context.close();

    const phone = await suite.browser.newContext({ viewport: { width: 390, height: 844 } });
    const small = await phone.newPage();
    await small.goto(`${suite.server.url}/reports/${ids.misfiled}`);
    await small.getByTestId('version-list').waitFor();
    expect(await small.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(small, 'versions-moved-390');
    await small.getByTestId('versions').screenshot({ path: join(SCREENSHOT_DIR, 'versions-panel-390.png') });
    await phone.close();
  }, 90_000);
});
