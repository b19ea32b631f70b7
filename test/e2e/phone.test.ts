/**
 * The dashboard on a phone (390 px wide) and the flagged-list-first order, in a real browser:
 * every page lays out within the screen (a wide table scrolls inside its own box), the menu keeps
 * all its items, the report's source text sits below its tables, and the 未报 card leads to the
 * coverage list. Screenshots go to test-output/screenshots for a person to look at.
 */
import { existsSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, screenshot } from './support/browser.ts';
import { serverAndBrowser } from './support/suite.ts';

const PAGES = [
  { path: '/', ready: '[data-testid="cards"]', name: 'overview' },
  { path: '/compare', ready: '.chart-box', name: 'compare' },
  { path: '/reports', ready: 'table', name: 'reports' },
  { path: '/compliance', ready: '[data-testid="coverage-table"]', name: 'compliance' },
  { path: '/upload', ready: 'h1', name: 'upload' },
];

/**
 * Elements whose right edge passes the viewport, ignoring those inside a scrolling box. A string,
 * not a function: the tests are type-checked without the DOM library.
 */
const OVERFLOWING = `(() => {
  const width = document.documentElement.clientWidth;
  const clipped = (e) => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return p.getBoundingClientRect().right <= width + 1;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && !clipped(e))
    .slice(0, 5)
    .map((e) => e.tagName.toLowerCase() + '.' + e.className + ' right=' + Math.round(e.getBoundingClientRect().right));
})()`;
const overflowing = (page: Page) => page.evaluate<string[]>(OVERFLOWING);
const SCROLL_WIDTH = 'document.documentElement.scrollWidth';

describe.skipIf(!existsSync(CHROMIUM))('the dashboard on a 390 px phone', () => {
  const env = serverAndBrowser({ seeds: false });
  let context: BrowserContext;

  beforeAll(async () => {
    context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  });
  afterAll(async () => {
    await context?.close();
  });

  for (const p of PAGES) {
    it(`${p.path}: nothing passes the screen's right edge`, async () => {
      const page = await context.newPage();
      await page.goto(env.server.url + p.path);
      await page.locator(p.ready).first().waitFor({ timeout: 20_000 });
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate<number>(SCROLL_WIDTH)).toBeLessThanOrEqual(390);
      expect(await overflowing(page)).toEqual([]);
      await screenshot(page, `phone-390-${p.name}`);
      await page.close();
    }, 60_000);
  }

  it('keeps every menu item on the bar', async () => {
    const page = await context.newPage();
    await page.goto(env.server.url + '/');
    const links = page.locator('nav[aria-label="主导航"] a');
    await expect.poll(() => links.count()).toBe(5);
    for (const box of await Promise.all((await links.all()).map((l) => l.boundingBox()))) {
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
    await page.close();
  }, 60_000);

  it('puts a report\'s source text below its tables, and the tables keep readable columns', async () => {
    const page = await context.newPage();
    await page.goto(env.server.url + '/reports');
    await page.locator('table a[href^="/reports/"]').first().click();
    const tables = page.locator('.template-tables');
    await tables.waitFor();
    const source = page.locator('.report-grid > .right');
    const [t, s] = [await tables.boundingBox(), await source.boundingBox()];
    expect(s!.y).toBeGreaterThan(t!.y + t!.height - 1);
    // A label column one character wide was the bug: the first row label keeps several characters a line.
    const label = await page.locator('th.rowlabel').first().boundingBox();
    expect(label!.width).toBeGreaterThan(60);
    expect(await page.evaluate<number>(SCROLL_WIDTH)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-390-report');
    await page.close();
  }, 60_000);

  it('the 未报 card leads to the coverage list, and the flag list comes before the charts', async () => {
    const page = await context.newPage();
    await page.goto(env.server.url + '/');
    await page.getByTestId('coverage-card').click();
    await page.waitForURL(/\/compliance.*#coverage$/);
    const coverage = page.locator('#coverage');
    await coverage.waitFor();
    await expect.poll(async () => {
      const box = await coverage.boundingBox();
      return box !== null && box.y < 844 && box.y + box.height > 0;
    }, { timeout: 10_000 }).toBe(true);
    const listY = (await page.getByTestId('flags-table').boundingBox())?.y;
    const chartY = (await page.locator('.chart-box').first().boundingBox())?.y;
    expect(listY).toBeDefined();
    expect(listY!).toBeLessThan(chartY!);
    await page.close();
  }, 60_000);
});
