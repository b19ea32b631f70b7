import type { ECOption } from './echarts.ts';
import { BASE, shortName } from './common.ts';
import { SEVERITY_COLORS } from './colors.ts';
import { html } from './escape.ts';
import type { SeverityKey } from './colors.ts';

const SEVERITIES: readonly SeverityKey[] = ['error', 'warning', 'info'];

/** Flags per rule as horizontal bars, each bar in its rule's severity colour. */
export function flagsByRuleOption(rows: readonly { rule: string; title: string; severity: SeverityKey; count: number }[]): ECOption {
  const sorted = [...rows].sort((a, b) => a.count - b.count);
  return {
    ...BASE,
    tooltip: { ...BASE.tooltip, trigger: 'item', formatter: (p: unknown) => ruleTip(p as { name: string; value: { count: number } }) },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    dataset: { dimensions: ['title', 'count', 'severity'], source: sorted.map((r) => ({ title: r.title, count: r.count, severity: r.severity })) },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', axisLabel: { fontSize: 11, formatter: (v: string) => shortName(v, 16) } },
    series: [{
      type: 'bar', encode: { x: 'count', y: 'title' }, barMaxWidth: 16,
      itemStyle: { color: (p: { data: unknown }) => SEVERITY_COLORS[(p.data as { severity: SeverityKey }).severity] ?? '#999' },
      label: { show: true, position: 'right', fontSize: 11 },
    }],
  };
}

/** Flags per organ, stacked by severity. */
export function flagsByOrganOption(rows: readonly { organ: string | null; error: number; warning: number; info: number }[], labels: Record<SeverityKey, string>): ECOption {
  const sorted = [...rows].sort((a, b) => (a.error + a.warning + a.info) - (b.error + b.warning + b.info));
  return {
    ...BASE,
    tooltip: { ...BASE.tooltip, trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    dataset: { dimensions: ['organ', ...SEVERITIES], source: sorted.map((r) => ({ organ: r.organ ?? '（无单位）', error: r.error, warning: r.warning, info: r.info })) },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', axisLabel: { fontSize: 11, formatter: (v: string) => shortName(v, 9) } },
    series: SEVERITIES.map((s) => ({
      type: 'bar' as const, name: labels[s], stack: 'sev', encode: { x: s, y: 'organ' }, itemStyle: { color: SEVERITY_COLORS[s] }, barMaxWidth: 16,
    })),
  };
}

function ruleTip(p: { name: string; value: { count: number } }): string {
  return html`${p.name}：${p.value.count} 条`;
}
