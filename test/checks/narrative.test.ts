import { describe, expect, it } from 'vitest';
import { proseVsTables } from '../../server/checks/narrative.ts';
import { ctxOf, generatedRecord, withCells } from './helpers.ts';

const withOverview = (overview: string, cells: Record<string, number | null> = {}) =>
  ctxOf(withCells(generatedRecord({ narrative: { ...generatedRecord().narrative, overview } }), cells));

describe('numbers in 总体情况 against the tables', () => {
  it('flags a request count that differs from the table, with both numbers', () => {
    const flags = proseVsTables(withOverview('2024年，我局共收到政府信息公开申请 21 件，均按时答复。', { 'requests.new.total': 12 }));
    expect(flags).toHaveLength(1);
    expect(flags[0]!.message).toBe('总体情况中写“收到政府信息公开申请21件”（收到的政府信息公开申请 21），但统计表“一、本年新收政府信息公开申请数量”·“总计”为 12');
    expect(flags[0]!.detail).toMatchObject({ stated: 21, table: 12 });
  });

  it('agrees when the number matches new, or new + carried over', () => {
    expect(proseVsTables(withOverview('全年受理政府信息公开申请12件。', { 'requests.new.total': 12 }))).toEqual([]);
    expect(proseVsTables(withOverview('全年受理政府信息公开申请14件。', { 'requests.new.total': 12, 'requests.carried_over.total': 2 }))).toEqual([]);
  });

  it('行政许可/行政处罚 counts are compared with section 二', () => {
    const flags = proseVsTables(withOverview('本年度办理行政许可550件，行政处罚3件。', { 'active.licensing.decisions': 7, 'active.punishment.decisions': 3 }));
    expect(flags.map((f) => f.subject)).toEqual(['active.licensing.decisions']);
    expect(flags[0]!.message).toContain('统计表“行政许可”·“本年处理决定数量”为 7');
  });

  it('行政复议 counts only when the sentence is about 信息公开', () => {
    const cells = { 'appeals.review.total': 0 };
    expect(proseVsTables(withOverview('全年办理行政复议案件120件。', cells))).toEqual([]);
    const flags = proseVsTables(withOverview('因政府信息公开被申请行政复议2件、行政诉讼1件。', cells));
    expect(flags.map((f) => f.subject)).toEqual(['appeals.review.total', 'appeals.litigation_direct.total+appeals.litigation_after_review.total']);
    expect(flags[0]!.message).toBe('总体情况中写“政府信息公开被申请行政复议2件”（政府信息公开行政复议 2），但统计表“行政复议”·“总计”为 0');
  });

  it('stays silent when the table cell is blank (nothing to compare)', () => {
    expect(proseVsTables(withOverview('收到政府信息公开申请21件。', { 'requests.new.total': null }))).toEqual([]);
  });
});
