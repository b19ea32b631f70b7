import { beforeAll, describe, expect, it } from 'vitest';
import { convertWithSoffice } from '../../server/report/readers/legacy.ts';
import { layoutPages, type PdfItem, type PdfPage } from '../../server/report/readers/pdf-layout.ts';
import { htmlPage, reportBlocks, sampleRecord, type Block } from './fixtures.ts';
import { HAS_SOFFICE, expectSameRecord, pdfOf, read, tableLines } from './helpers.ts';

const SIZE = 12;
const widthOf = (s: string) => [...s].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? SIZE : SIZE * 0.55), 0);
/** A text item centred on x (as LibreOffice centres a cell's text). */
const c = (str: string, cx: number, y: number): PdfItem => ({ str, x: cx - widthOf(str) / 2, y, width: widthOf(str), size: SIZE });
const page = (items: PdfItem[]): PdfPage => ({ width: 595, height: 842, items, segments: [] });

describe('PDF tables printed without borders', () => {
  // Columns: group 50-110 (centre 80), label 110-180 (145), numbers 180-210, 210-240, 240-270;
  // a row every 20 points (a two-line row 37), text centred in its cell both ways.
  const items = [
    c('二、主动公开政府信息情况', 50 + widthOf('二、主动公开政府信息情况') / 2, 760),
    c('项目名称', 115, 690), c('申请人情况', 225, 700),
    c('甲', 195, 680), c('乙', 225, 680), c('总计', 255, 680),
    c('一、新收', 115, 660), c('257', 195, 660), c('293', 225, 660), c('550', 255, 660),
    c('二、结转', 115, 640), c('1', 195, 640), c('1', 255, 640),
    c('三、办理', 80, 610), c('1.公开', 145, 620), c('3', 195, 620), c('4', 225, 620), c('7', 255, 620),
    c('2.不公开', 145, 600), c('5', 195, 600), c('6', 225, 600), c('11', 255, 600),
    c('（四）其他', 145, 579.7), c('处理', 145, 562.3), c('8', 195, 571), c('9', 225, 571), c('17', 255, 571),
    c('三、收到和处理政府信息公开申请情况', 50 + widthOf('三、收到和处理政府信息公开申请情况') / 2, 530),
  ];

  it('rebuilds the grid from where the text stands: merged cells in their first cell, blanks in place', () => {
    const { lines, tables } = layoutPages([page(items)]);
    expect(tables).toBe(1);
    expect(lines).toEqual([
      '二、主动公开政府信息情况',
      '项目名称\t\t申请人情况\t\t',
      '\t\t甲\t乙\t总计',
      '一、新收\t\t257\t293\t550',
      '二、结转\t\t1\t\t1',
      '三、办理\t1.公开\t3\t4\t7',
      '\t2.不公开\t5\t6\t11',
      '\t（四）其他处理\t8\t9\t17',
      '三、收到和处理政府信息公开申请情况',
    ]);
  });

  it('a row whose cells are all blank, just above a row with numbers: two rows, not one wrapped label', () => {
    // LibreOffice's PDF of a report whose 2.没有现成… row is blank: its label line has no number,
    // and 3.补正后… one line below prints its numbers. Once read as one label `2.…3.…` with 3.'s
    // numbers, which the parser then gave to 2.
    const rows = [
      c('1.本机关不掌握', 145, 660), c('1', 195, 660), c('2', 225, 660), c('3', 255, 660),
      c('2.没有现成信息', 145, 642), c('3.补正后申请', 145, 624), c('4', 195, 624), c('5', 225, 624), c('9', 255, 624),
    ];
    const title = (t: string, y: number) => c(t, 50 + widthOf(t) / 2, y);
    const { lines, tables } = layoutPages([page([
      title('三、收到和处理政府信息公开申请情况', 730), c('申请人情况', 225, 700), c('甲', 195, 680), c('乙', 225, 680), c('总计', 255, 680),
      ...rows, title('四、政府信息公开行政复议、行政诉讼情况', 590),
    ])]);
    expect(tables).toBe(1);
    expect(lines.slice(-4, -1)).toEqual(['1.本机关不掌握\t1\t2\t3', '2.没有现成信息\t\t\t', '3.补正后申请\t4\t5\t9']);
  });

  it('the same with the blank row\'s label wrapped over two lines: a row of its own', () => {
    // LibreOffice (seed 104 report 10 of smallReport): `2.没有现成信息需要另` / `行制作` stands on no
    // row with numbers, a row's height above 3.补正后…'s; it was read into that row's label cell.
    const title = (t: string, y: number) => c(t, 50 + widthOf(t) / 2, y);
    const { lines, tables } = layoutPages([page([
      title('三、收到和处理政府信息公开申请情况', 730), c('申请人情况', 225, 700), c('甲', 195, 680), c('乙', 225, 680), c('总计', 255, 680),
      c('1.本机关不掌握', 145, 660), c('1', 195, 660), c('2', 225, 660), c('3', 255, 660),
      c('2.没有现成信息', 145, 641), c('需要另行制作', 145, 626),
      c('3.补正后申请', 145, 606), c('4', 195, 606), c('5', 225, 606), c('9', 255, 606),
      title('四、政府信息公开行政复议、行政诉讼情况', 570),
    ])]);
    expect(tables).toBe(1);
    expect(lines.slice(-4, -1)).toEqual(['1.本机关不掌握\t1\t2\t3', '2.没有现成信息需要另行制作\t\t\t', '3.补正后申请\t4\t5\t9']);
  });

  it('reads a table cut by a page break as one table', () => {
    const first = page([...items.filter((i) => i.y >= 630), c('- 1 -', 297, 40)]);
    const second = page(items.filter((i) => i.y < 630).map((i) => ({ ...i, y: i.y + 180 })));
    const { lines, tables } = layoutPages([first, second]);
    expect(tables).toBe(1);
    expect(lines).toEqual(layoutPages([page(items)]).lines);
  });

  it('joins the rest of a label a page break cut after its numbers line to its own cell', () => {
    // `2.不予公开的` prints its numbers on its label's first line; the break falls after that line
    // and the rest of the label (`其他情形`) heads the next page, above the next row.
    const first = page([
      ...items.filter((i) => i.y >= 640 && i.y < 760),
      c('三、办理', 80, 630), c('1.公开', 145, 630), c('3', 195, 630), c('4', 225, 630), c('7', 255, 630),
      c('2.不予公开的', 145, 610), c('5', 195, 610), c('6', 225, 610), c('11', 255, 610),
      c('- 1 -', 297, 40),
    ]);
    const second = page([
      c('其他情形', 145, 800),
      c('3.其他', 145, 775), c('8', 195, 775), c('9', 225, 775), c('17', 255, 775),
      c('4.总计', 145, 755), c('16', 195, 755), c('19', 225, 755), c('35', 255, 755),
    ]);
    const { lines, tables } = layoutPages([first, second]);
    expect(tables).toBe(1);
    expect(lines.slice(-4)).toEqual(['三、办理\t1.公开\t3\t4\t7', '\t2.不予公开的其他情形\t5\t6\t11', '\t3.其他\t8\t9\t17', '\t4.总计\t16\t19\t35']);
  });

  it('keeps prose as prose', () => {
    const prose = [
      c('本年度共收到申请 12 件，办结 10 件。', 50 + widthOf('本年度共收到申请 12 件，办结 10 件。') / 2, 700),
      c('联系电话：0000-1234567', 50 + widthOf('联系电话：0000-1234567') / 2, 680),
    ];
    expect(layoutPages([page(prose)])).toEqual({ lines: ['本年度共收到申请 12 件，办结 10 件。', '联系电话：0000-1234567'], tables: 0 });
  });

  it('never glues numbers a gap apart on a line that is no table', () => {
    const { lines } = layoutPages([page([c('合计', 80, 700), c('257', 195, 700), c('293', 219, 700)])]);
    expect(lines).toEqual(['合计 257 293']);
  });
});

