/**
 * The report as a document: title (organ, year), numbered section headings, the printed or page
 * date, the free-text sections, and the line ranges holding the three tables.
 */
import { SECTIONS, type ReportRecord, type SectionNo } from '../template.ts';
import { bigrams, classify, dice, findDate, isPageMark, isSpace, nfkc, normLabel } from './text.ts';

export type Heading = ReportRecord['headings'][number];

const TITLE_GRAMS = SECTIONS.map((s) => bigrams(normLabel(s.title)));
const NUMERALS = SECTIONS.map((s) => s.no) as readonly string[];
/**
 * Cheap test before the costly one: a heading line starts with its numeral, after white space
 * and the marks a web page or markdown puts first (`^[\s>#*]*[一二三四五六]`).
 */
function headingStart(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (isSpace(c) || c === 0x3e /* > */ || c === 0x23 /* # */ || c === 0x2a /* * */) continue;
    return c === 0x4e00 || c === 0x4e8c || c === 0x4e09 || c === 0x56db || c === 0x4e94 || c === 0x516d; // 一二三四五六
  }
  return false;
}

/**
 * A heading is a text-only line `N、title` whose title is close to the template's title for N.
 * Table row labels also start with 一、…四、 (`四、结转下年度继续办理`) but their wording is far
 * from the section titles, so the similarity keeps them out.
 */
export function findHeadings(lines: readonly string[]): Heading[] {
  const out: Heading[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.length > 80 || !headingStart(line)) continue;
    let h = HEADING_MEMO.get(line);
    if (h === undefined) {
      h = heading(line);
      if (HEADING_MEMO.size >= 5000) HEADING_MEMO.clear();
      HEADING_MEMO.set(line, h);
    }
    if (h) out.push({ no: h.no, title: h.title, line: i + 1 });
  }
  return out;
}

/** The heading a line prints (numeral and title as printed), or null. Reports repeat these lines: remembered. */
function heading(line: string): { no: SectionNo; title: string } | null {
  const t = normLabel(line);
  const m = /^([一二三四五六])\.?(.{2,30})$/.exec(t);
  if (!m) return null;
  const k = NUMERALS.indexOf(m[1] as string);
  const rest = m[2] as string;
  if (k < 0 || /\d/.test(rest) || line.split(/[\t ]+/).some((x) => classify(x).kind === 'number')) return null;
  const grams = TITLE_GRAMS[k];
  if (!grams || dice(bigrams(rest), grams) < 0.55) return null;
  // The title as printed (spaces removed), after the numeral and its mark.
  const printed = line.replace(/[\s\u3000\f]+/g, '').replace(/^[一二三四五六]\s*[、.．]?/, '');
  return { no: m[1] as SectionNo, title: printed };
}
const HEADING_MEMO = new Map<string, { no: SectionNo; title: string } | null>();

export interface Title {
  organ: string;
  year: number | null;
  /** 0-based index of the (last) title line. */
  index: number;
}

const TITLE_RE = /^(.*?)(?:关于)?((?:19|20)\d{2})年度?(.*?)(?:政府信息|政务信息|政务)公开(?:工作)?(?:年度)?(?:报告|年报)/;
const LOOSE_TITLE_RE = /(?:政府信息|政务信息|政务)公开(?:工作)?(?:年度报告|年报)/;

function toArabicYear(s: string): string {
  return s.replace(/[〇零○一二三四五六七八九]{4}(?=年)/g, (y) =>
    [...y].map((c) => '〇一二三四五六七八九'.indexOf(c.replace(/[零○]/, '〇'))).join(''));
}

function cleanOrgan(s: string): string {
  return s.replace(/[的]$/, '').replace(/^[>＞\s]+/, '');
}

/** The report's title: the first line (before section 一) naming a year and 政府信息公开…年度报告. */
export function findTitle(lines: readonly string[], firstHeading: number): Title | null {
  const limit = Math.min(lines.length, firstHeading > 0 ? firstHeading : 60);
  for (let i = 0; i < limit; i++) {
    const raw = lines[i] ?? '';
    const squeezed = nfkc(raw).replace(/[\s\u3000]+/g, '');
    // Arabic years leave the length and LOOSE_TITLE_RE's answer as they are (it names no numeral): test first.
    if (squeezed.length > 60 || !LOOSE_TITLE_RE.test(squeezed)) continue;
    const t = toArabicYear(squeezed);
    const m = TITLE_RE.exec(t);
    if (!m) continue;
    let organ = cleanOrgan(m[1] as string) || cleanOrgan(m[3] as string);
    if (organ === '' && i > 0) {
      // The organ on its own line above: 西交口乡人民政府 / 2024年政府信息公开工作年度报告.
      for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
        const prev = (lines[j] ?? '').replace(/[\s\u3000]+/g, '');
        if (prev === '') continue;
        if (isOrganLine(prev)) organ = prev;
        break;
      }
    }
    return { organ, year: Number(m[2]), index: i };
  }
  return null;
}

/**
 * A line that can be an organ's name: short, with Chinese text, and not a date, a page number,
 * a `发布时间：…` or a breadcrumb (`首页>…`). Digits are allowed (演示1县某某镇).
 */
export function isOrganLine(t: string): boolean {
  return t.length >= 2 && t.length <= 30 && /[\u4e00-\u9fff]/.test(t) && !/[:：>＞〔〕［］\[\]]/.test(t)
    && findDate(t) === null && !isPageMark(t) && !/\d{4}年/.test(nfkc(t));
}

/** An organ's name as signed at the end of a report: it ends like one. */
export const SIGNATURE_END = /(?:政府|办公室|委员会|局|镇|乡|街道|办事处)$/;

