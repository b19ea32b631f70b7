/**
 * Test fixtures made from records at test time: the report as blocks (paragraphs and the three
 * template tables with the national template's merged cells), then written as a saved web page,
 * a .docx (the `docx` package) or a PDF (LibreOffice converting that .docx).
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import {
  ACTIVE_FIELD_LABELS, ACTIVE_ITEMS, APPEAL_COLUMNS, APPEAL_GROUPS, CELLS, REQUEST_COLUMNS, REQUEST_ROWS, SECTIONS,
  emptyTables, getCell, setCell, type ReportRecord, type Value,
} from '../../server/report/template.ts';

export interface FixtureCell {
  text: string;
  colspan?: number;
  rowspan?: number;
}
export type FixtureTable = FixtureCell[][];
export type Block = { kind: 'p'; text: string } | { kind: 'table'; table: FixtureTable };

const num = (v: Value): FixtureCell => ({ text: v === null ? '' : String(v) });

export function activeTable(record: ReportRecord): FixtureTable {
  const rows: FixtureTable = [];
  let article = '';
  for (const item of ACTIVE_ITEMS) {
    const fields = item.fields as readonly (keyof typeof ACTIVE_FIELD_LABELS)[];
    if (item.article !== article) {
      article = item.article;
      rows.push([{ text: article, colspan: 4 }]);
      rows.push([{ text: '信息内容' }, ...fields.map((f) => ({ text: ACTIVE_FIELD_LABELS[f], colspan: fields.length === 1 ? 3 : 1 }))]);
    }
    rows.push([
      { text: item.label },
      ...fields.map((f) => ({ ...num(getCell(record, { section: 'active', row: item.key, column: f })), colspan: fields.length === 1 ? 3 : 1 })),
    ]);
  }
  return rows;
}

export function requestsTable(record: ReportRecord): FixtureTable {
  const applicants = REQUEST_COLUMNS.filter((c) => c.key !== 'total');
  const rows: FixtureTable = [
    [{ text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', colspan: 3, rowspan: 3 }, { text: '申请人情况', colspan: 7 }],
    [{ text: '自然人', rowspan: 2 }, { text: '法人或其他组织', colspan: 5 }, { text: '总计', rowspan: 2 }],
    applicants.slice(1).map((c) => ({ text: c.short })),
  ];
  const outer = REQUEST_ROWS.find((r) => r.group !== null)!.group!;
  REQUEST_ROWS.forEach((row, i) => {
    const cells: FixtureCell[] = [];
    const prev = REQUEST_ROWS[i - 1];
    if (row.group === null) cells.push({ text: row.label, colspan: 3 });
    else {
      if (prev?.group == null) cells.push({ text: outer, rowspan: REQUEST_ROWS.filter((r) => r.group !== null).length });
      if (row.group === outer) cells.push({ text: row.label, colspan: 2 });
      else {
        if (prev?.group !== row.group) cells.push({ text: row.group, rowspan: REQUEST_ROWS.filter((r) => r.group === row.group).length });
        cells.push({ text: row.label });
      }
    }
    for (const col of REQUEST_COLUMNS) cells.push(num(getCell(record, { section: 'requests', row: row.key, column: col.key })));
    rows.push(cells);
  });
  return rows;
}

export function appealsTable(record: ReportRecord): FixtureTable {
  const [review, ...litigation] = APPEAL_GROUPS;
  return [
    [{ text: review!.label, colspan: 5 }, { text: '行政诉讼', colspan: 10 }],
    [...APPEAL_COLUMNS.map((c) => ({ text: c.label, rowspan: 2 })), ...litigation.map((g) => ({ text: g.short, colspan: 5 }))],
    litigation.flatMap(() => APPEAL_COLUMNS.map((c) => ({ text: c.label }))),
    APPEAL_GROUPS.flatMap((g) => APPEAL_COLUMNS.map((c) => num(getCell(record, { section: 'appeals', row: g.key, column: c.key })))),
  ];
}

export interface BlockOptions {
  /** Paragraphs of filler before the 申请 table, to push it over a page break in a PDF. */
  fillerBeforeRequests?: number;
}

