/**
 * The report as a document (server/report/parser/document.ts): page dates, the published date,
 * the title's organ and year in the forms real files give them.
 */
import { describe, expect, it } from 'vitest';
import { findPageDate, findPublished, findTitle, pageDate } from '../../server/report/parser/document.ts';
import { parseText } from '../../server/report/parse.ts';
import { renderText } from '../../server/report/render.ts';
import { sampleRecord } from '../readers/fixtures.ts';

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

  it('a date at the end is the report\'s only alone or with the signing organ, not in a sentence or a list of links', () => {
    expect(at(report([], ['青禾县人民政府 2023年1月30日'])).date).toBe('2023-01-30');
    expect(at(report([], ['（二〇二三年一月三十日）'])).date).toBe('2023-01-30');
    expect(at(report([], ['本办法自2023年1月1日起施行。']))).toEqual({ date: null, source: null, index: null });
    expect(at(report(['发布时间：2023-02-20'], ['无。', '相关链接', '· 青禾县2022年政府信息公开工作年度报告 2023-01-20'])))
      .toEqual({ date: '2023-02-20', source: 'page', index: null });
  });

  it('a page date before the reporting year or long after it is not taken', () => {
    expect(at(report(['发布时间：2021-02-20'], ['无。'])).date).toBeNull();
    expect(at(report(['发布时间：2030-02-20'], ['无。'])).date).toBeNull();
  });
});

describe('findTitle: organ and year from the title as files print it', () => {
  const title = (...lines: string[]) => {
    const t = findTitle([...lines, '一、总体情况', '正文。'], lines.length);
    return t && { organ: t.organ, year: t.year };
  };
  const want = (organ: string, year = 2024) => ({ organ, year });

  it.each([
    ['标题：青禾县财政局2024年政府信息公开工作年度报告'],
    ['标题:青禾县财政局2024年政府信息公开工作年度报告'],
    ['# 青禾县财政局2024年政府信息公开工作年度报告'],
    ['## 青禾县财政局2024年政府信息公开工作年度报告 ##'],
    ['**青禾县财政局2024年政府信息公开工作年度报告**'],
    ['> 青禾县财政局2024年政府信息公开工作年度报告'],
    ['【青禾县财政局2024年政府信息公开工作年度报告】'],
    ['《青禾县财政局2024年政府信息公开工作年度报告》'],
    ['[标题]青禾县财政局2024年政府信息公开工作年度报告'],
    ['【标题】青禾县财政局2024年政府信息公开工作年度报告'],
    ['[12]青禾县财政局2024年政府信息公开工作年度报告'],
    ['[]{#_Toc1 .anchor}**青禾县财政局2024年政府信息公开工作年度报告**'],
    ['[青禾县财政局2024年政府信息公开工作年度报告](http://www.qh.gov.cn/art/2025/1/17/art_1.html)'],
    ['| 青禾县财政局2024年政府信息公开工作年度报告 |'],
    ['           青禾县财政局2024年政府信息公开工作年度报告'],
    ['  青 禾 县 财 政 局 2 0 2 4 年 政 府 信 息 公 开 工 作 年 度 报 告'],
    ['关于青禾县财政局2024年政府信息公开工作年度报告'],
    ['青禾县财政局２０２４年政府信息公开工作年度报告'],
    ['青禾县财政局二O二四年政府信息公开工作年度报告'],
    ['青禾县财政局二0二四年度政府信息公开工作年度报告'],
    ['2024年青禾县财政局政府信息公开工作年度报告'],
    ['青禾县财政局政府信息公开工作年度报告（2024年度）'],
    ['青禾县财政局2024年政府信息公开工作年度报告  发布时间：2025-01-17  来源：青禾县财政局  浏览次数：12'],
    ['12/3/26 8:14 AM        青禾县财政局2024年政府信息公开工作年度报告_青禾县人民政府'],
    ['2025-01-17 青禾县财政局2024年政府信息公开工作年度报告'],
    ['青禾县财政局2024年度政府信息公开工作报告'],
    ['青禾县财政局政府信息公开工作2024年度报告'],
    ['青禾县财政局2024年信息公开工作年度报告'],
    ['青禾县财政局2024年政务公开工作年度报告'],
    ['青禾县财政局关于2024年度政府信息公开工作情况的报告'],
    ['2024年政府信息公开工作年度报告（青禾县财政局）'],
  ])('%s', (line) => {
    expect(title(line)).toEqual(want('青禾县财政局'));
  });

  it('markup on the organ\'s own line above the title is dropped', () => {
    expect(title('**青禾县财政局**', '2024年政府信息公开工作年度报告')).toEqual(want('青禾县财政局'));
    expect(title('# 青禾县财政局', '# 2024年政府信息公开工作年度报告')).toEqual(want('青禾县财政局'));
    expect(title('        青禾县财政局', '', '    2024年政府信息公开工作年度报告')).toEqual(want('青禾县财政局'));
  });

  it('a title wrapped inside the organ\'s name is joined to the line above', () => {
    expect(title('# 青禾县发展和改', '# 革局2024年政府信息公开工作年度报告')).toEqual(want('青禾县发展和改革局'));
    expect(title('青禾县发', '展和改革局2024年政府信息公开工作年度报告')).toEqual(want('青禾县发展和改革局'));
    expect(title('青禾县住房和', '城乡建设局2024年政府信息公开工作年度报告')).toEqual(want('青禾县住房和城乡建设局'));
    expect(title('青禾县', '市场监督管理局2024年政府信息公开工作年度报告')).toEqual(want('青禾县市场监督管理局'));
    expect(title('青禾县发展和', '改革局', '2024年政府信息公开工作年度报告')).toEqual(want('青禾县发展和改革局'));
    expect(title('青禾县人民政府', '办公室2024年政府信息公开工作年度报告')).toEqual(want('青禾县人民政府办公室'));
  });

  it('a title wrapped after its year (pdftotext at 30–40 characters) is read whole', () => {
    expect(title('   青禾县住房和城乡建设局2024年政府信息公开工作年度', '                  报告')).toEqual(want('青禾县住房和城乡建设局'));
    expect(title('青禾县住房和城乡建设局2024年政府信息', '公开工作年度报告')).toEqual(want('青禾县住房和城乡建设局'));
    expect(title('青禾县人民政府办公室2024', '年政府信息公开工作年度报告')).toEqual(want('青禾县人民政府办公室'));
    expect(title('青禾县发展和改革局', '2024年政府信息公开工作', '年度报告')).toEqual(want('青禾县发展和改革局'));
    expect(title('青禾县财政局政府信息公开工作年度报告', '（2024年度）')).toEqual(want('青禾县财政局'));
  });

  it('is not joined to page furniture, a complete organ above, or a line with a year', () => {
    expect(title('政务公开', '2024年政府信息公开工作年度报告')).toEqual(want(''));
    expect(title('政府信息公开年报', '', '2024年政府信息公开工作年度报告')).toEqual(want(''));
    expect(title('政府信息公开年报', '财政局2024年政府信息公开工作年度报告')).toEqual(want('财政局'));
    expect(title('青禾县人民政府', '财政局2024年政府信息公开工作年度报告')).toEqual(want('财政局'));
    expect(title('发布时间：2025年1月17日', '财政局2024年政府信息公开工作年度报告')).toEqual(want('财政局'));
    expect(title('青禾县人民政府', '', '', '羊山镇2024年政府信息公开工作年度报告')).toEqual(want('羊山镇'));
    // The same marks or none: a plain header line is not the first half of a markdown heading.
    expect(title('青禾县', '# 财政局2024年政府信息公开工作年度报告')).toEqual(want('财政局'));
  });

  it('the joined name is taken when the report prints it below, even after a complete-looking line', () => {
    const t = findTitle(['青禾县人民政府', '财政局2024年政府信息公开工作年度报告', '一、总体情况', '2024年，青禾县人民政府财政局认真贯彻…'], 2);
    expect(t?.organ).toBe('青禾县人民政府财政局');
  });

  it('web-dump breadcrumbs: skipped for the title below, used when nothing else names the report', () => {
    expect(title('当前位置：首页 > 政务公开 > 政府信息公开年报 > 青禾县2023年政府信息公开工作年度报告', '', '青禾县财政局2024年政府信息公开工作年度报告'))
      .toEqual(want('青禾县财政局'));
    expect(title('首页 > 信息公开 > 青禾县财政局2024年政府信息公开工作年度报告')).toEqual(want('青禾县财政局'));
  });

  it('a sentence naming the report is not its title', () => {
    expect(title('现将2024年政府信息公开工作年度报告公布如下', '青禾县财政局2024年政府信息公开工作年度报告')).toEqual(want('青禾县财政局'));
    expect(title('根据《中华人民共和国政府信息公开条例》规定，现公布青禾县财政局2024年政府信息公开工作年度报告全文，欢迎社会各界监督。', '青禾县财政局2024年政府信息公开工作年度报告'))
      .toEqual(want('青禾县财政局'));
  });
});

