/** A 整改通知 (shared/notice.ts) as a Word document: A4, title centred, items numbered as built. */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Notice } from '../../shared/notice.ts';

const FONT = { ascii: 'Times New Roman', eastAsia: '仿宋_GB2312', hAnsi: 'Times New Roman' };

function para(text: string, opts: { bold?: boolean; indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; size?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: opts.align,
    indent: opts.indent ? { firstLine: 640 } : undefined,
    spacing: { line: 480 },
    children: [new TextRun({ text, bold: opts.bold, font: FONT, size: opts.size ?? 32 })],
  });
}

export async function noticeDocx(n: Notice): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, spacing: { after: 400 },
      children: [new TextRun({ text: n.title, bold: true, font: { ascii: 'Times New Roman', eastAsia: '方正小标宋简体', hAnsi: 'Times New Roman' }, size: 40 })],
    }),
    para(n.addressee),
    para(n.intro, { indent: true }),
  ];
  for (const item of n.items) {
    children.push(para(item.heading, { bold: true, indent: true }));
    children.push(para(item.message, { indent: true }));
    for (const c of item.cells) children.push(para(`涉及：${c}`, { indent: true, size: 28 }));
  }
  if (n.closing) children.push(para(n.closing, { indent: true }));
  children.push(para(n.signature, { align: AlignmentType.RIGHT }), para(n.date, { align: AlignmentType.RIGHT }));
  const doc = new Document({
    creator: '政府信息公开年报看板', title: n.title,
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } }, children }],
  });
  return Packer.toBuffer(doc);
}
