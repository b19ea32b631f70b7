/**
 * What every printed page carries at its foot: the data source and the print date at the left,
 * 第 N / M 页 at the right, as an @page rule with margin boxes (drawn by Chromium). Pure, so it
 * is tested in node; print.ts puts it in the page.
 */
const SOURCE = '数据来源：各单位政府信息公开工作年度报告';

/** A CSS string literal: quotes, backslashes and line breaks escaped, nothing else can end it. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`;
}

export function footerCss(title: string, printed: Date): string {
  const date = `${printed.getFullYear()}-${String(printed.getMonth() + 1).padStart(2, '0')}-${String(printed.getDate()).padStart(2, '0')}`;
  const left = `${title} · ${SOURCE} · 打印日期 ${date}`;
  return `@page {
  @bottom-left { content: ${cssString(left)}; font-size: 8pt; color: #555; }
  @bottom-right { content: "第 " counter(page) " / " counter(pages) " 页"; font-size: 8pt; color: #555; }
}`;
}
