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

/**
 * The words that name the report: 政府信息公开工作年度报告 and the forms titles also use — 政务公开,
 * 信息公开, 年报, 工作报告, 工作情况的报告, and the year inside (政府信息公开工作2024年度报告).
 */
const NAME = '(?:政府信息|政务信息|政务|信息)公开(?:工作)?(?:情况的?)?(?:年度)?(?:报告|年报)';
const TITLE_RE = new RegExp(`^(.*?)(?:关于)?((?:19|20)\\d{2})年度?(.*?)${NAME}`);
/** The year printed after the title (`政府信息公开工作年度报告（2024年度）`) or inside it (`…公开工作2024年度报告`). */
const YEAR_AFTER_RE = /^(.*?)(?:政府信息|政务信息|政务|信息)公开(?:工作)?(?:(?:情况的?)?(?:年度)?(?:报告|年报)[(（【[]?((?:19|20)\d{2})年度?[)）】\]]?|((?:19|20)\d{2})年度?(?:报告|年报))/;
const LOOSE_TITLE_RE = /(?:政府信息|政务信息|政务|信息)公开(?:工作)?(?:情况的?|(?:19|20)\d{2}年度?)?(?:年度)?(?:报告|年报)/;
/** What looksLikeReport looks for: the national template's name. */
const REPORT_NAME_RE = /(?:政府信息|政务信息|政务)公开(?:工作)?(?:年度报告|年报)/;
/** A sentence announcing the report (`现将2024年政府信息公开工作年度报告公布如下`), not its title. */
const ANNOUNCING = /(?:现将|特将|将|现|予以|公布|发布|编制|形成|印发|制定)$/;
/** A line that may begin a title wrapped after its year (`…2024年政府信息` / `公开工作年度报告`). */
const YEAR_HEAD = /(?:19|20)\d{2}(?:年|$)|[〇零○一二三四五六七八九OoΟ0]{4}(?:年|$)/;
/** Sentence punctuation (after NFKC), which a title does not hold. */
const SENTENCE = /[，。；,;!?！？]/;
/** A line ending in the year of a title cut after it (`青禾县2024` / `年政府信息公开…`). */
const YEAR_END = /(?:19|20)\d{2}(?:年度?)?$/;
/** The last one to three characters of a title (`告`, `报告`) printed before its year, the rest after it. */
const DISPLACED_END = /^([\u4e00-\u9fff]{1,3})((?:19|20)\d{2}年.{4,40})$/;
/** A line holding only the year of the title above it: `（2024年度）`. */
const YEAR_LINE = /^[(（【[]?(?:19|20)\d{2}年?度?[)）】\]]?$/;

function toArabicYear(s: string): string {
  // Four Chinese numerals before 年; a zero is also written as a Latin O or a digit 0 (二O二四年).
  return s.replace(/[〇零○OoΟ0一二三四五六七八九]{4}(?=年)/g, (y) =>
    /[一二三四五六七八九]/.test(y) ? [...y].map((c) => '〇一二三四五六七八九'.indexOf(/[零○OoΟ0]/.test(c) ? '〇' : c)).join('') : y);
}

/**
 * A line as a title or an organ is read from it: NFKC, no white space, and no markup around it —
 * markdown (`#`, `>`, `**`, `- `), pandoc anchors (`[]{#id}`), backslash escapes, lynx link
 * numbers (`[12]`), labels (`标题：`, `[标题]`, `【标题】`), bullets, and brackets or quotes that
 * enclose the whole line.
 */
