/**
 * Cases found by others: organ names with digits on their own title line, the organ taken from the
 * signature, page dates between the title and section 一, footers between table rows, and the
 * grid reader's undivided （六）其他处理 row.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../server/report/parse.ts';
import { readDocument } from '../../server/report/readers/index.ts';
import { renderText, type LayoutId } from '../../server/report/render.ts';
import { CELLS, cellKey, getCell, setCell, type ReportRecord } from '../../server/report/template.ts';
import { uniformRecord } from './arbitraries.ts';
import { needsShared } from '../support/shared.ts';

const APPEALS = [
  '四、政府信息公开行政复议、行政诉讼情况',
  '行政复议\t\t\t\t\t行政诉讼',
  ['1', '0', '0', '0', '1', '0', '0', '0', '0', '0', '2', '0', '0', '0', '2'].join('\t'),
];
const body = ['一、总体情况', '概述。', ...APPEALS, '五、存在的主要问题及改进情况', '无。', '六、其他需要报告的事项', '无。'];

describe('organ', () => {
  it('a title on two lines keeps an organ name holding digits', () => {
    const r = parseText(['演示1县某某镇', '2024年政府信息公开工作年度报告', ...body].join('\n'));
    expect([r.error, r.record?.organ, r.record?.year]).toEqual([null, '演示1县某某镇', 2024]);
  });
  it('a line above the title that is a date or a page field is not the organ; the signature is', () => {
    const r = parseText(['发布时间：2025-01-20', '2024年政府信息公开工作年度报告', ...body, '演示2乡人民政府', '2025年1月17日'].join('\n'));
    expect([r.error, r.record?.organ, r.record?.published]).toEqual([null, '演示2乡人民政府', '2025-01-17']);
    expect(r.record?.narrative.other).toBe('无。');
  });
  it('no organ in the title and no signature: an error, never an empty organ', () => {
    const r = parseText(['2024年政府信息公开工作年度报告', ...body].join('\n'));
    expect(r.record).toBeNull();
    expect(r.error).toContain('无法读取发布机关名称');
  });
});

describe('page date between the title and section 一', () => {
  it.each([
    ['发布时间：2025-01-20', '2025-01-20'],
    ['发布日期：2025年01月20日   来源：某某镇人民政府', '2025-01-20'],
  ])('%s', (line, iso) => {
    const r = parseText(['某某镇2024年政府信息公开工作年度报告', line, ...body].join('\n'));
    expect([r.record?.organ, r.record?.published, r.record?.published_source]).toEqual(['某某镇', iso, 'page']);
  });
});

/** A record whose every cell holds a different non-zero number. */
function distinctRecord(): ReportRecord {
  const record = uniformRecord(null);
  CELLS.forEach((c, k) => setCell(record, c, (k % 97) + 1));
  return record;
}

describe('footers between table rows', () => {
  const record = distinctRecord();
  it.each([
    ['pdf-layout', '第3页 共5页'], ['pdf-layout', '- 3 -'], ['rows-tab', '第3页 共5页'], ['rows-tab', '- 3 -'],
  ] as [LayoutId, string][])('%s with %s', (layout, footer) => {
    const lines = renderText(record, layout, { plain: true }).split('\n');
    // Between 3.危及“三安全一稳定” and 4.保护第三方合法权益, as a page break prints it.
    const at = lines.findIndex((l) => l.includes('4.保护第三方合法权益'));
    expect(at).toBeGreaterThan(0);
    lines.splice(at, 0, '', footer, '');
    const r = parseText(lines.join('\n'));
    expect(r.error).toBeNull();
    const wrong = CELLS.filter((c) => getCell(r.record as ReportRecord, c) !== getCell(record, c)).map(cellKey);
    expect(wrong).toEqual([]);
    expect(r.review).toEqual([]);
  });
});

describe('exact grid: the 2019 template\'s undivided （六）其他处理 row', () => {
  const report = (row: string) => [
    '某镇2024年政府信息公开工作年度报告', '一、总体情况', '概述。', '三、收到和处理政府信息公开申请情况',
    '一、本年新收政府信息公开申请数量\t\t3\t1\t0\t0\t0\t0\t4',
    row, ...APPEALS, '五、存在的主要问题及改进情况', '无。',
  ].join('\n');
  it('a blank cell of the undivided row leaves each sub-row null with a review entry', () => {
    const r = parseText(report('三、本年度办理结果\t（六）其他处理\t0\t\t0\t0\t0\t0\t0'), { exactCells: true });
    expect(r.error).toBeNull();
    for (const row of ['other_no_correction', 'other_no_fee', 'other_other']) {
      expect(r.record?.requests[row as 'other_other'].natural_person).toBe(0);
      expect(r.record?.requests[row as 'other_other'].commercial).toBeNull();
      expect(r.review.some((e) => e.row === row && e.column === 'commercial')).toBe(true);
    }
  });
});

const REAL = '../shared/samples/real';
const HONGZE = `${REAL}/hongze-2023.pdf`;
if (!existsSync(HONGZE)) console.log(`skipping the Hongze grid test: ${HONGZE} is absent`);
describe.skipIf(!needsShared(HONGZE, 'gaps.test'))('readDocument(hongze-2023.pdf): exact cells', () => {
  it('gives its expected record, and every null that is not a printed blank has a review entry', async () => {
    const doc = await readDocument(readFileSync(HONGZE), 'hongze-2023.pdf');
    expect(doc.exactCells).toBe(true);
    const r = parseText(doc.text, { exactCells: doc.exactCells });
    expect(r.error).toBeNull();
    const expected = JSON.parse(readFileSync(HONGZE.replace(/\.pdf$/, '.expected.json'), 'utf8')) as ReportRecord;
    const record = r.record as ReportRecord;
    expect([record.organ, record.year, record.published]).toEqual([expected.organ, expected.year, expected.published]);
    for (const section of ['active', 'requests', 'appeals'] as const) expect(record[section]).toEqual(expected[section]);
    const reviewed = new Set(r.review.map(cellKey));
    const unexplained = CELLS.filter((c) => getCell(record, c) === null && getCell(expected, c) !== null && !reviewed.has(c.key));
    expect(unexplained.map((c) => c.key)).toEqual([]);
  });
});
