import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { expectSameRecord, read, tableLines } from './helpers.ts';
import { htmlPage, htmlTable, reportBlocks, requestsTable, sampleRecord } from './fixtures.ts';

describe('HTML tables', () => {
  it('expands rowspan and colspan into a full grid, covered cells empty, blanks in place', async () => {
    const html = `<table>
      <tr><td rowspan="2" colspan="2">信息内容</td><td colspan="2">申请人情况</td></tr>
      <tr><td>自然人</td><td>总计</td></tr>
      <tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>3</td><td>&nbsp;</td></tr>
      <tr><td>2.其他法律行政法规禁止公开</td><td>　</td><td><p>1</p><p>2</p></td></tr>
    </table>`;
    const doc = await read(html, 'a.html');
    expect(doc).toMatchObject({ format: 'html', exactCells: true });
    expect(tableLines(doc.text)).toEqual([
      '信息内容\t\t申请人情况\t',
      '\t\t自然人\t总计',
      '（三）不予公开\t1.属于国家秘密\t3\t',
      '\t2.其他法律行政法规禁止公开\t\t1 2',
    ]);
  });

  it('pads short rows and cuts a rowspan that runs past the table', async () => {
    const doc = await read('<html><body><table><tr><td rowspan="9">甲</td><td>1</td><td>2</td></tr><tr><td>3</td></tr></table></body></html>', 'b.htm');
    expect(tableLines(doc.text)).toEqual(['甲\t1\t2', '\t3\t']);
  });

  it('reads a data table nested in a layout table as a grid, the layout as blocks', async () => {
    const doc = await read(`<html><body><table><tr><td><p>标题</p><table><tr><td>规章</td><td></td><td>5</td></tr></table></td></tr></table></body></html>`, 'c.html');
    expect(doc.text).toBe('标题\n规章\t\t5\n');
  });

  it('writes the requests table of the template cell for cell', async () => {
    const record = sampleRecord(3);
    const doc = await read(`<html><body>${htmlTable(requestsTable(record))}</body></html>`, 'd.html');
    const lines = tableLines(doc.text);
    expect(lines).toHaveLength(28);
    expect(lines.every((l) => l.split('\t').length === 10)).toBe(true);
    expect(lines[2]).toBe('\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t');
    expect(lines[6]!.split('\t').slice(0, 3)).toEqual(['', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '']);
  });
});

describe('saved government pages', () => {
  const record = sampleRecord(4);
  const page = htmlPage(reportBlocks(record), { date: '2025-01-20' });

  it('drops navigation, scripts, breadcrumbs, share links and footer; keeps title and date on top', async () => {
    const doc = await read(page, 'page.html');
    const lines = doc.text.split('\n');
    expect(lines[0]).toBe('某某区人民政府2024年政府信息公开工作年度报告');
    expect(lines[1]).toMatch(/发布时间：2025-01-20/);
    for (const chrome of ['首页', '当前位置', '分享到', '主办单位', 'ICP', 'var nav', 'color:red']) {
      expect(doc.text).not.toContain(chrome);
    }
    expect(doc.text).toContain('一、总体情况');
  });

  it('round-trips: page -> text -> parser -> the same record, page date kept', async () => {
    const got = expectSameRecord(await read(page, 'page.html'), record);
    expect(got.published).toBe('2025-01-20');
  });

  it('decodes a GBK page by its meta charset', async () => {
    const gbk = iconv.encode(htmlPage(reportBlocks(record), { charset: 'gb2312' }), 'gbk');
    const doc = await read(gbk, 'page.shtml');
    expect(doc.extraction).toBe('html-table/gb18030');
    expectSameRecord(doc, record);
  });

  it('detects a page by its content whatever the file name', async () => {
    expect((await read(page, 'download.txt')).format).toBe('html');
  });

  it('takes title and date from <title> and meta when the body has neither', async () => {
    const doc = await read(
      '<html><head><title>某镇2023年政府信息公开工作年度报告_某县人民政府</title><meta name="PubDate" content="2024-01-30 09:00"></head><body><p>一、总体情况</p></body></html>',
      'e.html',
    );
    expect(doc.text).toBe('某镇2023年政府信息公开工作年度报告\n发布时间：2024-01-30\n一、总体情况\n');
  });

  it('puts a date printed in the page furniture on top, by the key it had (pageDate, parser/document.ts)', async () => {
    const body = '<div class="article"><h1>某镇2023年政府信息公开工作年度报告</h1><p>一、总体情况</p></div>';
    const furniture = (info: string) => `<html><body><div class="crumbs">${info}</div>${body}</body></html>`;
    expect((await read(furniture('信息来源：某镇　发布时间：2024-01-30　浏览次数：12'), 'f.html')).text)
      .toBe('发布时间：2024-01-30\n某镇2023年政府信息公开工作年度报告\n一、总体情况\n');
    // An update, a print or a visit is not a publication; the document's own 成文日期 is taken when alone.
    expect((await read(furniture('更新时间：2024-03-01　打印时间：2024-05-01'), 'g.html')).text)
      .toBe('某镇2023年政府信息公开工作年度报告\n一、总体情况\n');
    expect((await read(furniture('成文日期：2024-01-28　更新时间：2024-03-01'), 'h.html')).text)
      .toBe('成文日期：2024-01-28\n某镇2023年政府信息公开工作年度报告\n一、总体情况\n');
  });

  it('a page whose article prints only 成文日期 gets the publication date of its furniture as well', async () => {
    const doc = await read('<html><body><div class="footer">发布日期：2024-01-30</div><h1>某镇2023年政府信息公开工作年度报告</h1><p>成文日期：2024-01-28</p><p>一、总体情况</p></body></html>', 'i.html');
    expect(doc.text).toBe('发布时间：2024-01-30\n某镇2023年政府信息公开工作年度报告\n成文日期：2024-01-28\n一、总体情况\n');
  });

  it('the page\'s `时间：` line is its publication date, also on a page in radicals', async () => {
    const record = sampleRecord(9, { organ: '青禾县人民政府' });
    const page = htmlPage(reportBlocks(record), { siteName: '青禾县人民政府' })
      .replace(/发布时间：2025-01-17/, '时间：2025-02-03 15:07')
      .replace(/一/g, '⼀').replace(/人/g, '⼈').replace(/民/g, '⺠').replace(/日/g, '⽇');
    const got = expectSameRecord(await read(page, 'j.html'), record);
    expect({ published: got.published, source: got.published_source }).toEqual({ published: '2025-02-03', source: 'page' });
  });
});