export function titleText(line: string): string {
  let t = nfkc(line).replace(/[\s\u3000]+/g, '');
  if (t === '') return t;
  // Most lines begin with an ideograph (that no label begins with) and end with one or a digit: no markup.
  const first = t.charCodeAt(0), last = t.charCodeAt(t.length - 1);
  if (first >= 0x4e00 && first <= 0x9fff && !LABEL_STARTS.includes(first)
    && ((last >= 0x4e00 && last <= 0x9fff) || (last >= 48 && last <= 57))) return t;
  if (t.includes('\\')) t = t.replace(/\\/g, '');
  // Emphasis inside the line too (`**青禾县…政府****2024**`): a title holds no asterisk.
  if (t.includes('*')) t = t.replace(/\*+/g, '');
  if (t.includes('{')) t = t.replace(/\[\]\{[^}]*\}/g, '').replace(/\{[#.][^}]*\}$/, '');
  for (let prev = ''; prev !== t;) {
    prev = t;
    t = t.replace(/^(?:[#>*_=+|•·◆◇■□★☆●▪►▶※-]+|\[(?:\d+|IMG|标题|题目)\]|【(?:标题|题目)】|(?:文章|正文|信息)?(?:标题|题目)[:：])/i, '');
    // Marks around the whole line: **…**, 【…】, 《…》, “…”, […] (not a link: `[…](url)` keeps its text).
    t = t.replace(/[*_|#]+$/, '');
    const m = /^([【《「『“"'[(（])(.*)([】》」』”"'\])）])$/.exec(t);
    if (m && PAIRS[m[1] as string] === m[3]) t = m[2] as string;
    else if (/^\[[^\]]+\]\([^)]*\)$/.test(t)) t = t.replace(/^\[([^\]]+)\]\([^)]*\)$/, '$1');
  }
  return t;
}
/** A tag (`<img …>`): markup, never a breadcrumb's separator. */
const MARKUP = /[<＜][^>＞]*[>＞]/;
/** 标 题 文 正 信: the first characters of the labels titleText removes. */
const LABEL_STARTS = [0x6807, 0x9898, 0x6587, 0x6b63, 0x4fe1];
const PAIRS: Record<string, string> = { '【': '】', '《': '》', '「': '」', '『': '』', '“': '”', '"': '"', "'": "'", '[': ']', '(': ')', '（': '）' };

/**
 * A breadcrumb (`当前位置：首页 > 政务公开 > …`, `首页>信息公开>年报`): a title found only there is
 * taken when no other line gives one.
 */
function isBreadcrumb(t: string): boolean {
  if (MARKUP.test(t)) return false;
  return /^(?:当前位置|您的位置|您现在的位置|现在位置|所在位置|位置)[:：]/.test(t) || (/[>»›]/.test(t) && /首页|主页|位置|公开|首頁/.test(t));
}

/**
 * The organ's part of a title: after the last separator, without what comes before its first
 * ideograph (`2025-01-17 `, a browser's `12/3/26 8:14 AM`), 关于, a trailing 的 and stray marks.
 */
function cleanOrgan(s: string): string {
  // A tag (`<img …>`) is kept whole, never cut at its `>` as a breadcrumb would be: the parser
  // refuses a name that holds markup (see parseReport).
  if (MARKUP.test(s)) return s.trim();
  const cut = s.replace(/^.*[,，。;；:：!！?？、>＞»›|]/, '');
  // Nor does an organ's name begin with ASCII: a date, a time or a browser's print header before it goes.
  return cut.replace(/^[\x00-\x7f【《「『“”（）]+/, '').replace(/^关于/, '')
    .replace(/[\s*_】\]》」』”"'(（)）\-—–·•]+$/, '').replace(/的$/, '');
}

/** Organ words that end a complete name whatever comes next (a line above ending so is not a cut name). */
const COMPLETE_END = /(?:政府|办公室|办公厅|办事处|委员会|管委会|街道)$/;
/** A bare kind of organ, the end of a name cut before it (`青禾县人民政府` / `办公室2024年…`). */
const BARE_KIND = /^(?:办公室|办公厅|办事处|委员会|管委会|人民政府|政府)$/;
/** A name that begins with a place (`青禾县…`, `金乡县羊山镇…`): not the rest of a name cut above it. */
const PLACE_START = /^[^和与及、]{2,8}?(?:省|市|县|区|州|盟|旗|镇|乡|街道)/;
/** Page furniture and headings that stand above a title but are never part of an organ's name. */
const FURNITURE = /首页|主页|位置|打印|关闭|窗口|字体|分享|收藏|浏览|来源|发布|索引|文号|栏目|专栏|目录|正文|附件|下载|搜索|登录|导航|网站|主办|版权|(?:公开|年报|报告|通知|公告|网|简介|概况)$/;

/** A line above a title that can be the beginning of its organ's name, cut by a line break. */
function partialName(p: string): boolean {
  return p.length >= 1 && p.length <= 28 && /^[\u4e00-\u9fff0-9]+$/.test(p) && /[\u4e00-\u9fff]/.test(p)
    && !FURNITURE.test(p) && !YEAR_HEAD.test(p);
}

/** The leading markdown or quote marks of a raw line (`#`, `##`, `>`), which a line's continuation repeats. */
function leadingMarks(line: string): string {
  return /^[\s\u3000]*([#>]*)/.exec(line)?.[1] ?? '';
}

/** The nearest non-empty line above `at` (its index and title text), skipping at most `blanks` empty lines. */
function lineAbove(lines: readonly string[], at: number, blanks: number): { i: number; t: string } | null {
  for (let j = at - 1; j >= 0 && j >= at - 1 - blanks; j--) {
    const t = titleText(lines[j] ?? '');
    if (t !== '') return { i: j, t };
  }
  return null;
}

function lineBelow(lines: readonly string[], at: number, limit: number, blanks: number): { i: number; t: string } | null {
  for (let j = at + 1; j < limit && j <= at + 1 + blanks; j++) {
    const t = titleText(lines[j] ?? '');
    if (t !== '') return { i: j, t };
  }
  return null;
}

/** Whether `name` is printed in the report below its title (in the text or the signature). */
function printedBelow(lines: readonly string[], from: number, name: string): boolean {
  for (let i = from; i < lines.length; i++) if ((lines[i] as string).includes(name)) return true;
  return false;
}

/**
 * The organ of a title whose first line is `start`, from the title's own organ part `organ`:
 * - none: the organ's own line above (`西交口乡人民政府` / `2024年政府信息公开工作年度报告`);
 * - a name cut by a line break (`青禾县发展和改` / `革局2024年…`, or `青禾县发展和` / `改革局` /
 *   `2024年…`): the part is not a complete name (it does not begin with a place) and the line
 *   just above (at most one blank line between, the same markdown marks) can begin one (CJK only,
 *   no furniture, no year). They are joined when the joined name is printed in the report below,
 *   or else when the line above does not end a complete name of its own (`…人民政府`, `…办公室`)
 *   unless the part is a bare kind (`办公室`).
 */
function titleOrgan(lines: readonly string[], start: number, end: number, organ: string): string {
  let o = organ;
  let at = start;
  for (let step = 0; step < 3; step++) {
    if (o !== '' && PLACE_START.test(o)) break;
    if (o === '') {
      const above = lineAbove(lines, at, 2);
      if (above === null || !isOrganLine(above.t)) break;
      o = above.t;
      at = above.i;
      continue;
    }
    const above = lineAbove(lines, at, 1);
    if (above === null || !partialName(above.t) || (above.t + o).length > 30) break;
    if (leadingMarks(lines[above.i] as string) !== leadingMarks(lines[at] as string)) break;
    const joined = above.t + o;
    if (!printedBelow(lines, end + 1, joined) && COMPLETE_END.test(above.t) && !BARE_KIND.test(o)) break;
    o = joined;
    at = above.i;
  }
  return o;
}

/** The title read from `t` (one line, or lines joined), its lines start..end; null when `t` is none. */
function readTitle(lines: readonly string[], t: string, start: number, end: number): Title | null {
  const a = toArabicYear(t);
  let organ: string;
  let year: number;
  const m = TITLE_RE.exec(a);
  if (m) {
    // A sentence that names the report is not its title: no comma before the year, nor a long line with one.
    if (m[0].length > 60 || SENTENCE.test(m[1] as string) || ANNOUNCING.test(m[1] as string) || (a.length > 60 && SENTENCE.test(a))) return null;
    // The organ before the year (青禾县2024年…), else after it (2024年青禾县…).
    const after = cleanOrgan(m[3] as string);
    organ = cleanOrgan(m[1] as string) || (/^[\u4e00-\u9fff()（）]{2,30}$/.test(after) ? after : '');
    year = Number(m[2]);
  } else {
    const after = YEAR_AFTER_RE.exec(a);
    if (!after || after[0].length > 60) return null;
    organ = cleanOrgan(after[1] as string);
    year = Number(after[2] ?? after[3]);
  }
  if (organ === '') {
    // The organ in brackets after the name: `2024年政府信息公开工作年度报告（青禾县财政局）`.
    const tail = /^[(（【]([\u4e00-\u9fff]{2,30})[)）】]/.exec(a.slice((m ?? YEAR_AFTER_RE.exec(a) as RegExpExecArray)[0].length));
    if (tail && isOrganLine(tail[1] as string) && !YEAR_HEAD.test(tail[1] as string)) organ = tail[1] as string;
  }
  return { organ: titleOrgan(lines, start, end, organ), year, index: end };
}

/** Whether `t` alone holds a whole title (its year included). */
function wholeTitle(t: string): boolean {
  if (!LOOSE_TITLE_RE.test(t)) return false;
  const a = toArabicYear(t);
  return TITLE_RE.test(a) || YEAR_AFTER_RE.test(a);
}

/** The title that begins at line i (text t), one line or wrapped over the next ones. */
function titleAt(lines: readonly string[], i: number, t: string, limit: number): Title | null {
  if (LOOSE_TITLE_RE.test(t)) {
    const one = readTitle(lines, t, i, i);
    if (one) return one;
    if (t.length > 60) return null;
    // The year below (`…年度报告` / `（2024年度）`), or the line above holding the rest (`…2024` / `年政府信息…`).
    const below = lineBelow(lines, i, limit, 1);
    if (below && YEAR_LINE.test(below.t)) return readTitle(lines, t + below.t, i, below.i);
    const above = lineAbove(lines, i, 1);
    if (above && above.t.length <= 40 && YEAR_END.test(above.t)) return readTitle(lines, above.t + t, above.i, i);
    return null;
  }
  // A title wrapped at its last characters, set on the line below in another font than its digits:
  // pdftotext prints the wrapped end first, on the baseline of the digits (`告  2023 年政府信息公开工作年度报`).
  const displaced = DISPLACED_END.exec(t);
  if (displaced) {
    const title = readTitle(lines, `${displaced[2]}${displaced[1]}`, i, i);
    if (title) return title;
  }
  // A title wrapped after its year: this line has the year, the next one or two end it (pdftotext
  // wraps a title at 30–40 characters: `…2024年政府信息公开工作年度` / `报告`).
  if (t.length > 60 || !YEAR_HEAD.test(t)) return null;
  let joined = t;
  let at = i;
  for (let k = 0; k < 2; k++) {
    const below = lineBelow(lines, at, limit, 1);
    if (below === null || below.t.length > 60 || wholeTitle(below.t)) return null;
    joined += below.t;
    at = below.i;
    if (LOOSE_TITLE_RE.test(joined)) return readTitle(lines, joined, i, at);
  }
  return null;
}

/**
 * The report's title: the first line (before section 一) naming a year and 政府信息公开…年度报告,
 * read through markup (titleText), also when wrapped over two or three lines; its organ as
 * titleOrgan completes it. A breadcrumb naming the title is used only when no line does.
 */
export function findTitle(lines: readonly string[], firstHeading: number): Title | null {
  const limit = Math.min(lines.length, firstHeading > 0 ? firstHeading : 60);
  let crumb: { i: number; t: string } | null = null;
  for (let i = 0; i < limit; i++) {
    const t = titleText(lines[i] ?? '');
    if (t === '') continue;
    if (isBreadcrumb(t)) {
      crumb ??= { i, t };
      continue;
    }
    const title = titleAt(lines, i, t, limit);
    if (title) return title;
  }
  if (crumb && LOOSE_TITLE_RE.test(crumb.t)) {
    return readTitle(lines, crumb.t.replace(/^.*[>»›]/, ''), crumb.i, crumb.i);
  }
  return null;
}

/**
 * A line that can be an organ's name: short, with Chinese text, and not a date, a page number,
 * a `发布时间：…`, a breadcrumb (`首页>…`) or page furniture (`政务公开`, `政府信息公开年报`).
 * Digits are allowed (演示1县某某镇).
 */
export function isOrganLine(t: string): boolean {
  return t.length >= 2 && t.length <= 30 && /[\u4e00-\u9fff]/.test(t) && !/[:：>＞〔〕［］\[\]]/.test(t)
    && findDate(t) === null && !isPageMark(t) && !/\d{4}年/.test(nfkc(t)) && !FURNITURE.test(t);
}

/** An organ's name as signed at the end of a report: it ends like one. */
export const SIGNATURE_END = /(?:政府|办公室|委员会|局|镇|乡|街道|办事处)$/;

/** A year anywhere near the top (`2024年度政府信息公开…`) when the title is not in a usual form. */
export function looksLikeReport(text: string): boolean {
  return REPORT_NAME_RE.test(text.slice(0, 20000).replace(/[\s\u3000]+/g, ''));
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

/** What a printed date is written with (its numerals, marks and brackets). */
const DATE_CHARS = /[\d〇零○一二三四五六七八九十年月日号.\-/／．()（）【】[\]]/g;

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
    // A keyed date (发布时间：…, 打印时间：…) is not the report's own; the page's is looked for below.
    if (t.length > 40 || keyedDates(lines[i] ?? '').length > 0) continue;
    const d = findDate(lines[i] ?? '');
    if (d === null || !inRange(d)) continue;
    // The date alone or with the signing organ (`石家庄镇人民政府 2025年1月25日`), not a sentence
    // (`2025年1月1日起施行。`) nor a page's list of links (`青禾县2023年…年度报告 2024-01-20`).
    const rest = t.replace(DATE_CHARS, '');
    if (rest.length > 30 || SENTENCE.test(rest) || FURNITURE.test(rest)) continue;
    return { date: d, source: 'report', index: i };
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