// ---------------------------------------------------------------- real PDFs, written by hand

/** A one-page PDF (Helvetica) whose content stream is `content`. */
function pdf(content: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  return pdfOf(objects);
}

const ROWS = [
  ['Item', 'A', 'B', 'Total'],
  ['New', '257', '293', '550'],
  ['Carried', '11', '', '11'],
  ['Closed', '3', '4', '7'],
];
const COLS = [60, 140, 170, 200, 240];

/**
 * The table's text: each cell's text is shown after a Td move inside ONE text object, with no
 * space character between cells ("257" then "293" 9 points further: a PDF reader may give "257293").
 */
function tableText(): string {
  let s = 'BT /F1 10 Tf\n';
  let at = [0, 0];
  ROWS.forEach((row, r) => {
    row.forEach((text, k) => {
      if (!text) return;
      const x = k === 0 ? COLS[0]! + 3 : COLS[k + 1]! - 3 - text.length * 5.56;
      const y = 700 - r * 16;
      s += `${(x - at[0]!).toFixed(2)} ${(y - at[1]!).toFixed(2)} Td (${text}) Tj\n`;
      at = [x, y];
    });
  });
  return `${s}ET\n`;
}

/** Cell borders as LibreOffice draws them: thin filled rectangles, one per cell edge. */
function filledBorders(): string {
  let s = '0 g\n';
  const top = 712;
  const bottom = 712 - ROWS.length * 16;
  for (let r = 0; r <= ROWS.length; r++) for (let k = 0; k < COLS.length - 1; k++) s += `${COLS[k]} ${top - r * 16 - 0.25} ${COLS[k + 1]! - COLS[k]!} 0.5 re f\n`;
  for (const x of COLS) for (let r = 0; r < ROWS.length; r++) s += `${x - 0.25} ${bottom + r * 16} 0.5 16 re f\n`;
  return s;
}

