/**
 * The parsing pipeline: lines -> document parts (title, headings, date, narrative) -> the three
 * table regions -> rows (per-table layout) -> the template matcher -> one record + review.
 *
 * When is it a record? The text must name itself a 政府信息公开工作年度报告 with a year in its
 * title, and at least one of the three statistical tables must be found (a row of it matched).
 * A table the report does not print leaves its cells null, each with a review entry; a report
 * with none of the tables is an error, never a record of nulls or zeros.
 */
import { ReportError } from '../errors.ts';
import { APPEAL_COLUMNS, APPEAL_GROUPS, CELLS, REQUEST_COLUMNS, type ReportRecord, type ReviewEntry, type SectionNo } from '../template.ts';
import { SIGNATURE_END, findHeadings, findPublished, findTitle, isOrganLine, looksLikeReport, sectionText, type Heading } from './document.ts';
import { fieldsFit, headerMeasure, matchActive, matchAppeals, matchRequests, tableMissing, textMeasure } from './matcher.ts';
import { joinWitnessed } from './arith.ts';
import { restoreLines, rewriteTables, withoutInlineTags } from './boxes.ts';
import { joinCellParagraphs } from './paragraphs.ts';
import { conventionsOf, pageWords, readRows } from './rows.ts';
import { copySheet, newSheet, sheetLines, sheetTables, type Sheet } from './sheet.ts';
import { wrappedLines } from './wraps.ts';
import { normLabel } from './text.ts';

export interface Parsed {
  record: ReportRecord;
  review: ReviewEntry[];
  /** Cell key -> 1-based source line of every cell read (a value, a printed blank, or a reviewed cell with a line). */
  lines: Record<string, number>;
}

interface Region {
  start: number; // 0-based line of the heading (or anchor)
  end: number; // exclusive
}

function firstLine(headings: readonly Heading[], no: SectionNo, after: number): number | null {
  const h = headings.find((x) => x.no === no && x.line - 1 >= after);
  return h ? h.line - 1 : null;
}

function anchorLine(lines: readonly string[], re: RegExp, from: number, to: number): number | null {
  for (let i = Math.max(0, from); i < Math.min(to, lines.length); i++) if (re.test(normLabel(lines[i] as string))) return i;
  return null;
}

const TEMPLATE_2019 = /(?:2019|２０１９)\s*[〕\]］)）]?\s*(?:60|６０)\s*号/;
const ACTIVE_2019 = /新制作|新公开|对外公开总数|上一年项目数/;
const ACTIVE_2019_CHARS = /[新对上]/;

