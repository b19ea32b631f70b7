import { describe, expect, it } from 'vitest';
import {
  blankCells, feeSilent, reviewCells, sectionsMissing, sectionsOrder, tableMissing, template2019,
} from '../../server/checks/completeness.ts';
import { checkReport } from '../../server/checks/run.ts';
import { CELLS, SECTIONS } from '../../shared/template.ts';
import { ctxOf, generatedRecord, review, rules, withCells } from './helpers.ts';

describe('completeness', () => {
  it('cells.blank: one flag per row naming the blank cells; a complete report has none', () => {
    const r = withCells(generatedRecord(), { 'active.enforcement.decisions': null, 'requests.new.commercial': null, 'requests.new.research': null });
    const flags = blankCells(ctxOf(r));
    expect(flags.map((f) => f.subject)).toEqual(['active.enforcement', 'requests.new']);
    expect(flags[0]!.message).toBe('“行政强制”的“本年处理决定数量”为空白：没有发生也应填 0，请补填或核实');
    expect(flags[1]!.cells.map((c) => c.key)).toEqual(['requests.new.commercial', 'requests.new.research']);
    expect(blankCells(ctxOf(generatedRecord()))).toEqual([]);
  });

  it('cells.review: cells awaiting review are flagged with the reason and line, and not as blank', () => {
    const r = withCells(generatedRecord(), { 'requests.new.natural_person': null, 'requests.new.total': null });
    const entries = [review('requests.new.natural_person', '空格丢失，无法确定所在列', 42), review('requests.new.total', '空格丢失，无法确定所在列', 42)];
    const ctx = ctxOf(r, entries);
    const flags = reviewCells(ctx);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.message).toBe('“一、本年新收政府信息公开申请数量”的“自然人”、“总计”未能确定数值，需人工核对：空格丢失，无法确定所在列（原文第 42 行）');
    expect(blankCells(ctx)).toEqual([]);
    expect(reviewCells(ctxOf(generatedRecord()))).toEqual([]);
  });

  it('table.missing: a table without a single number is one flag, not 175 blank cells', () => {
    const r = generatedRecord();
    for (const c of CELLS.filter((c) => c.section === 'requests')) withCells(r, { [c.key]: null });
    const flags = checkReport(ctxOf(r));
    expect(rules(flags)).toEqual(['table.missing']);
    expect(flags[0]!.message).toBe('报告中没有“三、收到和处理政府信息公开申请情况”的统计表，或表中没有一个数字');
    expect(tableMissing(ctxOf(generatedRecord()))).toEqual([]);
  });

  it('a table whose cells all await review is not missing', () => {
    const r = generatedRecord();
    const entries = CELLS.filter((c) => c.section === 'appeals').map((c) => review(c.key));
    for (const c of CELLS.filter((c) => c.section === 'appeals')) withCells(r, { [c.key]: null });
    expect(tableMissing(ctxOf(r, entries))).toEqual([]);
  });

  it('sections.missing names the missing sections; sections.order catches a swap', () => {
    const r = generatedRecord({ headings: generatedRecord().headings.filter((h) => h.no !== '四') });
    expect(sectionsMissing(ctxOf(r))[0]!.message).toBe('报告缺少第“四、政府信息公开行政复议、行政诉讼情况”部分');
    expect(sectionsMissing(ctxOf(generatedRecord()))).toEqual([]);
    const h = generatedRecord().headings;
    const swapped = generatedRecord({ headings: [h[0]!, h[2]!, h[1]!, h[3]!, h[4]!, h[5]!] });
    expect(sectionsOrder(ctxOf(swapped))[0]!.message).toBe('各部分的顺序应为一至六，报告中为：一、三、二、四、五、六');
    expect(sectionsOrder(ctxOf(generatedRecord()))).toEqual([]);
  });

  it('template.2019: the 2019 form is flagged, and its blank cells are not listed one by one', () => {
    const r = withCells(generatedRecord({ template: '2019' }), { 'requests.other_other.total': null });
    expect(rules(checkReport(ctxOf(r)))).toEqual(['template.2019']);
    expect(template2019(ctxOf(generatedRecord()))).toEqual([]);
  });

  it('fee.silent: section 六 that does not mention 信息处理费', () => {
    const silent = generatedRecord({ narrative: { ...generatedRecord().narrative, other: '无其他需要报告的事项。' } });
    expect(feeSilent(ctxOf(silent))[0]!.message).toBe(`“六、${SECTIONS[5].title}”没有说明本年度是否收取信息处理费（2021年版格式要求说明）`);
    expect(feeSilent(ctxOf(generatedRecord()))).toEqual([]);
  });

  it('a report without section 六 gets one flag (sections.missing, naming the fee), not two', () => {
    const r = generatedRecord({
      headings: generatedRecord().headings.filter((h) => h.no !== '六'),
      narrative: { ...generatedRecord().narrative, other: null },
    });
    const flags = checkReport(ctxOf(r));
    expect(rules(flags)).toEqual(['sections.missing']);
    expect(flags[0]!.message).toContain('信息处理费');
  });
});