/** A year anywhere near the top (`2024年度政府信息公开…`) when the title is not in a usual form. */
export function looksLikeReport(text: string): boolean {
  return LOOSE_TITLE_RE.test(text.slice(0, 20000).replace(/[\s\u3000]+/g, ''));
}

export interface Published {
  date: string | null;
  source: 'report' | 'page' | null;
  /** 0-based line of a printed date (the report's end), for trimming the narrative. */
  index: number | null;
}

/**
 * A date a web page (or a dump of one) prints about the document, by its key:
 * - `published`: 发布时间/发布日期/发布于/发布：, 公开/公布/发文/印发/发表/刊发/签发/上网/上线/发稿 + 时间/日期,
 *   and a bare 时间：/日期： (after a space or a mark, e.g. `来源：××县人民政府  时间：2023-02-20 15:07`);
 * - `written`: 成文日期/成文时间, the document's own date, taken only when the page names no
 *   publication date;
 * - every other key (采集时间, 访问时间, 更新时间, 修改时间, 打印时间, 生成日期, 统计时间, 截止日期 …)
 *   is not a publication date: an update or a print is not when the report was published.
 * The date must follow its key, after at most a colon, spaces or a bracket.
 */
export interface PageDate {
  date: string;
  kind: 'published' | 'written';
}

const DATE_KEY = /发布于?|时间|日期/g;
const PUBLISHED_WORDS = new Set(['发布', '公开', '公布', '发文', '印发', '发表', '刊发', '签发', '上网', '上线', '发稿']);
const LEADING_DATE =
  /^[\s:：【】[\]（）()]{0,4}(\d{4}\s*(?:年|-|\.|\/)\s*\d{1,2}\s*(?:月|-|\.|\/)\s*\d{1,2}|[〇零○一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,4}\s*日)/;

/** Every date printed after a key on the line, with what its key says (`other`: not publication). */
function keyedDates(line: string): { date: string; kind: PageDate['kind'] | 'other' }[] {
  // Quick refusal: no key at all (most lines).
  if (!line.includes('时间') && !line.includes('日期') && !line.includes('发布')) return [];
  const t = nfkc(line);
  const out: { date: string; kind: PageDate['kind'] | 'other' }[] = [];
  DATE_KEY.lastIndex = 0;
  for (let m = DATE_KEY.exec(t); m !== null; m = DATE_KEY.exec(t)) {
    const lead = LEADING_DATE.exec(t.slice(m.index + m[0].length, m.index + m[0].length + 40));
    const date = lead ? findDate(lead[1] as string) : null;
    if (date === null) continue;
    let kind: PageDate['kind'] | 'other';
    if (m[0].startsWith('发布')) kind = 'published';
    else {
      const word = t.slice(Math.max(0, m.index - 2), m.index);
      const before = m.index > 0 ? t.charCodeAt(m.index - 1) : 0;
      if (PUBLISHED_WORDS.has(word)) kind = 'published';
      else if (word === '成文') kind = 'written';
      else kind = before >= 0x3400 && before <= 0x9fff ? 'other' : 'published';
    }
    out.push({ date, kind });
  }
  return out;
}

/** The publication (else 成文) date a page line prints, by the rules of PageDate; null when none. */
export function pageDate(line: string): PageDate | null {
  let written: PageDate | null = null;
  for (const d of keyedDates(line)) {
    if (d.kind === 'published') return { date: d.date, kind: 'published' };
    if (d.kind === 'written' && written === null) written = { date: d.date, kind: 'written' };
  }
  return written;
}

/** The first publication date of lines[from, to), else the first 成文 date, among those `accept` takes. */
export function findPageDate(lines: readonly string[], from = 0, to = lines.length, accept: (date: string) => boolean = () => true): PageDate | null {
  let written: PageDate | null = null;
  for (let i = from; i < Math.min(to, lines.length); i++) {
    const d = pageDate(lines[i] ?? '');
    if (d === null || !accept(d.date)) continue;
    if (d.kind === 'published') return d;
    written ??= d;
  }
  return written;
}

/**
 * The date printed at the end of the report (a short line among the last few, without a key like
 * 发布时间/打印时间), else the web page's own date (pageDate) above the report, else one below it,
 * else null. A date before the reporting year or more than two years after it is neither (it is a
 * statistics period, a quoted document, or a page re-published long after).
 */
export function findPublished(lines: readonly string[], year: number, top: number): Published {
  const inRange = (d: string) => Number(d.slice(0, 4)) >= year && Number(d.slice(0, 4)) <= year + 2;
  let seen = 0;
  let from = lines.length;
  for (let i = lines.length - 1; i >= 0 && seen < 8; i--) {
    const t = (lines[i] ?? '').replace(/[\s\u3000>]+/g, '');
    if (t === '') continue;
    seen++;
    from = i;
    if (keyedDates(lines[i] ?? '').length > 0 || t.length > 40) continue;
    const d = findDate(lines[i] ?? '');
    if (d && inRange(d)) return { date: d, source: 'report', index: i };
  }
  const page = findPageDate(lines, 0, top, inRange) ?? findPageDate(lines, Math.max(from, top), lines.length, inRange);
  if (page) return { date: page.date, source: 'page', index: null };
  return { date: null, source: null, index: null };
}

/** The text of a free-text section: its non-empty lines, trimmed, one per line. */
export function sectionText(lines: readonly string[], from: number, to: number): string | null {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const line = lines[i] ?? '';
    const t = (line.includes('\f') ? line.replace(/\f/g, '') : line).trim();
    if (t !== '' && !isPageMark(t)) out.push(t);
  }
  return out.length ? out.join('\n') : null;
}
