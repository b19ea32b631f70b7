/**
 * HTML -> text lines: prose as lines, each data-table row as one tab-separated line (see
 * grid.ts). A saved web page also loses its navigation, headers and footers, and keeps its
 * title and its date line (pageDate in parser/document.ts) on top, since the parser takes the page date
 * when the report has none.
 */
import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes as T } from 'parse5';
import { findDate } from '../parser/text.ts';
import { findPageDate, type PageDate } from '../parser/document.ts';
import { cellText, collapse, expandSpans, gridLines, type SourceCell } from './grid.ts';

type Node = T.ChildNode | T.Document;

const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'select',
  'button', 'input', 'textarea', 'option', 'map', 'audio', 'video', 'canvas', 'head',
]);
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol',
  'dl', 'dt', 'dd', 'blockquote', 'pre', 'center', 'hr', 'form', 'address', 'figure', 'figcaption',
  'body', 'caption', 'td', 'th', 'tr', 'tbody', 'thead', 'tfoot', 'header', 'footer', 'table',
]);
/** Page furniture on a saved page, by tag. */
const CHROME_TAGS = new Set(['nav', 'aside', 'footer']);
/** Page furniture by id/class word (gov CMS pages: div.nav, div#footer, div.crumbs, …). */
const CHROME_WORDS = /^(nav|navbar|navigation|menu|menus|footer|foot|bottom|breadcrumbs?|crumbs?|location|position|sidebar|side|share|bdsharebuttonbox|copyright|search|toolbar|friendlinks?|links|login|banner|skip|topbar|header|head|top)$/i;
/** Words that mark the furniture on top of a page: kept when they hold the article title. */
const TOP_WORDS = /^(header|head|top|topbar|banner)$/i;

export interface HtmlText {
  lines: string[];
  tables: number;
}

/** A whole saved web page. */
export function readHtmlPage(html: string): HtmlText {
  const doc = parse(html);
  const out = new LineWriter();
  walk(doc, out, true);
  const lines = out.finish();
  const head: string[] = [];
  const title = pageTitle(doc);
  if (title && !lines.some((l) => l.includes(title))) head.push(title);
  // The parser reads the page's date from a line (pageDate in parser/document.ts): when the text
  // kept holds no publication date, the one printed elsewhere on the page (or in its meta tags) is
  // put on top, with the key it had (发布时间, or 成文日期 when that is all there is).
  const kept = findPageDate(lines);
  if (kept?.kind !== 'published') {
    const date = pageDate(doc);
    if (date && (date.kind === 'published' || kept === null)) head.push(`${date.kind === 'published' ? '发布时间' : '成文日期'}：${date.date}`);
  }
  return { lines: [...head, ...lines], tables: out.tables };
}

/** HTML made by a converter (mammoth): no page furniture to remove. */
export function readHtmlBody(html: string): HtmlText {
  const out = new LineWriter();
  walk(parse(html), out, false);
  return { lines: out.finish(), tables: out.tables };
}

class LineWriter {
  lines: string[] = [];
  tables = 0;
  private parts: string[] = [];
  text(s: string): void {
    this.parts.push(s);
  }
  flush(): void {
    const line = collapse(this.parts.join(''));
    this.parts = [];
    if (line) this.lines.push(line);
  }
  raw(lines: string[]): void {
    this.flush();
    this.lines.push(...lines);
  }
  finish(): string[] {
    this.flush();
    return this.lines;
  }
}

function walk(node: Node, out: LineWriter, page: boolean): void {
  if (node.nodeName === '#text') {
    out.text((node as T.TextNode).value);
    return;
  }
  if (!('childNodes' in node)) return;
  const el = node as T.Element;
  const tag = el.tagName;
  if (tag) {
    if (SKIP.has(tag) || hidden(el)) return;
    if (tag === 'br') return out.flush();
    if (page && isChrome(el)) return;
    if (tag === 'table' && !hasNested(el, 'table')) {
      out.raw(gridLines(expandSpans(tableRows(el))));
      out.tables++;
      return;
    }
  }
  const block = tag ? BLOCK.has(tag) : false;
  if (block) out.flush();
  for (const child of el.childNodes) walk(child, out, page);
  if (block) out.flush();
}

