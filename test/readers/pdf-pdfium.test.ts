/**
 * PDFium's characters -> text runs (pdf-pdfium.ts): words stay whole, vertical writing reads top
 * to bottom as one run, a ligature is one glyph of two letters. Hand-made PDFs in fonts PDFium
 * knows without embedding them (Helvetica, STSong-Light through Adobe's CMaps).
 */
import { describe, expect, it } from 'vitest';
import { extractPdfPages } from '../../server/report/readers/pdf.ts';
import { pdfOf } from './helpers.ts';

/** UTF-16BE hex of a string: the codes of the UniGB-UCS2 CMaps. */
const ucs2 = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0')).join('');

/** A Chinese CID font that is not embedded, written horizontally (H) or vertically (V). */
function songti(direction: 'H' | 'V'): string {
  return `<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-${direction} /DescendantFonts [<< /Type /Font`
    + ' /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>'
    + ' /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0'
    + ' /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >> /DW 1000 >>] >>';
}

/** One page with this content stream and fonts F1 (Helvetica), F2 (宋体, vertical), F3 (宋体, horizontal). */
function page(content: string): Buffer {
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    songti('V'),
    songti('H'),
  ]);
}

const itemsOf = async (pdf: Buffer) => (await extractPdfPages(pdf, 'test.pdf'))[0]!.items;

describe('text runs from PDFium', () => {
  it('reads vertical writing top to bottom as one run, centred on its column', async () => {
    const items = await itemsOf(page(`BT /F2 12 Tf 100 700 Td <${ucs2('三、本年度办理结果')}> Tj ET BT /F3 12 Tf 200 700 Td <${ucs2('横排文字')}> Tj ET`));
    const vertical = items.find((i) => i.str.startsWith('三'))!;
    expect(vertical).toMatchObject({ str: '三、本年度办理结果', y: 700, size: 12, width: 12 });
    expect(vertical.x + vertical.width / 2).toBeCloseTo(100, 1);
    expect(items.find((i) => i.str.startsWith('横'))).toMatchObject({ str: '横排文字', x: 200, y: 700, width: 48 });
  });

  it('joins the letters of a ligature into the word (ﬁ in "file")', async () => {
    // \256 is the fi ligature in Helvetica's standard encoding.
    const items = await itemsOf(page('BT /F1 12 Tf 100 500 Td (A \\256le of 27 pages) Tj ET'));
    expect(items.map((i) => i.str)).toEqual(['A file of 27 pages']);
  });

  it('keeps words a space apart, and cells a column apart in separate runs', async () => {
    const items = await itemsOf(page('BT /F1 12 Tf 100 500 Td (total) Tj 40 0 Td (27) Tj 100 0 Td (35) Tj ET'));
    expect(items.map((i) => i.str)).toEqual(['total', '27', '35']);
    expect(items.map((i) => i.x)).toEqual([100, 140, 240]);
  });

  it('drops text outside the page, as a viewer does', async () => {
    const items = await itemsOf(page('BT /F1 12 Tf 100 500 Td (shown) Tj ET BT /F1 12 Tf 700 500 Td (hidden) Tj ET'));
    expect(items.map((i) => i.str)).toEqual(['shown']);
  });
});