describe('numbers in adjacent cells written with no space between them', () => {
  it('a table without borders: each number in its own cell', async () => {
    const doc = await read(pdf(tableText()), 'borderless.pdf');
    expect(doc).toMatchObject({ extraction: 'pdfium-grid', exactCells: true });
    expect(tableLines(doc.text)).toEqual(ROWS.map((r) => r.join('\t')));
  });

  it('a table whose borders are filled rectangles: the exact grid', async () => {
    const doc = await read(pdf(filledBorders() + tableText()), 'ruled.pdf');
    expect(doc).toMatchObject({ extraction: 'pdfium-grid', exactCells: true });
    expect(tableLines(doc.text)).toEqual(ROWS.map((r) => r.join('\t')));
  });

  it('two numbers a gap apart in a line of text stay two numbers', async () => {
    const doc = await read(pdf('BT /F1 10 Tf 60 700 Td (Received) Tj 60 0 Td (257) Tj 24 0 Td (293) Tj ET\nBT /F1 10 Tf 60 680 Td (The office received requests in the year and answered all of them in time.) Tj ET'), 'line.pdf');
    expect(doc.text.split('\n')[0]).toBe('Received 257 293');
  });
});

// ---------------------------------------------------------------- LibreOffice

/** The report's web page as a CMS editor writes it: CSS borders, which LibreOffice does not keep. */
function cmsPage(blocks: Block[]): string {
  return htmlPage(blocks)
    .replace('</head>', '<style>table{border-collapse:collapse;width:100%}td{border:1px solid #000;padding:2px 4px;text-align:center}</style></head>')
    .replaceAll('<table border="1" cellspacing="0">', '<table class="grid">')
    .replace(/<td([^>]*)><p>(.*?)<\/p><\/td>/g, '<td$1>$2</td>')
    .replace(/<td([^>]*)>&nbsp;<\/td>/g, '<td$1></td>');
}

describe.skipIf(!HAS_SOFFICE)('PDF made by LibreOffice from a web page whose tables have CSS borders', () => {
  const record = sampleRecord(3, { organ: '某某区人民政府' });
  let html = '';
  let pdfBytes: Buffer;

  beforeAll(async () => {
    html = cmsPage(reportBlocks(record));
    pdfBytes = (await convertWithSoffice(Buffer.from(html), 'html', 'pdf'))!;
  }, 120_000);

  it('draws no border at all, and still gives every number of the page in its cell, blank cells in place', async () => {
    const doc = await read(pdfBytes, 'report.pdf');
    expect(doc).toMatchObject({ format: 'pdf', extraction: 'pdfium-grid', exactCells: true });
    const page = await read(Buffer.from(html), 'report.html');
    // Rows with numbers, their labels left out (a label cut by a page break may lose a character
    // to the next row; the parser still knows the row).
    const numbers = (text: string) => tableLines(text).filter((l) => /\d/.test(l)).map((l) => l.split('\t').map((c) => (/^[\d.]*$/.test(c) ? c : '·')).join('\t'));
    expect(numbers(doc.text)).toEqual(numbers(page.text));
  });

  it('round-trips: record -> web page -> LibreOffice PDF -> text -> parser -> the same record', async () => {
    expectSameRecord(await read(pdfBytes, 'report.pdf'), record);
  });
});