function attr(el: T.Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function hidden(el: T.Element): boolean {
  if (attr(el, 'hidden') !== undefined) return true;
  const style = attr(el, 'style')?.replace(/\s/g, '').toLowerCase() ?? '';
  return style.includes('display:none') || style.includes('visibility:hidden');
}

function isChrome(el: T.Element): boolean {
  if (el.tagName === 'header') return !hasNested(el, 'h1');
  if (CHROME_TAGS.has(el.tagName)) return true;
  const words = `${attr(el, 'id') ?? ''} ${attr(el, 'class') ?? ''}`.split(/[\s_-]+/).filter(Boolean);
  const chrome = words.filter((w) => CHROME_WORDS.test(w));
  if (chrome.length === 0) return false;
  // "top"/"header" blocks sometimes carry the article title; never drop one that holds a table.
  if (hasNested(el, 'table')) return false;
  if (chrome.every((w) => TOP_WORDS.test(w)) && hasNested(el, 'h1')) return false;
  return true;
}

function hasNested(el: T.Element, tag: string): boolean {
  for (const child of el.childNodes) {
    if (!('tagName' in child)) continue;
    if (child.tagName === tag || hasNested(child, tag)) return true;
  }
  return false;
}

function children(el: T.Element): T.Element[] {
  return el.childNodes.filter((c): c is T.Element => 'tagName' in c);
}

/** The rows of a data table (thead, tbody, tfoot in source order; parse5 adds tbody). */
function tableRows(table: T.Element): SourceCell[][] {
  const trs: T.Element[] = [];
  for (const child of children(table)) {
    if (child.tagName === 'tr') trs.push(child);
    else if (['thead', 'tbody', 'tfoot'].includes(child.tagName)) trs.push(...children(child).filter((c) => c.tagName === 'tr'));
  }
  return trs.map((tr, r) =>
    children(tr)
      .filter((c) => c.tagName === 'td' || c.tagName === 'th')
      .map((td) => {
        const rowspanAttr = Number.parseInt(attr(td, 'rowspan') ?? '1', 10);
        return {
          text: cellText(blockTexts(td)),
          colspan: positive(Number.parseInt(attr(td, 'colspan') ?? '1', 10)),
          // rowspan="0" spans to the end of the table.
          rowspan: rowspanAttr === 0 ? trs.length - r : positive(rowspanAttr),
        };
      }),
  );
}

function positive(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** The text of a cell, one part per paragraph or line break. */
function blockTexts(el: T.Element): string[] {
  const out = new LineWriter();
  walk(el, out, false);
  return out.finish();
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as T.TextNode).value;
  if (!('childNodes' in node)) return '';
  const el = node as T.Element;
  if (el.tagName && SKIP.has(el.tagName) && el.tagName !== 'head') return '';
  return el.childNodes.map(textOf).join(el.tagName && BLOCK.has(el.tagName) ? '\n' : '');
}

function find(node: Node, pred: (el: T.Element) => boolean): T.Element | null {
  if (!('childNodes' in node)) return null;
  const el = node as T.Element;
  if (el.tagName && pred(el)) return el;
  for (const c of el.childNodes) {
    const hit = find(c, pred);
    if (hit) return hit;
  }
  return null;
}

function meta(doc: T.Document, names: string[]): string | null {
  const el = find(doc, (e) => e.tagName === 'meta' && names.includes((attr(e, 'name') ?? attr(e, 'property') ?? '').toLowerCase()));
  const content = el ? collapse(attr(el, 'content') ?? '') : '';
  return content || null;
}

function pageTitle(doc: T.Document): string | null {
  const h1 = find(doc, (e) => e.tagName === 'h1' && collapse(textOf(e)) !== '');
  if (h1) return collapse(textOf(h1));
  const fromMeta = meta(doc, ['articletitle', 'og:title']);
  if (fromMeta) return fromMeta;
  const title = find(doc, (e) => e.tagName === 'title');
  if (!title) return null;
  // "报告标题_某某区人民政府" -> the part naming the report.
  const parts = collapse(textOf(title)).split(/\s*[_|｜—–]\s*|\s+-\s+/).filter(Boolean);
  return parts.find((p) => p.includes('报告')) ?? parts[0] ?? null;
}

/** The page's date: printed anywhere on the page (also in furniture), else from its meta tags. */
function pageDate(doc: T.Document): PageDate | null {
  const printed = findPageDate(textOf(doc).split('\n'));
  if (printed?.kind === 'published') return printed;
  const fromMeta = meta(doc, ['pubdate', 'publishdate', 'firstpublishedtime', 'article:published_time']);
  const date = fromMeta ? findDate(fromMeta) : null;
  return date ? { date, kind: 'published' } : printed;
}

/** The charset a page declares in its first bytes (meta charset or http-equiv). */
export function declaredCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 4096);
  // Plain text (most reports) has no tag at all: no need to copy the head into a string.
  if (head.indexOf(0x3c) === -1) return undefined;
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head.toString('latin1'))?.[1];
}

/** Decoded text that is an HTML page rather than plain text; `wholePage`: only a page itself (its doctype or html tag first), not text holding a table. */
export function looksLikeHtml(text: string, wholePage = false): boolean {
  const start = text.slice(0, 2048);
  // Both patterns need a tag: text without a '<' is not HTML, whatever else it holds.
  if (!start.includes('<')) return false;
  const head = start.trimStart().toLowerCase();
  return /^(<!doctype html|<html|<head|<meta|<\?xml[^>]*>\s*<(!doctype )?html)/.test(head) || (!wholePage && /<(html|body|table)[\s>]/.test(head));
}
