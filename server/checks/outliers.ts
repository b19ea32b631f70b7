/**
 * Outliers worth a look (info). Conservative on purpose; a value is an outlier when:
 * - outlier.history: against the organ's own previous year, it is at least `ratio` (10) times
 *   larger or smaller, and the larger of the two is at least `minValue` (30). So 3 → 60
 *   requests or 550 → 5 licences are flagged; 2 → 9 is not.
 * - outlier.peers: among organs of the same homogeneous kind (townships, streets) in the same
 *   county-year, with at least `minPeers` (5) others having a value, it is at least
 *   `peerRatio` (20) times their median (a median of 0 counts as 1) and at least `minValue`.
 *   Departments are not compared with each other: a 公安局 and an 档案局 differ by nature.
 * Only the few headline cells in `config.outliers.keys` are watched.
 */
import { DEFAULT_CONFIG, ORGAN_KIND_LABEL } from './config.ts';
import type { CheckConfig } from './config.ts';
import { cellLabel, flagCell, fmt, valueOf } from './cells.ts';
import { RULES } from './registry.ts';
import type { CheckContext, CountyReport, RuleFlag, TargetedFlag } from './types.ts';

export function historyOutliers(ctx: CheckContext, prev: CheckContext | null, config: CheckConfig = DEFAULT_CONFIG): RuleFlag[] {
  if (!prev || prev.year !== ctx.year - 1) return [];
  const { ratio, minValue } = config.outliers;
  const flags: RuleFlag[] = [];
  for (const key of config.outliers.keys) {
    const v = valueOf(ctx.tables, key);
    const p = valueOf(prev.tables, key);
    if (v === null || p === null) continue;
    const up = v >= minValue && v >= ratio * Math.max(p, 1);
    const down = p >= minValue && p >= ratio * Math.max(v, 1);
    if (!up && !down) continue;
    const times = up ? v / Math.max(p, 1) : p / Math.max(v, 1);
    flags.push({
      rule: 'outlier.history', severity: RULES['outlier.history'].severity,
      message: `${cellLabel(key)}由${prev.year}年的 ${fmt(p)} ${up ? '增至' : '降至'} ${fmt(v)}（约 ${Math.round(times)} 倍），请核实是否填错位置或单位`,
      cells: [flagCell(ctx.tables, key)],
      detail: { previousReportId: prev.reportId, previousYear: prev.year, previous: p, times: Math.round(times * 10) / 10 },
      subject: key, basis: p,
    });
  }
  return flags;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function peerOutliers(reports: readonly CountyReport[], config: CheckConfig = DEFAULT_CONFIG): TargetedFlag[] {
  const { peerKinds, peerRatio, minValue, minPeers } = config.outliers;
  const flags: TargetedFlag[] = [];
  for (const r of reports) {
    if (!peerKinds.includes(r.organKind)) continue;
    for (const key of config.outliers.keys) {
      const v = r.values[key];
      if (v == null || v < minValue) continue;
      const others = reports
        .filter((o) => o.reportId !== r.reportId && o.organKind === r.organKind)
        .map((o) => o.values[key])
        .filter((x): x is number => x != null);
      if (others.length < minPeers) continue;
      const m = median(others);
      if (v < peerRatio * Math.max(m, 1)) continue;
      flags.push({
        rule: 'outlier.peers', severity: RULES['outlier.peers'].severity,
        message: `${cellLabel(key)}为 ${fmt(v)}，本县同年度其他 ${others.length} 个${ORGAN_KIND_LABEL[r.organKind]}的中位数为 ${fmt(m)}，请核实`,
        cells: [{ key, label: cellLabel(key), value: v }],
        detail: { peers: others.length, median: m, kind: r.organKind },
        subject: key, basis: m,
        organId: r.organId, reportId: r.reportId,
      });
    }
  }
  return flags;
}
