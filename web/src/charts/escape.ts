/**
 * The one escape for chart HTML. ECharts draws axis labels, series labels and legends on the
 * canvas (plain text, never parsed as markup), but a tooltip is an HTML element: anything a
 * tooltip formatter returns becomes its HTML content. Organ names come from report titles, so
 * every tooltip formatter builds its HTML with `html` below, which escapes each interpolated
 * value with ECharts' own `format.encodeHTML` and keeps only the formatter's literal markup.
 * Canvas text is not escaped: `&lt;` would be drawn as those four characters.
 */
import { format } from 'echarts/core';

/** A value as HTML text: `<`, `>`, `&`, `"`, `'` escaped; null and undefined are empty. */
export function escapeHtml(value: unknown): string {
  return format.encodeHTML(value == null ? '' : String(value));
}

/** A template whose interpolations are escaped: html`${organ}<br/>${rule}：${n}`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0] ?? '';
  values.forEach((v, i) => { out += escapeHtml(v) + (strings[i + 1] ?? ''); });
  return out;
}
