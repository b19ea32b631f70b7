/**
 * 正文与上年对比, in a real browser: a report flagged 与上年重复 opens beside the organ's previous
 * report with the repeated sentences highlighted and the same share the flag names; a report with
 * no earlier year says so.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, screenshot } from './support/browser.ts';
import { serverAndBrowser } from './support/suite.ts';

interface FlagRow { reportId: number; rule: string; message: string }

describe.skipIf(!existsSync(CHROMIUM))('year-on-year text comparison', () => {
  const env = serverAndBrowser({ seeds: false });

  it('shows a copied report beside its previous year, repeated sentences highlighted', async () => {
    const flags = await (await fetch(`${env.server.url}/api/flags?rule=copy.previous_year&limit=1`)).json() as { rows: FlagRow[] };
    const flag = flags.rows[0];
    expect(flag, 'the demo county has a report copied from its previous year').toBeDefined();
    const share = Number(/有 (\d+)%/.exec(flag!.message)?.[1]);
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${env.server.url}/reports/${flag!.reportId}`);
    await page.getByTestId('year-diff').click();
    const summary = page.getByTestId('diff-summary');
    await summary.waitFor();
    const shown = Number(/(\d+(?:\.\d+)?)%/.exec((await summary.textContent()) ?? '')?.[1]);
    // Sentence matching and the check's shingles measure differently, but both say "more than half".
    expect(shown).toBeGreaterThan(50);
    expect(share).toBeGreaterThan(50);
    expect(await page.locator('table.diff tr.same, table.diff tr.numbers').count()).toBeGreaterThan(0);
    await screenshot(page, 'year-diff');
    await page.close();
  }, 60_000);

  it('says when there is no earlier report', async () => {
    const list = await (await fetch(`${env.server.url}/api/reports?limit=500`)).json() as { rows: { id: number; year: number }[] };
    const first = list.rows.reduce((a, b) => (b.year < a.year ? b : a));
    const page = await env.browser.newPage();
    await page.goto(`${env.server.url}/reports/${first.id}/diff`);
    await page.getByTestId('no-previous').waitFor();
    await page.close();
  }, 60_000);
});