export function reportBlocks(record: ReportRecord, options: BlockOptions = {}): Block[] {
  const p = (text: string): Block => ({ kind: 'p', text });
  const blocks: Block[] = [p(`${record.organ}${record.year}年政府信息公开工作年度报告`)];
  blocks.push(p(`本报告根据《中华人民共和国政府信息公开条例》要求编制，数据统计期限自${record.year}年1月1日起至${record.year}年12月31日止。`));
  for (const s of SECTIONS) {
    blocks.push(p(`${s.no}、${s.title}`));
    if (s.key === 'active') blocks.push({ kind: 'table', table: activeTable(record) });
    else if (s.key === 'requests') {
      for (let i = 0; i < (options.fillerBeforeRequests ?? 0); i++) blocks.push(p(`本段为排版填充文字，用于让下面的表格跨页显示（第${i + 1}段）。`));
      blocks.push({ kind: 'table', table: requestsTable(record) });
    } else if (s.key === 'appeals') blocks.push({ kind: 'table', table: appealsTable(record) });
    else blocks.push(p(record.narrative[s.key] ?? `本年度${s.title}的文字说明。`));
  }
  return blocks;
}

// ---------------------------------------------------------------- HTML

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function htmlTable(table: FixtureTable): string {
  const rows = table.map(
    (row) => `<tr>${row.map((c) => `<td${c.colspan && c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}${c.rowspan && c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}>${c.text ? `<p>${escape(c.text)}</p>` : '&nbsp;'}</td>`).join('')}</tr>`,
  );
  return `<table border="1" cellspacing="0"><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

export interface PageOptions {
  charset?: string;
  date?: string;
  siteName?: string;
}

/** A page as saved from a county government site: navigation, scripts, a footer around the article. */
export function htmlPage(blocks: Block[], options: PageOptions = {}): string {
  const [title, ...body] = blocks;
  const site = options.siteName ?? '某某区人民政府';
  const content = body.map((b) => (b.kind === 'p' ? `<p>${escape(b.text)}</p>` : htmlTable(b.table))).join('\n');
  return `<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=${options.charset ?? 'utf-8'}">
<title>${escape(title!.kind === 'p' ? title!.text : '')}_${site}</title>
<script>var nav = "首页 政务公开 2019年1月1日";</script><style>.nav{color:red}</style></head>
<body>
<div class="header"><div class="logo">${site}</div><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a>互动交流</a></li></ul></div>
<div class="crumbs">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
<div class="article">
<h1>${escape(title!.kind === 'p' ? title!.text : '')}</h1>
<div class="info">来源：${site}办公室　发布时间：${options.date ?? '2025-01-17'}　浏览次数：<span id="count">128</span></div>
<div class="TRS_Editor">
${content}
</div></div>
<div class="share">分享到：微信 微博</div>
<div id="footer"><p>主办单位：${site}办公室 联系电话：0517-12345678</p><p>网站标识码 3208130001 苏ICP备05000000号</p></div>
</body></html>`;
}

// ---------------------------------------------------------------- DOCX

export async function docxFile(blocks: Block[]): Promise<Buffer> {
  const children = blocks.map((b) => {
    if (b.kind === 'p') return new Paragraph({ text: b.text });
    const width = b.table[0]!.reduce((n, c) => n + (c.colspan ?? 1), 0);
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      columnWidths: Array.from({ length: width }, () => Math.floor(9000 / width)),
      rows: b.table.map(
        (row) =>
          new TableRow({
            children: row.map(
              (c) => new TableCell({ children: [new Paragraph({ text: c.text })], columnSpan: c.colspan, rowSpan: c.rowspan }),
            ),
          }),
      ),
    });
  });
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

// ---------------------------------------------------------------- records

/**
 * A record with varied values, blank cells in every table, a two-decimal fee and sums that hold.
 * Deterministic for a seed.
 */
export function sampleRecord(seed = 1, overrides: Partial<ReportRecord> = {}): ReportRecord {
  const record: ReportRecord = {
    ...emptyTables(), organ: '某某区人民政府', year: 2024, published: null, published_source: null,
    template: '2021', headings: [], narrative: { overview: null, problems: null, other: null }, ...overrides,
  };
  CELLS.forEach((c, i) => {
    const x = (i * 37 + seed * 11) % 17;
    setCell(record, c, x === 3 || x === 9 ? null : x);
  });
  setCell(record, { section: 'active', row: 'fees', column: 'amount_wan_yuan' }, 12.34 + seed);
  return record;
}
