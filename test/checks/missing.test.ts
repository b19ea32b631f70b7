import { describe, expect, it } from 'vitest';
import { missingReports } from '../../server/checks/missing.ts';
import type { CountyReport } from '../../server/checks/types.ts';

const rep = (organId: number): CountyReport => ({ reportId: organId, organId, organ: `单位${organId}`, organKind: 'township', problems: null, values: {} });
const registry = [1, 2, 3].map((id) => ({ organId: id, name: `单位${id}`, kind: 'township' as const }));

describe('missing reports', () => {
  it('missing.report: a registry organ without a report in a year its county has reports', () => {
    const flags = missingReports(2024, [rep(1), rep(2)], registry);
    expect(flags.map((f) => f.organId)).toEqual([3]);
    expect(flags[0]!.reportId).toBeNull();
    expect(flags[0]!.message).toBe('“单位3”在名录中，但没有2024年的政府信息公开工作年度报告（本县已有 2 份该年度报告）');
  });

  it('nothing when every organ reported, or when the county has no report that year', () => {
    expect(missingReports(2024, [rep(1), rep(2), rep(3)], registry)).toEqual([]);
    expect(missingReports(2024, [], registry)).toEqual([]);
  });
});
