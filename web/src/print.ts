/**
 * What every printed page carries at its foot: the data source and the print date at the left,
 * 第 N / M 页 at the right. Chromium draws these in the @page margin boxes; the text is written
 * into one <style> element as a CSS string, escaped, and refreshed when the page changes.
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

export function updatePrintFooter(title: string): void {
  let el = document.getElementById('print-footer') as HTMLStyleElement | null;
  if (!el) {
    el = document.createElement('style');
    el.id = 'print-footer';
    document.head.appendChild(el);
  }
  el.textContent = footerCss(title, new Date());
}
