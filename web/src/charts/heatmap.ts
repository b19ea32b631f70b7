import type { ECOption } from './echarts.ts';
import { BASE, shortName } from './common.ts';
import { HEAT_BLUE, SEVERITY_COLORS } from './colors.ts';
import type { SeverityKey } from './colors.ts';
import { html } from './escape.ts';

export interface HeatCell {
  x: string;
  y: string;
  value: number | null;
}

const SEVERITY_RANK: Record<SeverityKey, number> = { info: 1, warning: 2, error: 3 };

/**
 * A matrix (township × year, township × rule). Blank cells are left out, so they show as
 * empty squares rather than as 0. With `severity`, a cell is coloured by how grave its column's
 * rule is (counts per organ and rule are mostly 1, so a count scale would be one colour) and its
 * label still gives the count.
 */
export function heatmapOption(
  xs: readonly string[], ys: readonly string[], cells: readonly HeatCell[], colors: readonly string[] = HEAT_BLUE,
  xLabel?: (x: string) => string, severity?: { of: (x: string) => SeverityKey | undefined; labels: Record<SeverityKey, string> },
): ECOption {
  const shown = cells.filter((c) => c.value !== null);
  const max = Math.max(1, ...shown.map((c) => c.value as number));
  // Few columns have room for whole rule titles; many get short ones.
  const xWidth = xs.length <= 4 ? 24 : xs.length <= 8 ? 14 : 10;
  return {
    ...BASE,
    tooltip: { ...BASE.tooltip, trigger: 'item', formatter: (p: unknown) => tip(p as { value: Record<string, unknown> }, xLabel) },
    grid: { left: 8, right: 8, top: 8, bottom: 48, containLabel: true },
    dataset: severity
      ? { dimensions: ['x', 'y', 'value', 'rank'], source: shown.map((c) => ({ x: c.x, y: c.y, value: c.value, rank: SEVERITY_RANK[severity.of(c.x) ?? 'info'] })) }
      : { dimensions: ['x', 'y', 'value'], source: shown.map((c) => ({ x: c.x, y: c.y, value: c.value })) },
    xAxis: {
      type: 'category', data: [...xs], splitArea: { show: true },
      axisLabel: { interval: 0, rotate: xs.length > 6 ? 35 : 0, fontSize: 11, formatter: (v: string) => shortName(xLabel ? xLabel(v) : v, xWidth) },
    },
    yAxis: { type: 'category', data: [...ys], inverse: true, axisLabel: { fontSize: 11, formatter: (v: string) => shortName(v, 9) } },
    // The colour bar says what its ends mean (ECharts puts text[0] at the high end).
    visualMap: severity
      ? {
          type: 'piecewise', dimension: 3, orient: 'horizontal', left: 'center', bottom: 0, textStyle: { fontSize: 11, color: '#52606d' },
          pieces: (['error', 'warning', 'info'] as const).map((k) => ({ value: SEVERITY_RANK[k], label: severity.labels[k], color: SEVERITY_COLORS[k] })),
        }
      : {
          min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: [...colors] },
          text: [`${max.toLocaleString('zh-CN')}（多）`, '（少）0'], textStyle: { fontSize: 11, color: '#52606d' },
        },
    series: [{ type: 'heatmap', encode: { x: 'x', y: 'y', value: 'value' }, label: { show: true, fontSize: 11, formatter: '{@value}' }, itemStyle: { borderColor: '#fff', borderWidth: 1 } }],
  };
}

/** The cell's organ (y, from a report title), column and value: HTML, so through `html`. */
function tip(p: { value: Record<string, unknown> }, xLabel?: (x: string) => string): string {
  const x = String(p.value.x);
  return html`${p.value.y}<br/>${xLabel ? xLabel(x) : x}：${p.value.value}`;
}
