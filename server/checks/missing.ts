/** Missing reports: an organ the county's registry lists has no report for a year in which its county has reports. */
import { RULES } from './registry.ts';
import type { CountyReport, RegistryOrgan, TargetedFlag } from './types.ts';

export function missingReports(year: number, reports: readonly CountyReport[], registry: readonly RegistryOrgan[]): TargetedFlag[] {
  if (reports.length === 0) return [];
  const present = new Set(reports.map((r) => r.organId));
  return registry
    .filter((o) => !present.has(o.organId))
    .map((o) => ({
      rule: 'missing.report' as const, severity: RULES['missing.report'].severity,
      message: `“${o.name}”在名录中，但没有${year}年的政府信息公开工作年度报告（本县已有 ${reports.length} 份该年度报告）`,
      cells: [], detail: { countyReports: reports.length },
      organId: o.organId, reportId: null,
    }));
}
