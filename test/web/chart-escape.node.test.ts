/**
 * Text from reports (organ names above all: they come from a report's title) never reaches a
 * chart's tooltip HTML unescaped. Every builder is fed a payload in every name it draws, and
 * every tooltip formatter is called with it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appealsOption } from '../../web/src/charts/appeals.ts';
import { categoryBarsOption, groupedBarsOption, organBarsOption } from '../../web/src/charts/bars.ts';
import { html } from '../../web/src/charts/escape.ts';
import { flagsByOrganOption, flagsByRuleOption } from '../../web/src/charts/flags.ts';
import { heatmapOption } from '../../web/src/charts/heatmap.ts';
import { outcomeOption } from '../../web/src/charts/outcomes.ts';
import { trendOption } from '../../web/src/charts/trend.ts';
import type { ECOption } from '../../web/src/charts/echarts.ts';

const PAYLOAD = '青禾县<img/src/onerror=alert(1)>乡人民政府';
const ESCAPED = '青禾县&lt;img/src/onerror=alert(1)&gt;乡人民政府';

/** The options a page can draw, each with the payload wherever report text goes. */
function options(): [string, ECOption][] {
  const severity = { error: '错误', warning: '警告', info: '提示' } as const;
  return [
    ['heatmap', heatmapOption(['2023年', PAYLOAD], [PAYLOAD, '甲镇'], [{ x: PAYLOAD, y: PAYLOAD, value: 3 }, { x: '2023年', y: '甲镇', value: 1 }])],
    ['heatmap with x labels', heatmapOption(['r1'], [PAYLOAD], [{ x: 'r1', y: PAYLOAD, value: 2 }], undefined, () => PAYLOAD)],
    ['organ bars', organBarsOption([{ name: PAYLOAD, value: 4 }], PAYLOAD)],
    ['category bars', categoryBarsOption([{ name: PAYLOAD, value: 4 }], PAYLOAD)],
    ['grouped bars', groupedBarsOption([{ name: PAYLOAD, '2024': 2 }], [2024])],
    ['trend', trendOption([{ year: 2024, a: 1 }], [{ id: 'a', label: PAYLOAD }])],
    ['outcomes', outcomeOption([{ key: 'granted', name: PAYLOAD, value: 3 }])],
    ['appeals', appealsOption({ 'appeals.review.upheld': 1 })],
    ['flags by rule', flagsByRuleOption([{ rule: 'x', title: PAYLOAD, severity: 'error', count: 2 }])],
    ['flags by organ', flagsByOrganOption([{ organ: PAYLOAD, error: 1, warning: 0, info: 0 }], severity)],
  ];
}

/** What ECharts hands a formatter, with the payload in every text field and every dataset column. */
function params(o: ECOption): Record<string, unknown> {
  const dims = ((o.dataset as { dimensions?: string[] } | undefined)?.dimensions ?? ['name', 'value']);
  const row = Object.fromEntries(dims.map((d) => [d, d === 'value' || d === 'count' ? 3 : PAYLOAD]));
  return {
    componentType: 'series', seriesType: 'bar', seriesIndex: 0, seriesName: PAYLOAD, name: PAYLOAD, dataIndex: 0,
    data: row, value: row, encode: {}, dimensionNames: dims, color: '#000', percent: 50, axisValue: PAYLOAD, axisValueLabel: PAYLOAD,
    marker: '', $vars: ['seriesName', 'name', 'value'],
  };
}

describe('chart tooltips escape text from reports', () => {
  it('the one helper escapes what it interpolates and keeps its own markup', () => {
    expect(html`${PAYLOAD}<br/>${'a&b'}：${3}`).toBe(`${ESCAPED}<br/>a&amp;b：3`);
    expect(html`${null}|${undefined}`).toBe('|');
  });

  it('every tooltip formatter is a function built on the helper, and its HTML holds no markup from the data', () => {
    for (const [name, o] of options()) {
      const tooltip = o.tooltip as { formatter?: unknown } | undefined;
      const formatter = tooltip?.formatter;
      // A string template is escaped by ECharts only for {a}…{g}; `{@dim}` is not: use functions.
      expect(typeof formatter === 'string', `${name}: string tooltip template`).toBe(false);
      if (typeof formatter !== 'function') continue; // ECharts' default tooltip escapes names itself
      const p = params(o);
      for (const arg of [p, [p]]) {
        let out: string;
        try {
          out = String((formatter as (p: unknown) => unknown)(arg));
        } catch {
          continue; // a formatter for item params given axis params (or the reverse)
        }
        expect(out, name).not.toContain('<img');
        expect(out, name).not.toMatch(/onerror=[^<]*>/);
      }
    }
  });

  it('the heatmap tooltip (合规 单位×规则, 乡镇对比 热力图) shows the organ name escaped', () => {
    const o = heatmapOption(['2024年'], [PAYLOAD], [{ x: '2024年', y: PAYLOAD, value: 5 }]);
    const f = (o.tooltip as { formatter: (p: unknown) => string }).formatter;
    const out = f({ value: { x: '2024年', y: PAYLOAD, value: 5 } });
    expect(out).toContain(ESCAPED);
    expect(out).not.toContain('<img');
  });

  it('no page or component writes HTML from data (no v-html, innerHTML, insertAdjacentHTML, document.write) or uses inline handlers', () => {
    const root = join(import.meta.dirname, '..', '..', 'web', 'src');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.(ts|vue)$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8');
      expect(text, f).not.toMatch(/v-html|innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
      // The Content-Security-Policy refuses inline handlers (onclick="…"): listeners are Vue's @click.
      expect(text, f).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    }
  });
});
