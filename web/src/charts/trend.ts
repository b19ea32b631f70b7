import type { ECOption } from './echarts.ts';
import { BASE } from './common.ts';
import { PRIMARY, SERIES_PALETTE } from './colors.ts';

export interface TrendSeries {
  id: string;
  label: string;
}

/**
 * Metrics over the years, one line per metric. Rows are `{year, <id>: value}`; a blank year is
 * a gap in the line, never a dip to 0.
 */
export function trendOption(rows: readonly ({ year: number } & Record<string, number | null>)[], series: readonly TrendSeries[]): ECOption {
  return {
    ...BASE,
    color: [PRIMARY, ...SERIES_PALETTE.slice(1)],
    tooltip: { ...BASE.tooltip, trigger: 'axis' },
    legend: series.length > 1 ? { top: 0 } : { show: false },
    grid: { left: 8, right: 24, top: series.length > 1 ? 30 : 20, bottom: 8, containLabel: true },
    dataset: { dimensions: ['year', ...series.map((s) => s.id)], source: rows.map((r) => ({ ...r, year: `${r.year}年` })) },
    xAxis: { type: 'category' },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s, i) => ({
      type: 'line' as const,
      name: s.label,
      encode: { x: 'year', y: s.id },
      connectNulls: false,
      symbolSize: 7,
      // Labels on the first line only: two labelled lines close together overprint each other.
      label: { show: i === 0, position: 'top' as const, fontSize: 11 },
    })),
  };
}
