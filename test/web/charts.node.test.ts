/** The pure option builders: data goes into `dataset`, blanks stay blank, colours follow meaning. */
import { describe, expect, it } from 'vitest';
import { appealsOption } from '../../web/src/charts/appeals.ts';
import { categoryBarsOption, groupedBarsOption, organBarsOption } from '../../web/src/charts/bars.ts';
import { OUTCOME_CATEGORIES, stripNumbering } from '../../web/src/charts/categories.ts';
import { APPEAL_COLORS, OUTCOME_COLORS, SEVERITY_COLORS } from '../../web/src/charts/colors.ts';
import { flagsByRuleOption } from '../../web/src/charts/flags.ts';
import { heatmapOption } from '../../web/src/charts/heatmap.ts';
import { outcomeOption, outcomeValues } from '../../web/src/charts/outcomes.ts';
import { trendOption } from '../../web/src/charts/trend.ts';
import { OUTCOME_ROWS, REQUEST_ROWS } from '../../shared/template.ts';

type Dataset = { source: Record<string, unknown>[]; dimensions: string[] };
const dataset = (o: { dataset?: unknown }) => o.dataset as Dataset;

describe('outcome categories', () => {
  it('cover the 21 outcome rows of the template exactly once, with labels taken from it', () => {
    const rows = OUTCOME_CATEGORIES.flatMap((c) => c.rows);
    expect(rows).toEqual([...OUTCOME_ROWS]);
    expect(OUTCOME_CATEGORIES.map((c) => c.label)).toEqual(['予以公开', '部分公开', '不予公开', '无法提供', '不予处理', '其他处理']);
    const deniedGroup = REQUEST_ROWS.find((r) => r.key === 'denied_state_secret')!.group!;
    expect(stripNumbering(deniedGroup)).toBe('不予公开');
  });
});

describe('outcomeOption', () => {
  it('reads the derived sums, leaves out blank and zero slices, and colours each by its category', () => {
    const values = { 'requests.granted.total': 10, 'requests.partially_granted.total': 0, denied: 3, unable: null, not_processed: 2, other_handling: 1 };
    const rows = outcomeValues(values);
    expect(rows.find((r) => r.key === 'unable')?.value).toBeNull();
    const o = outcomeOption(rows);
    expect(dataset(o).source).toEqual([
      { name: '予以公开', value: 10 }, { name: '不予公开', value: 3 }, { name: '不予处理', value: 2 }, { name: '其他处理', value: 1 },
    ]);
    expect(o.color).toEqual([OUTCOME_COLORS.granted, OUTCOME_COLORS.denied, OUTCOME_COLORS.rejected, OUTCOME_COLORS.other]);
  });
});

describe('trendOption', () => {
  it('keeps a blank year as null (a gap), never 0', () => {
    const o = trendOption([{ year: 2022, a: 5 }, { year: 2023, a: null }, { year: 2024, a: 7 }], [{ id: 'a', label: '新收申请' }]);
    expect(dataset(o).source.map((r) => r.a)).toEqual([5, null, 7]);
    expect(dataset(o).source[0]!.year).toBe('2022年');
    expect((o.series as { connectNulls: boolean }[])[0]!.connectNulls).toBe(false);
  });
});

describe('organBarsOption', () => {
  it('sorts organs so the largest is on top and keeps blank organs visible', () => {
    const o = organBarsOption([{ name: '甲镇', value: 3 }, { name: '乙镇', value: null }, { name: '丙局', value: 40 }], '新收申请');
    // A horizontal category axis draws its first entry at the bottom.
    expect(dataset(o).source.map((r) => r.name)).toEqual(['乙镇', '甲镇', '丙局']);
    expect(dataset(o).source[0]!.value).toBeNull();
  });
});

describe('categoryBarsOption and groupedBarsOption', () => {
  it('put one row per category or organ into the dataset', () => {
    expect(dataset(categoryBarsOption([{ name: '自然人', value: 4 }], 'x')).source).toEqual([{ name: '自然人', value: 4 }]);
    const g = groupedBarsOption([{ name: '甲镇', '2023': 1, '2024': null }], [2023, 2024]);
    expect(dataset(g).dimensions).toEqual(['name', '2023', '2024']);
    expect((g.series as { name: string }[]).map((s) => s.name)).toEqual(['2023年', '2024年']);
  });
});

describe('appealsOption', () => {
  it('has one stacked bar per appeal kind with results in their fixed colours', () => {
    const o = appealsOption({ 'appeals.review.upheld': 2, 'appeals.review.corrected': 1, 'appeals.litigation_direct.pending': 4 });
    const src = dataset(o).source;
    expect(src.map((r) => r.kind)).toEqual(['行政复议', '未经复议直接起诉', '复议后起诉']);
    expect(src[0]).toMatchObject({ upheld: 2, corrected: 1, other: null, pending: null });
    const series = o.series as { name: string; itemStyle: { color: string } }[];
    expect(series.map((s) => s.itemStyle.color)).toEqual([APPEAL_COLORS.upheld, APPEAL_COLORS.corrected, APPEAL_COLORS.other, APPEAL_COLORS.pending]);
    expect(series.map((s) => s.name)).toEqual(['结果维持', '结果纠正', '其他结果', '尚未审结']);
  });
});

describe('heatmapOption', () => {
  it('leaves blank cells out instead of drawing them as 0, and scales to the largest value', () => {
    const o = heatmapOption(['2023年', '2024年'], ['甲镇'], [{ x: '2023年', y: '甲镇', value: null }, { x: '2024年', y: '甲镇', value: 6 }]);
    expect(dataset(o).source).toEqual([{ x: '2024年', y: '甲镇', value: 6 }]);
    expect((o.visualMap as { max: number }).max).toBe(6);
    // The colour bar is a legend: it says what its ends stand for.
    expect((o.visualMap as { text: string[] }).text).toEqual(['6（多）', '（少）0']);
  });
});

describe('flagsByRuleOption', () => {
  it('colours each rule by its severity', () => {
    const o = flagsByRuleOption([{ rule: 'arith.balance', title: '勾稽', severity: 'error', count: 2 }, { rule: 'fee.silent', title: '收费', severity: 'warning', count: 5 }]);
    const color = (o.series as { itemStyle: { color: (p: { data: unknown }) => string } }[])[0]!.itemStyle.color;
    const src = dataset(o).source;
    expect(src.map((r) => r.title)).toEqual(['勾稽', '收费']);
    expect(color({ data: src[0] })).toBe(SEVERITY_COLORS.error);
    expect(color({ data: src[1] })).toBe(SEVERITY_COLORS.warning);
  });
});