describe('organ, year and date through the whole parser', () => {
  const record = { ...sampleRecord(11, { organ: '青禾县发展和改革局', published: '2025-01-17', published_source: 'report' as const }) };
  const body = renderText(record, 'rows-tab', { plain: true }).split('\n');
  expect(body[0]).toBe('青禾县发展和改革局2024年政府信息公开工作年度报告');
  const parse = (...top: string[]) => parseText([...top, ...body.slice(1)].join('\n')).record;

  it.each([
    [['# 青禾县发展和改', '# 革局2024年政府信息公开工作年度报告']],
    [['青禾县发展和改革局', '2024年政府信息公开工作年度报告']],
    [['青禾县发', '展和改革局2024年政府信息公开工作年度报告']],
    [['标题：青禾县发展和改革局2024年政府信息公开工作年度报告', '发布时间：2025-02-01 15:07  浏览次数：123']],
    [['当前位置：首页 > 政务公开 > 政府信息公开年报', '', '            青禾县发展和改革局2024年政府信息公开工作年度报告', '  来源：青禾县发展和改革局  时间：2025-02-01 15:07']],
    [['   青禾县发展和改革局2024年政府信息公开工作年', '                  度报告']],
  ])('%j', (top) => {
    const got = parse(...top);
    expect({ organ: got?.organ, year: got?.year, published: got?.published, source: got?.published_source })
      .toEqual({ organ: '青禾县发展和改革局', year: 2024, published: '2025-01-17', source: 'report' });
  });
});
