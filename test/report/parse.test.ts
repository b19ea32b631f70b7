/** parseText: errors, dates, organ forms, and small texts of the one-cell-per-line and grid layouts. */
import { describe, expect, it } from 'vitest';
import { parseText } from '../../server/report/parse.ts';
import { cellKey } from '../../server/report/template.ts';

const APPEALS = [
  '四、政府信息公开行政复议、行政诉讼情况',
  '行政复议\t\t\t\t\t行政诉讼',
  ['1', '0', '0', '0', '1', '0', '0', '0', '0', '0', '2', '0', '0', '0', '2'].join('\t'),
];
const report = (title: string, body: string[], end: string[] = []) =>
  [title, '一、总体情况', '概述。', ...body, '五、存在的主要问题及改进情况', '无。', '六、其他需要报告的事项', '无。', ...end].join('\n');

describe('errors name what is missing', () => {
  it('not a report', () => {
    const r = parseText('关于开展春季植树活动的通知\n各村：请于三月十二日前完成。');
    expect(r.record).toBeNull();
    expect(r.error).toContain('不是政府信息公开工作年度报告');
  });
  it('no year in the title', () => {
    expect(parseText('某镇政府信息公开工作年度报告\n一、总体情况\n').error).toContain('没有找到报告年度');
  });
  it('a report without its tables is an error, not a record of zeros', () => {
    const r = parseText(report('某镇2024年政府信息公开工作年度报告', ['二、主动公开政府信息情况', '本年制发规范性文件3件。']));
    expect(r.record).toBeNull();
    expect(r.error).toContain('没有找到统计表格');
  });
  it('a report with one table is a record; the missing tables are null with review', () => {
    const r = parseText(report('某镇2024年政府信息公开工作年度报告', APPEALS));
    expect(r.error).toBeNull();
    expect(r.record?.appeals.review).toEqual({ upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 });
    expect(r.record?.requests.new.total).toBeNull();
    expect(r.review.filter((e) => e.section === 'requests')).toHaveLength(175);
    expect(r.review[0]?.reason).toContain('未找到');
  });
});

describe('title and date', () => {
  it.each([
    ['石家庄镇人民政府 2024 年政府信息 公开工作年度报告', '石家庄镇人民政府'],
    ['2024年东关街道办事处政府信息公开工作年度报告', '东关街道办事处'],
    ['县民政局关于2024年度政府信息公开工作年度报告', '县民政局'],
  ])('%s -> %s', (title, organ) => {
    const r = parseText(report(title, APPEALS));
    expect([r.record?.organ, r.record?.year]).toEqual([organ, 2024]);
  });
  it.each([
    ['2025-01-17', '2025-01-17'], ['2025年1月17日', '2025-01-17'], ['二〇二五年一月十七日', '2025-01-17'],
    ['2025 年 01 月 07 日    ', '2025-01-07'],
  ])('printed date %s', (printed, iso) => {
    const r = parseText(report('某镇2024年政府信息公开工作年度报告', APPEALS, ['某镇人民政府', printed]));
    expect([r.record?.published, r.record?.published_source, r.record?.narrative.other]).toEqual([iso, 'report', '无。']);
  });
  it('a date before the reporting year is not the publication date', () => {
    const r = parseText(report('某镇2024年政府信息公开工作年度报告', APPEALS, ['2023年12月31日']));
    expect(r.record?.published).toBeNull();
  });
});

describe('one cell per line', () => {
  const active = (lines: string[]) => report('某镇2024年政府信息公开工作年度报告', ['二、主动公开政府信息情况', ...lines, ...APPEALS]);
  it('blank lines between cells; a doubled blank line is a blank cell (layout 5)', () => {
    const cells = ['第二十条第（一）项', '信息内容', '本年制发件数', '本年废止件数', '现行有效件数', '规章', '5', '', '7', '行政规范性文件', '1', '2', '3'];
    const lines = cells.flatMap((c) => [c, '']);
    const r = parseText(active(lines));
    expect(r.record?.active.regulations).toEqual({ issued: 5, repealed: null, in_force: 7 });
    expect(r.record?.active.normative_documents).toEqual({ issued: 1, repealed: 2, in_force: 3 });
  });
  it('a line holding only | between cells; garbled, spaced labels still match (layout 4)', () => {
    const cells = ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数', '规 章', '0', '', '9', '行政规范性文仵', '4', '5', '6', '行政许可', '８'];
    const r = parseText(active(cells.join('\n|\n').split('\n')));
    expect(r.record?.active.regulations).toEqual({ issued: 0, repealed: null, in_force: 9 });
    expect(r.record?.active.normative_documents).toEqual({ issued: 4, repealed: 5, in_force: 6 });
    expect(r.record?.active.licensing.decisions).toBe(8);
  });
});

describe('exact grid from a reader (exactCells)', () => {
  const grid = [
    '三、收到和处理政府信息公开申请情况',
    '一、本年新收政府信息公开申请数量\t一、本年新收政府信息公开申请数量\t一、本年新收政府信息公开申请数量\t3\t\t1\t0\t0\t0\t4',
    '三、本年度办理结果\t（三）不予公开\t1.属于国家秘密\t0\t\t0\t—\t0\t0\t0',
  ];
  it('a blank cell is a certain null; a dash is null with review; repeated labels are one row', () => {
    const r = parseText(report('某镇2024年政府信息公开工作年度报告', [...grid, ...APPEALS]), { exactCells: true });
    expect(r.record?.requests.new).toEqual({ natural_person: 3, commercial: null, research: 1, nonprofit: 0, legal_services: 0, other_org: 0, total: 4 });
    expect(r.record?.requests.denied_state_secret.nonprofit).toBeNull();
    const rows = r.review.filter((e) => e.row === 'new' || e.row === 'denied_state_secret').map((e) => `${cellKey(e)}@${e.line}`);
    expect(rows).toEqual(['requests.denied_state_secret.nonprofit@6']);
  });
});

describe('organ names that look like markup', () => {
  it('a title whose organ carries < or > is refused with a reason, never stored as an organ', async () => {
    const { parseText } = await import('../../server/report/parse.ts');
    const { renderText } = await import('../../server/report/render.ts');
    const { record } = await import('../support/records.ts');
    const text = renderText(record('青禾县<img/src/onerror=alert(1)>乡人民政府', 2024), 'exact-grid', { plain: true });
    const result = parseText(text, { exactCells: true });
    expect(result.record).toBeNull();
    expect(result.error).toContain('网页标记');
  });
});
