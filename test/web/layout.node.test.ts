/** The three tables laid out as the template prints them, derived from template.ts. */
import { describe, expect, it } from 'vitest';
import { CELLS } from '../../shared/template.ts';
import { TABLE_LAYOUTS, activeLayout, appealsLayout, requestsLayout } from '../../shared/table-layout.ts';

const width = (cells: { colspan: number }[]) => cells.reduce((n, c) => n + c.colspan, 0);

describe('table layouts', () => {
  it('place each of the 200 template cells exactly once, in template order', () => {
    const keys = TABLE_LAYOUTS.flatMap((t) => t.body.flatMap((r) => r.keys));
    expect(keys).toEqual(CELLS.map((c) => c.key));
  });

  it('table 三 has the multi-level applicant header and rows as wide as it', () => {
    const t = requestsLayout();
    expect(t.header[1]!.map((h) => h.label)).toEqual(['自然人', '法人或其他组织', '总计']);
    expect(t.header[1]![1]!.colspan).toBe(5);
    expect(t.header[2]!.map((h) => h.label)).toEqual(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    // The outcome group label spans every outcome row; （三）不予公开 spans its 8 rows.
    const outcome = t.body.flatMap((r) => r.labels).find((l) => l.label === '三、本年度办理结果')!;
    expect(outcome.rowspan).toBe(22);
    expect(t.body.flatMap((r) => r.labels).find((l) => l.label === '（三）不予公开')!.rowspan).toBe(8);
    expect(width(t.header[0]!)).toBe(3 + 7);
  });

  it('table 四 puts 行政诉讼 over its two groups of five results', () => {
    const t = appealsLayout();
    expect(t.header[0]!.map((h) => [h.label, h.colspan])).toEqual([['行政复议', 5], ['行政诉讼', 10]]);
    expect(t.header[1]!.filter((h) => h.colspan === 5).map((h) => h.label)).toEqual(['未经复议直接起诉', '复议后起诉']);
    expect(t.body[0]!.keys).toHaveLength(15);
  });

  it('table 二 stretches short rows so every row is as wide as the header', () => {
    const t = activeLayout();
    const full = width(t.header[0]!);
    for (const r of t.body) {
      const cells = r.keys.length ? r.spans!.reduce((a, b) => a + b, 0) + r.labels.length : width(r.labels);
      expect(cells).toBe(full);
    }
  });
});
