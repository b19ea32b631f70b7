/**
 * The report as a document (server/report/parser/document.ts): page dates, the published date,
 * the title's organ and year in the forms real files give them.
 */
import { describe, expect, it } from 'vitest';
import { findPageDate, findPublished, pageDate } from '../../server/report/parser/document.ts';

describe('pageDate: the date a page line prints, by its key', () => {
  it.each([
    ['来源：××县人民政府  时间：2023-02-20 15:07', '2023-02-20'],
    ['发布时间：2023年02月20日', '2023-02-20'],
    ['发布日期:2023-02-20', '2023-02-20'],
    ['日期：2023/2/20', '2023-02-20'],
    ['【发布时间：2023-02-20】', '2023-02-20'],
    ['信息来源：青禾县财政局 发布时间：2023-02-20 浏览次数：123', '2023-02-20'],
    ['发布时间 2023.2.20', '2023-02-20'],
    ['发布时间：２０２３－０２－２０', '2023-02-20'],
    ['[发布日期] 2023-02-20', '2023-02-20'],
    ['发布于 2023-02-20 09:00', '2023-02-20'],
    ['公开日期：2023-02-20', '2023-02-20'],
    ['发文日期：2023年2月20日', '2023-02-20'],
    ['发布日期：二〇二三年二月二十日', '2023-02-20'],
    ['来源：某某区人民政府办公室发布时间：2025-01-17浏览次数：128', '2025-01-17'],
  ])('%s -> %s (publication)', (line, date) => {
    expect(pageDate(line)).toEqual({ date, kind: 'published' });
  });

  it.each([
    ['采集时间：2023-02-20'],
    ['访问时间：2023-02-20 10:00'],
    ['更新时间：2023-02-20'],
    ['最后修改时间：2023-02-20'],
    ['打印时间：2023-02-20'],
    ['生成日期：2023-02-20'],
    ['统计时间：2023年1月1日至2023年12月31日'],
    ['浏览次数：123'],
    ['2023年2月20日'],
    ['青禾县人民政府时间：2023-02-20'],
    ['发布时间：见附件（2023-02-20）'],
    ['发布机构：青禾县财政局'],
  ])('%s -> null (not a publication date)', (line) => {
    expect(pageDate(line)).toBeNull();
  });

  it('成文日期 is the document\'s date: taken only when no publication date is printed', () => {
    expect(pageDate('成文日期：2023-02-15')).toEqual({ date: '2023-02-15', kind: 'written' });
    expect(pageDate('成文日期：2023-02-15  发布日期：2023-02-20')).toEqual({ date: '2023-02-20', kind: 'published' });
    expect(findPageDate(['索引号：123', '成文日期：2023-02-15', '发布日期：2023-02-20'])).toEqual({ date: '2023-02-20', kind: 'published' });
    expect(findPageDate(['索引号：123', '成文日期：2023-02-15', '更新时间：2023-03-01'])).toEqual({ date: '2023-02-15', kind: 'written' });
  });

  it('an update date printed before the publication date does not hide it', () => {
    expect(pageDate('更新时间：2023-03-01 发布时间：2023-02-20')).toEqual({ date: '2023-02-20', kind: 'published' });
  });
});

describe('findPublished', () => {
  const report = (top: string[], bottom: string[]) => [...top, '青禾县2022年政府信息公开工作年度报告', '一、总体情况', '正文。', ...bottom];
  const at = (lines: string[]) => findPublished(lines, 2022, lines.indexOf('一、总体情况'));

  it('the date printed at the end of the report wins over the page date', () => {
    expect(at(report(['发布时间：2023-02-20'], ['青禾县人民政府', '2023年1月30日']))).toEqual({ date: '2023-01-30', source: 'report', index: 5 });
  });

  it('takes the page date in each of its real forms when the report prints none', () => {
    for (const line of ['来源：××县人民政府  时间：2023-02-20 15:07', '发布时间：2023年02月20日', '发布日期:2023-02-20', '日期：2023/2/20', '【发布时间：2023-02-20】', '信息来源：青禾县 发布时间：2023-02-20 浏览次数：123']) {
      expect(at(report([line], ['无。'])), line).toEqual({ date: '2023-02-20', source: 'page', index: null });
    }
  });

  it('refuses 采集时间, 更新时间, 打印时间 and the like, above or below the report', () => {
    expect(at(report(['采集时间：2023-02-20', '更新时间：2023-03-01'], ['无。', '打印时间：2023-05-01']))).toEqual({ date: null, source: null, index: null });
  });

  it('a keyed date at the end is the page\'s, not the report\'s printed date', () => {
    expect(at(report([], ['无。', '【打印本页】 【关闭窗口】', '发布时间：2023-02-20']))).toEqual({ date: '2023-02-20', source: 'page', index: null });
  });

  it('成文日期 when the page prints no publication date; the publication date when it prints both', () => {
    expect(at(report(['成文日期：2023-02-15'], ['无。'])).date).toBe('2023-02-15');
    expect(at(report(['成文日期：2023-02-15', '发布日期：2023-02-20'], ['无。'])).date).toBe('2023-02-20');
  });

  it('a page date before the reporting year or long after it is not taken', () => {
    expect(at(report(['发布时间：2021-02-20'], ['无。'])).date).toBeNull();
    expect(at(report(['发布时间：2030-02-20'], ['无。'])).date).toBeNull();
  });
});
