import { describe, expect, it } from 'vitest';
import { historyOutliers, peerOutliers } from '../../server/checks/outliers.ts';
import type { CountyReport } from '../../server/checks/types.ts';
import { ctxOf, generatedRecord, withCells } from './helpers.ts';

const year = (y: number, v: number) => ctxOf(withCells(generatedRecord({ year: y }), { 'active.licensing.decisions': v }));

describe('outliers', () => {
  it('outlier.history: a tenfold jump to at least 30 against the previous year', () => {
    const flags = historyOutliers(year(2024, 550), year(2023, 7));
    expect(flags).toHaveLength(1);
    expect(flags[0]!.severity).toBe('info');
    expect(flags[0]!.message).toBe('“行政许可”·“本年处理决定数量”由2023年的 7 增至 550（约 79 倍），请核实是否填错位置或单位');
    expect(historyOutliers(year(2024, 3), year(2023, 300))[0]!.message).toContain('降至 3');
  });

  it('outlier.history: ordinary changes and small numbers are not outliers', () => {
    expect(historyOutliers(year(2024, 9), year(2023, 2))).toEqual([]);
    expect(historyOutliers(year(2024, 60), year(2023, 20))).toEqual([]);
    expect(historyOutliers(year(2024, 550), null)).toEqual([]);
  });

  const town = (id: number, v: number | null, kind: CountyReport['organKind'] = 'township'): CountyReport => ({
    reportId: id, organId: id, organ: `第${id}镇`, organKind: kind, problems: null, values: { 'requests.new.total': v },
  });

  it('outlier.peers: far above the median of at least five townships', () => {
    const reports = [town(1, 1), town(2, 0), town(3, 2), town(4, 1), town(5, 3), town(6, 80)];
    const flags = peerOutliers(reports);
    expect(flags.map((f) => f.organId)).toEqual([6]);
    expect(flags[0]!.message).toBe('“一、本年新收政府信息公开申请数量”·“总计”为 80，本县同年度其他 5 个乡镇的中位数为 1，请核实');
  });

  it('outlier.peers: not with too few peers, and departments are not compared', () => {
    expect(peerOutliers([town(1, 1), town(2, 0), town(3, 2), town(6, 80)])).toEqual([]);
    const depts = [1, 2, 3, 4, 5].map((i) => town(i, 1, 'department'));
    expect(peerOutliers([...depts, town(6, 80, 'department')])).toEqual([]);
  });
});
