import type { ECOption } from './echarts.ts';
import { BASE, shortName } from './common.ts';
import { PRIMARY, SERIES_PALETTE } from './colors.ts';

export interface NamedValue {
  name: string;
  value: number | null;
}

/**
 * One value per organ as horizontal bars, largest on top. Organs with a blank value stay in
 * the list (an empty bar) so a missing number is visible rather than hidden.
 */
export function organBarsOption(rows: readonly NamedValue[], seriesName: string, color = PRIMARY): ECOption {
  const sorted = [...rows].sort((a, b) => (a.value ?? -1) - (b.value ?? -1));
  return {
    ...BASE,
    tooltip: { ...BASE.tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    dataset: { dimensions: ['name', 'value'], source: sorted.map((r) => ({ name: r.name, value: r.value })) },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', axisLabel: { formatter: (v: string) => shortName(v, 9), fontSize: 11 } },
    series: [{
      type: 'bar', name: seriesName, encode: { x: 'value', y: 'name' }, itemStyle: { color },
      label: { show: true, position: 'right', fontSize: 11 }, barMaxWidth: 18,
    }],
  };
}

/** Categories (applicant types) as vertical bars, one colour each. */
export function categoryBarsOption(rows: readonly NamedValue[], seriesName: string, colors: readonly string[] = SERIES_PALETTE): ECOption {
  return {
    ...BASE,
    tooltip: { ...BASE.tooltip, trigger: 'item' },
    grid: { left: 8, right: 8, top: 20, bottom: 8, containLabel: true },
    dataset: { dimensions: ['name', 'value'], source: rows.map((r) => ({ name: r.name, value: r.value })) },
    xAxis: { type: 'category', axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{
      type: 'bar', name: seriesName, encode: { x: 'name', y: 'value' }, barMaxWidth: 36,
      colorBy: 'data', color: [...colors], label: { show: true, position: 'top', fontSize: 11 },
    }],
  };
}

/**
 * Organ × year grouped bars: one series per year, organs along the axis.
 * `rows` are `{name, [year]: value}`.
 */
export function groupedBarsOption(rows: readonly Record<string, string | number | null>[], years: readonly number[]): ECOption {
  return {
    ...BASE,
    color: [...SERIES_PALETTE],
    tooltip: { ...BASE.tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 30, bottom: 8, containLabel: true },
    dataset: { dimensions: ['name', ...years.map(String)], source: rows.map((r) => ({ ...r })) },
    xAxis: { type: 'category', axisLabel: { interval: 0, rotate: rows.length > 8 ? 35 : 0, fontSize: 11, formatter: (v: string) => shortName(v, 7) } },
    yAxis: { type: 'value' },
    series: years.map((y) => ({ type: 'bar' as const, name: `${y}年`, encode: { x: 'name', y: String(y) }, barMaxWidth: 16 })),
  };
}