/** Parses the text of one report; throws ReportError when it is not one or lacks every table. */
export function parseReport(text: string, exactCells: boolean): Parsed {
  const body = withoutInlineTags(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  // Splitting on one character is much cheaper than on the pattern; most texts have no \r.
  const rawLines = body.includes('\r') ? body.split(/\r\n|\r|\n/) : body.split('\n');
  // Text tables other layouts print, rewritten in place (the line count stays): a browser's copy of
  // cells holding paragraphs -> tab rows (paragraphs.ts); box-drawn, HTML and pandoc tables -> pipe rows (boxes.ts).
  const { lines, origin } = rewriteTables(joinCellParagraphs(rawLines), body);
  const allHeadings = findHeadings(lines);
  const h1 = allHeadings.find((h) => h.no === '一');
  const title = findTitle(lines, h1 ? h1.line - 1 : -1);
  if (!title) {
    if (!looksLikeReport(text)) {
      throw new ReportError('not_a_report', '这不是政府信息公开工作年度报告：没有找到“××年政府信息公开工作年度报告”这样的标题。');
    }
    throw new ReportError('no_year', '没有找到报告年度：标题中应写明“××××年政府信息公开工作年度报告”。');
  }
  const headings = allHeadings.filter((h) => h.line - 1 > title.index);
  const after = title.index + 1;

  // Table regions: from a section heading (or, when it is missing, the table's first label) to the next.
  const n = lines.length;
  const h2 = firstLine(headings, '二', after) ?? anchorLine(lines, /第二十条/, after, n);
  const h3 = firstLine(headings, '三', after) ?? anchorLine(lines, /本年新收|勾稽关系/, h2 ?? after, n);
  const h4 = firstLine(headings, '四', after) ?? anchorLine(lines, /未经复议|复议后起诉/, h3 ?? after, n);
  const h5 = firstLine(headings, '五', after);
  const h6 = firstLine(headings, '六', after);
  const bounds = [h2, h3, h4, h5, h6].filter((x): x is number => x !== null).sort((a, b) => a - b);
  const region = (start: number | null): Region | null => {
    if (start === null) return null;
    const end = bounds.find((b) => b > start) ?? n;
    return { start, end };
  };
  // How the document writes tables one cell per line: asked of its tables together, once, and
  // only of such a table (see Conventions).
  const conventions = conventionsOf(() => [h2, h3, h4].map(region).flatMap((t) => (t ? [lines.slice(t.start + 1, t.end)] : [])));
  const rows = (r: Region | null) => {
    if (!r) return null;
    const table = readRows(lines.slice(r.start + 1, r.end), r.start + 1, exactCells, conventions);
    if (table.certainty === 'aligned') table.pageWords = pageWords(lines, r.start + 1, r.end);
    return table;
  };

  const sheet = newSheet();
  const review: ReviewEntry[] = [];
  const activeRegion = region(h2);
  // Every ACTIVE_2019 word holds 新, 对 or 上, which normalising cannot create: skip joining and
  // normalising the region without them.
  const activeLines = activeRegion === null ? [] : lines.slice(activeRegion.start, activeRegion.end);
  const template2019 = TEMPLATE_2019.test(text)
    || (activeLines.some((l) => ACTIVE_2019_CHARS.test(l)) && ACTIVE_2019.test(normLabel(activeLines.join(''))));
  const found: string[] = [];
  const read = { active: rows(activeRegion), requests: rows(region(h3)), appeals: rows(region(h4)) };
  const display = textMeasure([
    { rows: read.active, columns: 3 }, { rows: read.requests, columns: REQUEST_COLUMNS.length },
    { rows: read.appeals, columns: APPEAL_COLUMNS.length * APPEAL_GROUPS.length },
  ].filter((t): t is { rows: NonNullable<typeof read.active>; columns: number } => t.rows !== null))
    ?? headerMeasure(read.requests, read.appeals);
  const copied = fieldsFit(read.requests);
  type Read = NonNullable<typeof read.active>;
  // Whether the 申请 table shows the report keeps its sums: the 复议诉讼 arithmetic witnesses only then.
  let keepsSums = (): boolean => false;
  const parts = [
    { key: 'active' as const, name: '主动公开政府信息情况', rows: read.active, region: null, match: (t: Read, into: Sheet) => matchActive(t, into, template2019, display, copied) },
    { key: 'requests' as const, name: '收到和处理政府信息公开申请情况', rows: read.requests, region: region(h3), match: (t: Read, into: Sheet) => matchRequests(t, into, display, copied) },
    { key: 'appeals' as const, name: '政府信息公开行政复议、行政诉讼情况', rows: read.appeals, region: region(h4), match: (t: Read, into: Sheet) => matchAppeals(t, into, display, copied, keepsSums) },
  ];
  for (const part of parts) {
    // Numbers broken over two lines around their row's line (wraps.ts): read joined when the
    // arithmetic witnesses every joined number placed, else as printed.
    const wrapped = part.region && part.rows?.certainty === 'aligned' ? wrappedLines(lines.slice(part.region.start + 1, part.region.end)) : null;
    const trial = wrapped ? copySheet(sheet) : null;
    let result = part.rows ? part.match(part.rows, sheet) : null;
    if (wrapped && trial && part.region) {
      const first = part.region.start + 1;
      const table = readRows(wrapped.lines, first, exactCells, conventions);
      table.pageWords = pageWords([...lines.slice(0, first), ...wrapped.lines, ...lines.slice(part.region.end)], first, part.region.end);
      const joined = part.match(table, trial);
      const at = wrapped.joined.map((j) => ({ line: first + j.line + 1, value: j.value }));
      if (joined.found && joinWitnessed(part.key, trial, joined.review, at)) {
        Object.assign(sheet, trial);
        result = joined;
      }
    }
    if (result?.keepsSums) keepsSums = result.keepsSums;
    if (result?.found) {
      found.push(part.key);
      review.push(...result.review);
    } else {
      review.push(...tableMissing(part.key, `报告中未找到“${part.name}”统计表`, CELLS));
    }
  }
  if (found.length === 0) {
    throw new ReportError('no_tables', '报告中没有找到统计表格（主动公开、依申请公开、行政复议和行政诉讼情况表），无法读取数字。');
  }

  const published = findPublished(lines, title.year ?? 0, h1 ? h1.line - 1 : Math.min(n, title.index + 15));
  const span = (no: SectionNo, endAt?: number): string | null => {
    const s = firstLine(headings, no, after);
    if (s === null) return null;
    const next = headings.find((h) => h.line - 1 > s);
    return sectionText(lines, s + 1, Math.min(next ? next.line - 1 : n, endAt ?? n));
  };
  let otherEnd = n;
  let signature = '';
  if (published.source === 'report' && published.index !== null) {
    otherEnd = published.index;
    // The signature above the date (the organ's name) is not part of the text.
    for (let i = otherEnd - 1; i > 0; i--) {
      const t = (lines[i] ?? '').replace(/[\s\u3000>]+/g, '');
      if (t === '') continue;
      if (t.length <= 30 && (t === title.organ || SIGNATURE_END.test(t))) {
        otherEnd = i;
        if (isOrganLine(t)) signature = t;
      }
      break;
    }
  }
  // A record always names its organ: the title's, else the signature above the printed date.
  const organ = title.organ || signature;
  if (organ === '') {
    throw new ReportError('no_organ', '无法读取发布机关名称：标题中没有写明机关，报告末尾的落款（机关名称和日期）也没有找到。');
  }
  // A name with < or > is markup (a web page's tag, or an attack), never an organ's name: it would
  // be shown in every list and chart of the dashboard.
  if (/[<>＜＞]/.test(organ)) {
    throw new ReportError('no_organ', `发布机关名称“${organ.slice(0, 40)}”中含有“<”或“>”，像是网页标记而不是机关名称。请检查文件（例如另存为 Word 或 PDF）后重新上传。`);
  }
  const record: ReportRecord = {
    organ,
    year: title.year as number,
    published: published.date,
    published_source: published.source,
    template: template2019 ? '2019' : '2021',
    headings,
    narrative: { overview: span('一'), problems: span('五'), other: span('六', otherEnd) },
    ...sheetTables(sheet),
  };
  return restoreLines({ record, review, lines: sheetLines(sheet) }, origin);
}
