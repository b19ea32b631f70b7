import type { ECOption } from './echarts.ts';
import { BASE } from './common.ts';
import { OUTCOME_CATEGORIES } from './categories.ts';
import type { OutcomeCategory } from './categories.ts';
import { OUTCOME_COLORS } from './colors.ts';
import { html } from './escape.ts';

/** Request outcomes by category, from metric values (cell keys and the derived sums). */
export function outcomeValues(values: Record<string, number | null>): { key: OutcomeCategory; name: string; value: number | null }[] {
  const derived: Partial<Record<OutcomeCategory, string>> = {
    granted: 'requests.granted.total',
    partial: 'requests.partially_granted.total',
    denied: 'denied',
    unable: 'unable',
    rejected: 'not_processed',
    other: 'other_handling',
  };
  return OUTCOME_CATEGORIES.map((c) => ({ key: c.key, name: c.label, value: values[derived[c.key]!] ?? null }));
}

/** The outcome breakdown as a ring; every category keeps its colour on every page. */
export function outcomeOption(rows: readonly { key: OutcomeCategory; name: string; value: number | null }[]): ECOption {
  const shown = rows.filter((r) => r.value !== null && r.value > 0);
  return {
    ...BASE,
    tooltip: { ...BASE.tooltip, trigger: 'item', formatter: (p: unknown) => sliceTip(p as { name: string; value: { value: number | null }; percent?: number }) },
    legend: { orient: 'vertical', right: 0, top: 'middle', itemWidth: 12, itemHeight: 10 },
    dataset: { dimensions: ['name', 'value'], source: shown.map((r) => ({ name: r.name, value: r.value })) },
    color: shown.map((r) => OUTCOME_COLORS[r.key]),
    series: [{
      type: 'pie', radius: ['38%', '68%'], center: ['38%', '50%'], encode: { itemName: 'name', value: 'value' },
      label: { formatter: '{@value}', fontSize: 11 }, avoidLabelOverlap: true,
    }],
  };
}

function sliceTip(p: { name: string; value: { value: number | null }; percent?: number }): string {
  return html`${p.name}：${p.value.value} 件（${p.percent}%）`;
}
