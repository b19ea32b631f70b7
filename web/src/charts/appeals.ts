import type { ECOption } from './echarts.ts';
import { BASE } from './common.ts';
import { APPEAL_KINDS, APPEAL_RESULTS } from './categories.ts';
import { APPEAL_COLORS } from './colors.ts';

/** Reviews and lawsuits by result: one stacked bar per kind, results in their fixed colours. */
export function appealsOption(values: Record<string, number | null>): ECOption {
  const source = APPEAL_KINDS.map((k) => {
    const row: Record<string, string | number | null> = { kind: k.label };
    for (const r of APPEAL_RESULTS) row[r.key] = values[`appeals.${k.key}.${r.key}`] ?? null;
    return row;
  });
  return {
    ...BASE,
    tooltip: { ...BASE.tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 30, bottom: 8, containLabel: true },
    dataset: { dimensions: ['kind', ...APPEAL_RESULTS.map((r) => r.key)], source },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true },
    series: APPEAL_RESULTS.map((r) => ({
      type: 'bar' as const, name: r.label, stack: 'result', encode: { x: r.key, y: 'kind' },
      itemStyle: { color: APPEAL_COLORS[r.key] }, barMaxWidth: 22,
      label: { show: true, fontSize: 11, formatter: (p: { value: unknown; encode?: { x?: number[] }; dimensionNames?: string[] }) => labelOf(p) },
    })),
  };
}

/** Hide zero and blank segment labels so small bars stay readable. */
function labelOf(p: { value: unknown; encode?: { x?: number[] }; dimensionNames?: string[] }): string {
  const idx = p.encode?.x?.[0];
  const name = idx === undefined ? undefined : p.dimensionNames?.[idx];
  const v = name && p.value && typeof p.value === 'object' ? (p.value as Record<string, unknown>)[name] : null;
  return typeof v === 'number' && v > 0 ? String(v) : '';
}
