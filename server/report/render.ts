/**
 * Writes a ReportRecord as the text of a complete annual report, in each text layout that real
 * reports reach the county office in (see the parser issue and ../shared/samples).
 *
 * Used by the parser's property tests, the parse benchmark and the demo-data generator, so it is a
 * plain library: no I/O, deterministic for a given (record, layout, seed).
 *
 * The three tables are first built as a grid with the merged cells of the national template's
 * DOCX (rowspans, colspans); each layout then prints that grid the way its source would.
 */
import {
  ACTIVE_FIELD_LABELS, ACTIVE_ITEMS, APPEAL_COLUMNS, APPEAL_GROUPS, REQUEST_COLUMNS, REQUEST_ROWS,
  SECTIONS, cellKey, getCell,
  type AppealColumnKey, type CellRef, type ReportRecord, type RequestColumnKey, type TableKey, type Value,
} from './template.ts';

// ---------------------------------------------------------------- layouts

export type LayoutId =
  | 'cells-tab' | 'rows-tab' | 'scanned' | 'cells-pipe' | 'cells-blank' | 'pipe-table' | 'pdf-layout' | 'exact-grid';

export interface LayoutInfo {
  id: LayoutId;
  zh: string;
  en: string;
  /**
   * `kept`: every blank cell keeps its place (as a blank line, an empty field or blank columns), so
   * every printed number has a certain column. `dropped`: blank cells leave no trace, so a row that
   * is missing numbers cannot say which columns they belong to.
   */
  blanks: 'kept' | 'dropped';
  /** Parse with `{exactCells: true}` (the text a grid-aware reader emits). */
  exactCells: boolean;
}

export const LAYOUTS: readonly LayoutInfo[] = [
  { id: 'cells-tab', zh: '每格一行，制表符缩进，空格为仅含空白的行', en: 'one cell per line, tab-indented; a blank cell is a whitespace-only line (seeds 000, 004)', blanks: 'kept', exactCells: false },
  { id: 'rows-tab', zh: '每行一个表格行，单元格以制表符分隔，多级表头', en: 'one table row per line, cells tab-separated, multi-level headers (seeds 001, 003)', blanks: 'kept', exactCells: false },
  { id: 'scanned', zh: '扫描件识别文本：空格被丢弃，标签错字或重复', en: 'text of a scanned table: empty cells dropped, labels garbled or repeated (seed 002)', blanks: 'dropped', exactCells: false },
  { id: 'cells-pipe', zh: '每格一行，单元格之间有一行“|”', en: 'one cell per line with a line holding only "|" between cells (web page copied)', blanks: 'kept', exactCells: false },
  { id: 'cells-blank', zh: '每格一行，单元格之间有空行', en: 'one cell per line with blank lines between cells (web page saved as text)', blanks: 'kept', exactCells: false },
  { id: 'pipe-table', zh: '竖线表格，每行一个表格行，可有或无 |---| 分隔行', en: 'pipe table rows "| 规章 | 0 | 0 | 0 |", with or without the |---| rule', blanks: 'kept', exactCells: false },
  { id: 'pdf-layout', zh: 'pdftotext -layout 样式：以空格对齐的列、堆叠表头、折行标签、页码', en: 'columns aligned with spaces as pdftotext -layout prints: stacked headers, wrapped labels, page numbers', blanks: 'kept', exactCells: false },
  { id: 'exact-grid', zh: '精确网格：每行一个表格行，制表符分隔，空格保留原位，合并单元格逐行重复', en: 'exact grid: tab-separated rows, blank cells in place, rowspan labels repeated (HTML/DOCX/PDF readers)', blanks: 'kept', exactCells: true },
];

export const LAYOUT_IDS: readonly LayoutId[] = LAYOUTS.map((l) => l.id);

export function layoutInfo(id: LayoutId): LayoutInfo {
  const info = LAYOUTS.find((l) => l.id === id);
  if (!info) throw new Error(`unknown layout: ${id}`);
  return info;
}

export interface RenderOptions {
  /** Chooses the cosmetic variations (numbering style, spaces in labels, wrapping, …). Default 0. */
  seed?: number;
  /** No cosmetic variation at all: the canonical labels of template.ts, one style. */
  plain?: boolean;
  /**
   * Put a web page's header (breadcrumb, `发布时间：YYYY-MM-DD`) above the report. Always on when the
   * record's date came from the page; otherwise chosen by the seed. When the report prints its own
   * date, the page's date is a different day (the printed date is the one that counts).
   */
  webPage?: boolean;
  /**
   * pdf-layout only: filled with the keys of the cells printed on a table's later page (after a
   * page break inside the table, where no column header is repeated), for the test oracle.
   */
  afterBreak?: Set<string>;
  /**
   * Filled with the 1-based line where each cell's value is printed (cell key -> line), for the
   * cells the layout prints on a line of their own or of their row (blank cells included where the
   * layout prints them; a blank dropped by the layout has no line).
   */
  cellLines?: Map<string, number>;
  /**
   * Write some blank cells as a mark instead (one per document, chosen by the seed: — - / 无 －
   * ／ ——), as offices do for "none". The parser reads such a cell as blank with a review entry
   * (server/report/parser/matcher.ts); `dashed` gets the keys of the cells written so.
   */
  dashes?: boolean;
  dashed?: Set<string>;
  /**
   * Variations seen in real reports that change what a table prints (test/report/variants.ts).
   * Absent: the output is exactly what it was without this option.
   */
  mutations?: RenderMutations;
}

/**
 * Real-report variations, for the parser's mutation tests. Each is off when absent; choices they
 * make at random come from their own generator (seeded by RenderOptions.seed), so the cosmetic
 * style of a rendering is the same with and without them.
 */
export interface RenderMutations {
  /**
   * The printed text of each number (`ref` is null for the 2019 form's own 主动公开 numbers that
   * are no template cell): footnote marks, thousands separators, units, … Called for every number
   * printed, in printing order.
   */
  cellText?: (text: string, ref: CellRef | null, value: number) => string;
  /** The text of each header and row-label cell of the three tables (traditional characters, …). */
  labelText?: (text: string, role: 'head' | 'label', table: TableKey) => string;
  /**
   * The 申请 table's columns, in printed order, header included (consecutive 法人或其他组织 columns
   * share their parent header). A column left out is not printed at all. Default: REQUEST_COLUMNS.
   */
  requestColumns?: readonly RequestColumnKey[];
  /** The 复议诉讼 table's columns of each group, in printed order; left out: not printed. */
  appealColumns?: readonly AppealColumnKey[];
  /**
   * cells-tab, rows-tab, pipe-table, exact-grid: a body row under a merged group label loses one of
   * its empty rowspan-continuation cells (the row is one cell short), with this chance per row.
   * exact-grid then leaves merged labels empty below their first row.
   */
  shortRows?: number;
  /**
   * Row labels longer than this many characters are wrapped onto further lines (cells-tab,
   * cells-pipe, cells-blank and pdf-layout print the lines; rows-tab splits the table row there).
   */
  wrapLabels?: number;
  /**
   * pdf-layout: the 申请 table always breaks across a page, inside its body; `repeat-header` prints
   * the column header again at the top of the new page, as Word's "repeat header rows" does.
   */
  pageBreak?: 'plain' | 'repeat-header';
}

/** What offices write in a cell for "none" (see RenderOptions.dashes). */
export const DASH_MARKS = ['—', '-', '/', '无', '－', '／', '——'] as const;

// ---------------------------------------------------------------- seeded variation

/** mulberry32: tiny, fast, good enough to pick styles and test data; not for anything secret. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Rng {
  next(): number;
  chance(p: number): boolean;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
}

function makeRng(seed: number): Rng {
  const next = prng(seed);
  return {
    next,
    chance: (p) => next() < p,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

/** Document-wide style choices, drawn once per rendering. */
interface Style {
  rng: Rng;
  plain: boolean;
  halfWidthPunct: boolean; // (一) 予以公开 , : instead of （一） ， ：
  spaceAfterEnum: boolean; // "1. 属于国家秘密"
  subEnum: '.' | '、';
  labelSpaceRate: number; // chance that a label gets a stray space between two CJK characters
  wrapHeaders: boolean; // 商业\n企业
  fullWidthDigits: boolean;
  feeFixed: boolean; // 12.50 rather than 12.5
  blankFill: string; // what a blank cell holds in the one-cell-per-line layouts
  titleStyle: number;
  dateStyle: number;
  webPage: boolean;
  pipeRule: boolean;
  pipeRowSep: boolean; // cells-pipe: a "|" line between rows too
  midGroupLabels: boolean; // scanned: a rowspan label is read on its middle row (OCR)
  numbersLine: 'first' | 'middle' | 'last' | 'after'; // pdf-layout: where a wrapped label's numbers go
  rowGap: boolean; // pdf-layout: blank line between table rows
  repeatRowspans: boolean; // exact-grid: a rowspan label repeated in every row it covers (else empty there)
  dashFill: string | null; // some blank cells written as this mark (RenderOptions.dashes)
  dashed?: Set<string>;
  mut: RenderMutations | null; // RenderOptions.mutations
  mrng: Rng; // the mutations' own choices
}

function makeStyle(layout: LayoutId, options: RenderOptions, record: ReportRecord): Style {
  const rng = makeRng((options.seed ?? 0) ^ 0x9e3779b9);
  const plain = options.plain ?? false;
  const v = (p: number) => !plain && rng.chance(p);
  const pageDate = record.published_source === 'page';
  return {
    rng,
    plain,
    halfWidthPunct: v(0.4),
    spaceAfterEnum: v(0.4),
    subEnum: v(0.2) ? '、' : '.',
    labelSpaceRate: plain ? 0 : rng.pick([0, 0, 0.1, 0.25]),
    wrapHeaders: v(0.5),
    fullWidthDigits: layout !== 'pdf-layout' && layout !== 'scanned' && v(0.08),
    feeFixed: v(0.3),
    blankFill: plain ? '' : rng.pick(['', '', ' ', '\u3000', '\u00a0']),
    titleStyle: plain ? 0 : rng.int(0, 3),
    dateStyle: plain ? 0 : rng.int(0, 3),
    webPage: pageDate || (options.webPage ?? v(0.25)),
    pipeRule: !plain && rng.chance(0.5),
    pipeRowSep: v(0.5),
    midGroupLabels: v(0.5),
    numbersLine: plain ? 'first' : rng.pick(['first', 'middle', 'last', 'after'] as const),
    rowGap: plain ? true : rng.chance(0.6),
    repeatRowspans: plain || rng.chance(0.7),
    // Drawn last and only when asked, so renderings without dashes stay as they were.
    dashFill: options.dashes && !plain ? rng.pick(DASH_MARKS) : null,
    dashed: options.dashed,
    mut: options.mutations ?? null,
    mrng: makeRng((options.seed ?? 0) ^ 0x5bd1e995),
  };
}

// ---------------------------------------------------------------- text helpers

const FULL_DIGITS = '０１２３４５６７８９';

function isCjk(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

/**
 * Columns a text takes in `pdftotext -layout` output: one per character, CJK included (pdftotext
 * lays glyphs on a character grid; in the real samples "规章" + 15 spaces and "行政规范性文件" +
 * 10 spaces put their numbers in the same column).
 */
function layoutColumns(text: string): number {
  return [...text].length;
}

/** RenderMutations.cellText, when set. */
function mutateNumber(text: string, ref: CellRef | null, value: number, style: Style): string {
  return style.mut?.cellText ? style.mut.cellText(text, ref, value) : text;
}

function formatNumber(value: number, style: Style, isFee: boolean): string {
  let s = isFee && style.feeFixed && !Number.isInteger(value) ? value.toFixed(2) : String(value);
  if (style.fullWidthDigits) s = s.replace(/[0-9]/g, (d) => FULL_DIGITS[Number(d)] as string);
  return s;
}

/** Punctuation and enumeration style of a label, as the document prints it. */
function styleLabel(label: string, style: Style): string {
  let s = label;
  if (style.halfWidthPunct) {
    s = s.replace(/（/g, '(').replace(/）/g, ')').replace(/，/g, ', ').replace(/：/g, ':');
  }
  if (style.subEnum === '、') s = s.replace(/^(\d)\./, '$1、');
  if (style.spaceAfterEnum) s = s.replace(/^(\d[.、]|[（(][一二三四五六七八九][）)])/, '$1 ');
  if (style.labelSpaceRate > 0 && style.rng.chance(style.labelSpaceRate)) s = insertStraySpace(s, style.rng);
  return s;
}

/** `信息 公开`: a space between two CJK characters, never next to a digit. */
function insertStraySpace(s: string, rng: Rng): string {
  const chars = [...s];
  const spots: number[] = [];
  for (let i = 1; i < chars.length; i++) {
    if (isCjk(chars[i - 1] as string) && isCjk(chars[i] as string)) spots.push(i);
  }
  if (spots.length === 0) return s;
  const at = rng.pick(spots);
  return [...chars.slice(0, at), ' ', ...chars.slice(at)].join('');
}

/** A header cell of a narrow column, wrapped two characters a line as Word does. */
function wrapHeader(text: string, style: Style, every = 2): string {
  if (!style.wrapHeaders || [...text].length <= every) return text;
  const chars = [...text];
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += every) lines.push(chars.slice(i, i + every).join(''));
  return lines.join('\n');
}

// ---------------------------------------------------------------- the grid

type Role = 'head' | 'label' | 'value';

interface Spec {
  text: string;
  role: Role;
  cols: number;
  rows: number;
  ref?: CellRef;
  value?: Value;
  /** Further cells this printed cell stands for (the 2019 form's undivided （六）其他处理 row). */
  also?: CellRef[];
}

/** The template cells a printed value cell stands for. */
function refsOf(spec: Spec): CellRef[] {
  return spec.ref ? [spec.ref, ...(spec.also ?? [])] : [];
}

interface Slot {
  spec: Spec;
  /** First row of the cell's span (false: a rowspan continuation). */
  top: boolean;
  /** First column of the cell's span (false: a colspan continuation). */
  left: boolean;
}

interface Grid {
  table: TableKey;
  width: number;
  rows: Slot[][];
  /** How many leading rows are column headers. */
  headRows: number;
}

function head(text: string, cols = 1, rows = 1): Spec {
  return { text, role: 'head', cols, rows };
}
function label(text: string, cols = 1, rows = 1): Spec {
  return { text, role: 'label', cols, rows };
}

/** The HTML table algorithm: place each cell in the first free slot, covering its span. */
function expand(table: TableKey, specRows: Spec[][], width: number, headRows: number): Grid {
  const rows: (Slot | undefined)[][] = specRows.map(() => new Array<Slot | undefined>(width).fill(undefined));
  specRows.forEach((specs, r) => {
    let c = 0;
    for (const spec of specs) {
      while (rows[r]?.[c]) c++;
      for (let dr = 0; dr < spec.rows; dr++) {
        for (let dc = 0; dc < spec.cols; dc++) {
          const row = rows[r + dr];
          if (!row || c + dc >= width) throw new Error(`cell outside the ${table} grid: ${spec.text}`);
          row[c + dc] = { spec, top: dr === 0, left: dc === 0 };
        }
      }
      c += spec.cols;
    }
  });
  const full = rows.map((row, r) => row.map((slot, c) => {
    if (!slot) throw new Error(`hole in the ${table} grid at ${r},${c}`);
    return slot;
  }));
  return { table, width, rows: full, headRows };
}

function valueSpec(record: ReportRecord, ref: CellRef, style: Style, cols = 1): Spec {
  const value = getCell(record, ref);
  const isFee = ref.section === 'active' && ref.column === 'amount_wan_yuan';
  let text = value === null ? '' : mutateNumber(formatNumber(value, style, isFee), ref, value, style);
  if (value === null && style.dashFill !== null && style.rng.chance(0.6)) {
    text = style.dashFill;
    style.dashed?.add(cellKey(ref));
  }
  return { text, role: 'value', cols, rows: 1, ref, value };
}

function activeGrid(record: ReportRecord, style: Style): Grid {
  const rows: Spec[][] = [];
  let article = '';
  for (const item of ACTIVE_ITEMS) {
    if (item.article !== article) {
      article = item.article;
      rows.push([head(styleLabel(article, style), 4)]);
      const fields = item.fields as readonly (keyof typeof ACTIVE_FIELD_LABELS)[];
      const span = fields.length === 1 ? 3 : 1;
      rows.push([head('信息内容'), ...fields.map((f) => head(styleLabel(ACTIVE_FIELD_LABELS[f], style), span))]);
    }
    const fields = item.fields as readonly string[];
    const span = fields.length === 1 ? 3 : 1;
    rows.push([
      label(styleLabel(item.label, style)),
      ...fields.map((f) => valueSpec(record, { section: 'active', row: item.key, column: f }, style, span)),
    ]);
  }
  // Every row of this table is its own little header + data block; none is a column header row.
  return expand('active', rows, 4, 0);
}

/**
 * The 2019 form's 主动公开 table: other quantities (新制作/新公开/对外公开总数, 上一年项目数量/本年增减)
 * around the one it shares with 2021, 处理决定数量 of 许可/处罚/强制 (printed from the record).
 * The other numbers are the record's own cells where they fit, else drawn from the seed.
 */
function activeGrid2019(record: ReportRecord, style: Style): Grid {
  const rng = style.rng;
  const n = (v: Value): Spec => ({ text: v === null ? '' : mutateNumber(formatNumber(v, style, false), null, v, style), role: 'value', cols: 1, rows: 1 });
  const change = (): Spec => {
    const d = rng.int(-3, 3);
    return { text: d > 0 ? `+${d}` : String(d), role: 'value', cols: 1, rows: 1 };
  };
  const decisions = (key: string): Spec => valueSpec(record, { section: 'active', row: key, column: 'decisions' }, style);
  const cell = (row: string, column: string): Value => getCell(record, { section: 'active', row, column });
  const block = (article: string, headers: string[], items: [string, Spec[]][]): Spec[][] => [
    [head(styleLabel(article, style), 4)],
    [head('信息内容'), ...headers.map((h) => head(h))],
    ...items.map(([name, values]) => [label(styleLabel(name, style)), ...values]),
  ];
  const projects = ['上一年项目数量', '本年增/减', '处理决定数量'];
  const rows: Spec[][] = [
    ...block('第二十条第（一）项', ['本年新制作数量', '本年新公开数量', '对外公开总数量'], [
      ['规章', [n(cell('regulations', 'issued')), n(cell('regulations', 'repealed')), n(cell('regulations', 'in_force'))]],
      ['规范性文件', [n(cell('normative_documents', 'issued')), n(cell('normative_documents', 'repealed')), n(cell('normative_documents', 'in_force'))]],
    ]),
    ...block('第二十条第（五）项', projects, [
      ['行政许可', [n(rng.int(0, 40)), change(), decisions('licensing')]],
      ['其他对外管理服务事项', [n(rng.int(0, 9)), change(), n(rng.int(0, 99))]],
    ]),
    ...block('第二十条第（六）项', projects, [
      ['行政处罚', [n(rng.int(0, 40)), change(), decisions('punishment')]],
      ['行政强制', [n(rng.int(0, 9)), change(), decisions('enforcement')]],
    ]),
    [head(styleLabel('第二十条第（八）项', style), 4)],
    [head('信息内容'), head('上一年项目数量'), head('本年增/减', 2)],
    [label('行政事业性收费'), n(rng.int(0, 9)), { ...change(), cols: 2 }],
  ];
  return expand('active', rows, 4, 0);
}

const REQUESTS_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

/**
 * The 申请 table. `undivided`: the 2019 form (国办公开办函〔2019〕60号), whose （六）其他处理 is one row
 * holding the sum of the 2021 form's three sub-rows (blank where all three are blank).
 */
function requestsGrid(record: ReportRecord, style: Style, undivided = false): Grid {
  const orgParent = (REQUEST_COLUMNS[1]?.label ?? '').split(' / ')[0] ?? '';
  const order = style.mut?.requestColumns;
  const columns = order ? order.map((k) => {
    const c = REQUEST_COLUMNS.find((x) => x.key === k);
    if (!c) throw new Error(`not a request column: ${k}`);
    return c;
  }) : REQUEST_COLUMNS;
  // Header rows 2 and 3: an applicant column outside 法人或其他组织 spans both; a run of
  // 法人或其他组织 columns shares its parent header.
  const isOrg = (c: (typeof REQUEST_COLUMNS)[number]) => c.label.startsWith(`${orgParent} / `);
  const parents: Spec[] = [];
  for (let i = 0; i < columns.length;) {
    const c = columns[i] as (typeof REQUEST_COLUMNS)[number];
    if (!isOrg(c)) {
      parents.push(head(c.short, 1, 2));
      i++;
      continue;
    }
    let j = i;
    while (j < columns.length && isOrg(columns[j] as (typeof REQUEST_COLUMNS)[number])) j++;
    parents.push(head(orgParent, j - i));
    i = j;
  }
  const rows: Spec[][] = [
    [head(styleLabel(REQUESTS_NOTE, style), 3, 3), head('申请人情况', columns.length)],
    parents,
    columns.filter(isOrg).map((c) => head(wrapHeader(c.short, style))),
  ];
  const otherGroup = REQUEST_ROWS.find((r) => r.key === 'other_other')?.group ?? '';
  const printedRows = undivided ? REQUEST_ROWS.filter((r) => r.group !== otherGroup || r.key === 'other_other') : REQUEST_ROWS;
  const groupCount = new Map<string, number>();
  for (const r of printedRows) if (r.group) groupCount.set(r.group, (groupCount.get(r.group) ?? 0) + 1);
  // The outcome group 三、 also spans its sub-groups' rows.
  const g3 = REQUEST_ROWS.find((r) => r.key === 'granted')?.group ?? '';
  const g3Rows = printedRows.filter((r) => r.group !== null).length;
  let seenG3 = false;
  const seenGroups = new Set<string>();
  for (const r of printedRows) {
    const specs: Spec[] = [];
    if (undivided && r.group === otherGroup) {
      specs.push(label(styleLabel(otherGroup, style), 2));
      const subRows = REQUEST_ROWS.filter((x) => x.group === otherGroup);
      for (const c of columns) {
        const refs = subRows.map((x): CellRef => ({ section: 'requests', row: x.key, column: c.key }));
        const parts = refs.map((ref) => getCell(record, ref));
        const sum = parts.every((v) => v === null) ? null : parts.reduce<number>((a, v) => a + (v ?? 0), 0);
        const [first, ...also] = refs;
        specs.push({ text: sum === null ? '' : mutateNumber(formatNumber(sum, style, false), first ?? null, sum, style), role: 'value', cols: 1, rows: 1, ref: first, value: sum, also });
      }
      rows.push(specs);
      continue;
    }
    if (r.group === null) {
      specs.push(label(styleLabel(r.label, style), 3));
    } else {
      if (!seenG3) {
        specs.push(label(styleLabel(g3, style), 1, g3Rows));
        seenG3 = true;
      }
      if (r.group === g3) {
        specs.push(label(styleLabel(r.label, style), 2));
      } else {
        if (!seenGroups.has(r.group)) {
          seenGroups.add(r.group);
          specs.push(label(styleLabel(r.group, style), 1, groupCount.get(r.group) ?? 1));
        }
        specs.push(label(styleLabel(r.label, style)));
      }
    }
    for (const c of columns) specs.push(valueSpec(record, { section: 'requests', row: r.key, column: c.key }, style));
    rows.push(specs);
  }
  return expand('requests', rows, 3 + columns.length, 3);
}

function appealsGrid(record: ReportRecord, style: Style): Grid {
  const first = APPEAL_GROUPS[0];
  if (!first) throw new Error('template has no appeal groups');
  const litigation = APPEAL_GROUPS.slice(1);
  const parent = (litigation[0]?.label ?? '').split(' / ')[0] ?? '';
  const colHead = (t: string, rows = 1) => head(wrapHeader(t, style), 1, rows);
  const order = style.mut?.appealColumns;
  const columns = order ? order.map((k) => {
    const c = APPEAL_COLUMNS.find((x) => x.key === k);
    if (!c) throw new Error(`not an appeal column: ${k}`);
    return c;
  }) : APPEAL_COLUMNS;
  const rows: Spec[][] = [
    [head(first.short, columns.length), head(parent, columns.length * litigation.length)],
    [...columns.map((c) => colHead(c.label, 2)), ...litigation.map((g) => head(g.short, columns.length))],
    litigation.flatMap(() => columns.map((c) => colHead(c.label))),
    APPEAL_GROUPS.flatMap((g) => columns.map((c) => valueSpec(record, { section: 'appeals', row: g.key, column: c.key }, style))),
  ];
  return expand('appeals', rows, columns.length * APPEAL_GROUPS.length, 3);
}

/** RenderMutations.labelText and wrapLabels, applied to a built grid's header and label cells. */
function relabel(grid: Grid, mut: RenderMutations): void {
  const seen = new Set<Spec>();
  for (const row of grid.rows) {
    for (const { spec } of row) {
      if (seen.has(spec) || spec.role === 'value') continue;
      seen.add(spec);
      if (mut.labelText) spec.text = mut.labelText(spec.text, spec.role, grid.table);
      const width = mut.wrapLabels;
      if (width && spec.role === 'label' && !spec.text.includes('\n') && [...spec.text].length > width) {
        const chars = [...spec.text];
        const lines: string[] = [];
        for (let i = 0; i < chars.length; i += width) lines.push(chars.slice(i, i + width).join(''));
        spec.text = lines.join('\n');
      }
    }
  }
}

/**
 * RenderMutations.shortRows: a body row loses its first empty rowspan-continuation label cell
 * (the cell under a merged group label), with the mutation's chance.
 */
function shortRow(grid: Grid, r: number, row: Slot[], style: Style): Slot[] {
  const p = style.mut?.shortRows;
  if (!p || r < grid.headRows) return row;
  const at = row.findIndex((s) => s.spec.role === 'label' && !s.top && s.left);
  if (at < 0 || !style.mrng.chance(p)) return row;
  return [...row.slice(0, at), ...row.slice(at + 1)];
}

// ---------------------------------------------------------------- grid printers

/** A table printer returns its lines; `at` gets, per cell key, the index of the line printing its value. */
type TablePrinter = (grid: Grid, style: Style, at: Map<string, number>) => string[];

function mark(at: Map<string, number>, spec: Spec, index: number): void {
  if (spec.role === 'value') for (const ref of refsOf(spec)) at.set(cellKey(ref), index);
}

/** Text of a slot where the source prints a rowspan continuation as an empty cell. */
function slotText(slot: Slot): string {
  return slot.top ? slot.spec.text : '';
}

function blankOr(text: string, slot: Slot, style: Style): string {
  return slot.spec.role === 'value' && text === '' ? style.blankFill : text;
}

const oneLine = (s: string, sep = '') => s.replace(/\n/g, sep);

/** Seeds 000/004: each cell "\t"+text (continuation lines of a wrapped cell carry no tab); rows apart. */
const printCellsTab: TablePrinter = (grid, style, at) => {
  const out: string[] = [];
  for (const [r, full] of grid.rows.entries()) {
    const row = shortRow(grid, r, full, style);
    for (const slot of row) {
      if (!slot.left) continue;
      const text = blankOr(slotText(slot), slot, style);
      mark(at, slot.spec, out.length);
      out.push(`\t${text}`);
    }
    out.push('');
  }
  out.push('');
  return out;
};

/** Cells as an HTML copy yields them: spanned slots do not exist. */
function htmlCells(row: Slot[]): Slot[] {
  return row.filter((s) => s.top && s.left);
}

const printCellsPipe: TablePrinter = (grid, style, at) => {
  const out: string[] = [];
  for (const row of grid.rows) {
    htmlCells(row).forEach((slot, i) => {
      if (i > 0) out.push('|');
      mark(at, slot.spec, out.length);
      out.push(blankOr(slot.spec.text, slot, style));
    });
    if (style.pipeRowSep) out.push('|');
  }
  return out;
};

const printCellsBlank: TablePrinter = (grid, style, at) => {
  const out: string[] = [];
  for (const row of grid.rows) {
    for (const slot of htmlCells(row)) {
      mark(at, slot.spec, out.length);
      out.push(blankOr(slot.spec.text, slot, style), '');
    }
  }
  out.push('');
  return out;
};

const printPipeTable: TablePrinter = (grid, style, at) => {
  const out: string[] = [];
  grid.rows.forEach((full, r) => {
    const row = shortRow(grid, r, full, style);
    for (const s of row) mark(at, s.spec, out.length);
    const cells = row.map((s) => (s.top && s.left ? oneLine(s.spec.text) : ''));
    out.push(`| ${cells.join(' | ')} |`);
    if (r === 0 && style.pipeRule) out.push(`|${'---|'.repeat(grid.width)}`);
  });
  out.push('');
  return out;
};

/** Seeds 001/003: one row a line; merged slots are empty fields, so values keep their columns. */
const printRowsTab: TablePrinter = (grid, style, at) => {
  grid.rows.forEach((row, r) => { for (const s of row) mark(at, s.spec, r); });
  // A wrapped row label (RenderMutations.wrapLabels) splits its table row across lines.
  const text = (s: Slot) => (style.mut?.wrapLabels && s.spec.role === 'label' ? s.spec.text : oneLine(s.spec.text, ' '));
  const out = grid.rows.map((row, r) => shortRow(grid, r, row, style).map((s) => (s.top && s.left ? text(s) : '')).join('\t'));
  out.push('');
  return out;
};

/**
 * What an HTML/DOCX/PDF-grid reader emits: the full grid, blanks in place, a colspan's text in its
 * first slot only; a rowspan label repeated in every row it covers or (some seeds, as
 * readers/grid.ts does) only in its first row.
 */
const printExactGrid: TablePrinter = (grid, style, at) => {
  grid.rows.forEach((row, r) => { for (const s of row) mark(at, s.spec, r); });
  const out = grid.rows.map((row, r) => shortRow(grid, r, row, style).map((s) => (s.left && (s.top || style.repeatRowspans) ? oneLine(s.spec.text) : '')).join('\t'));
  out.push('');
  return out;
};

const CONFUSABLE: Record<string, string> = {
  计: '记', 年: '生', 处: '外', 予: '子', 请: '清', 理: '埋', 复: '夏', 议: '仪', 审: '宙',
  结: '给', 维: '雉', 提: '堤', 情: '青', 政: '攻', 开: '幵', 息: '恩', 数: '教', 制: '刺',
};

/** OCR damage: one confusable character swapped. */
function garble(text: string, rng: Rng): string {
  const chars = [...text];
  const spots = chars.map((c, i) => (CONFUSABLE[c] ? i : -1)).filter((i) => i >= 0);
  if (spots.length === 0) return text;
  const at = rng.pick(spots);
  chars[at] = CONFUSABLE[chars[at] as string] as string;
  return chars.join('');
}

/** Seed 002: empty cells leave no trace; labels repeated or garbled; separators carry no meaning. */
const printScanned: TablePrinter = (grid, style, lineOf) => {
  const rng = style.rng;
  // OCR reads a tall merged label on the row where it sits: its middle row.
  const home = new Map<Spec, number>();
  grid.rows.forEach((row, r) => row.forEach((s) => {
    if (s.top && s.left) home.set(s.spec, style.midGroupLabels ? r + Math.floor((s.spec.rows - 1) / 2) : r);
  }));
  const out: string[] = [];
  grid.rows.forEach((row, r) => {
    const labels: string[] = [];
    const numbers: string[] = [];
    const placed = new Set<Spec>();
    for (const s of row) {
      if (placed.has(s.spec)) continue;
      placed.add(s.spec);
      if (s.spec.role === 'value') {
        if (s.top && s.left && s.spec.text !== '') {
          numbers.push(s.spec.text);
          mark(lineOf, s.spec, out.length);
        }
        continue;
      }
      if (home.get(s.spec) !== r) continue;
      const text = oneLine(s.spec.text, style.plain ? '' : rng.pick(['', ' ']));
      if (text === '') continue;
      labels.push(...scanLabel(text, s.spec.role, style));
    }
    // Spanned label texts living on other rows are printed on their home row.
    for (const [spec, at] of home) {
      if (at === r && !placed.has(spec) && spec.role !== 'value') labels.unshift(...scanLabel(oneLine(spec.text), spec.role, style));
    }
    if (labels.length === 0 && numbers.length === 0) return;
    const sep = () => (style.plain ? '\t' : rng.pick(['\t', '\t', '\t\t', ' ', '\t\t\t']));
    let line = labels.join('\t');
    for (const n of numbers) line += (line === '' ? '' : sep()) + n;
    if (!style.plain && rng.chance(0.2)) line += '\t'.repeat(rng.int(1, 4));
    out.push(line);
    if (!style.plain && rng.chance(0.05)) out.push('');
  });
  out.push('');
  return out;
};

function scanLabel(text: string, role: Role, style: Style): string[] {
  if (style.plain) return [text];
  const rng = style.rng;
  const roll = rng.next();
  if (roll < 0.12) return [text, text]; // 行政处罚	行政处罚
  if (roll < 0.22) return [garble(text, rng), text]; // (七)总记	(七)总计
  if (roll < 0.3 && role === 'label' && [...text].length >= 6) return [garble(text, rng)];
  return [text];
}

// ---------------------------------------------------------------- pdf-layout

interface Segment { col: number; text: string }

/** Lines of positioned text, printed with spaces the way pdftotext -layout does. */
class Canvas {
  lines: Segment[][] = [];
  ensure(line: number): Segment[] {
    while (this.lines.length <= line) this.lines.push([]);
    return this.lines[line] as Segment[];
  }
  put(line: number, col: number, text: string): void {
    if (text !== '') this.ensure(line).push({ col: Math.max(0, col), text });
  }
  /** Centre `text` on display column `center`. */
  center(line: number, center: number, text: string): void {
    this.put(line, center - Math.floor(layoutColumns(text) / 2), text);
  }
  print(): string[] {
    return this.lines.map((segs) => {
      let out = '';
      let at = 0;
      for (const seg of [...segs].sort((a, b) => a.col - b.col)) {
        // Never glue two segments together: pdftotext keeps at least one space between words.
        const gap = seg.col - at;
        out += ' '.repeat(out === '' ? Math.max(0, gap) : Math.max(1, gap));
        out += seg.text;
        at = layoutColumns(out);
      }
      return out.replace(/\s+$/, '');
    });
  }
}

/** Break `text` into lines no wider than `width` display columns. */
function wrapTo(text: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (cur !== '' && layoutColumns(cur + ch) > width) {
      lines.push(cur);
      cur = '';
    }
    cur += ch;
  }
  if (cur !== '') lines.push(cur);
  return lines.length ? lines : [''];
}

interface PdfColumns {
  /** Left edge and width of each grid column, in display columns. */
  left: number[];
  width: number[];
}

function columnsFrom(widths: number[], gap = 2): PdfColumns {
  const left: number[] = [];
  let at = 0;
  for (const w of widths) {
    left.push(at);
    at += w + gap;
  }
  return { left, width: widths };
}

function spanBox(cols: PdfColumns, c: number, span: number): { left: number; width: number; center: number } {
  const left = cols.left[c] ?? 0;
  const endCol = c + span - 1;
  const right = (cols.left[endCol] ?? 0) + (cols.width[endCol] ?? 0);
  return { left, width: right - left, center: left + Math.floor((right - left) / 2) };
}

function widestValue(grid: Grid): number {
  let w = 1;
  for (const row of grid.rows) for (const s of row) if (s.spec.role === 'value') w = Math.max(w, layoutColumns(s.spec.text));
  return w;
}

/**
 * Lays a grid out like pdftotext -layout: header cells stacked and centred over their columns,
 * labels wrapped inside their column, numbers centred in theirs, merged labels on their middle line.
 * Returns the lines and, for each grid row, the line where the row starts (for page breaks).
 */
function layoutGrid(grid: Grid, colWidths: number[], style: Style, at: Map<string, number>): { lines: string[]; rowStarts: number[] } {
  const cols = columnsFrom(colWidths);
  const canvas = new Canvas();
  const rowStarts: number[] = [];
  const spans = new Map<Spec, { first: number; last: number }>();
  let line = 0;
  grid.rows.forEach((row, r) => {
    rowStarts.push(line);
    const isHead = r < grid.headRows;
    // Lines this row needs: the tallest wrapped label that starts and ends in it.
    const blocks: { c: number; lines: string[]; spec: Spec }[] = [];
    row.forEach((s, c) => {
      if (!s.top || !s.left || s.spec.role === 'value') return;
      const box = spanBox(cols, c, s.spec.cols);
      const pieces = s.spec.text.split('\n').flatMap((p) => wrapTo(p, box.width));
      blocks.push({ c, lines: pieces, spec: s.spec });
    });
    const values = row.map((s, c) => ({ s, c })).filter(({ s }) => s.spec.role === 'value' && s.left);
    const own = blocks.filter((b) => b.spec.rows === 1);
    const labelLines = Math.max(1, ...own.map((b) => b.lines.length));
    let numberLine = 0;
    let height = labelLines;
    if (labelLines > 1 && values.length > 0) {
      if (style.numbersLine === 'after') {
        numberLine = labelLines;
        height = labelLines + 1;
      } else if (style.numbersLine === 'middle') numberLine = Math.floor((labelLines - 1) / 2);
      else if (style.numbersLine === 'last') numberLine = labelLines - 1;
    }
    for (const b of blocks) {
      const box = spanBox(cols, b.c, b.spec.cols);
      if (b.spec.rows > 1) {
        spans.set(b.spec, { first: line, last: line });
        continue;
      }
      b.lines.forEach((text, i) => {
        if (isHead || b.spec.role === 'head') canvas.center(line + i, box.center, text);
        else canvas.put(line + i, box.left, text);
      });
    }
    for (const { s, c } of values) {
      const box = spanBox(cols, c, s.spec.cols);
      canvas.center(line + numberLine, box.center, s.spec.text);
      mark(at, s.spec, line + numberLine);
    }
    for (const [spec, span] of spans) if (row.some((s) => s.spec === spec)) span.last = line + height - 1;
    line += height + (style.rowGap && !isHead ? 1 : 0);
    canvas.ensure(line - 1);
  });
  // Merged labels go on the middle lines of the rows they cover.
  for (const [spec, span] of spans) {
    let c = -1;
    grid.rows.some((row) => row.some((s, i) => {
      if (s.spec === spec && s.top && s.left) c = i;
      return c >= 0;
    }));
    const box = spanBox(cols, c, spec.cols);
    const pieces = spec.text.split('\n').flatMap((p) => wrapTo(p, box.width));
    const start = span.first + Math.max(0, Math.floor((span.last - span.first + 1 - pieces.length) / 2));
    // A merged column header (自然人, 总计, 行政复议's 结果维持) is centred over its column, as
    // Word tables print it.
    pieces.forEach((text, i) => (spec.role === 'head' ? canvas.center(start + i, box.center, text) : canvas.put(start + i, box.left, text)));
  }
  return { lines: canvas.print(), rowStarts };
}

const PAGE_MARKS = [(n: number) => `-${n}-`, (n: number) => `- ${n} -`, (n: number) => `— ${n} —`, (n: number) => `第 ${n} 页`];

/** A page ends inside the table: the page number, then a form feed before the next page's first line. */
function pageBreak(lines: string[], at: number, page: number, style: Style): string[] {
  const mark = style.rng.pick(PAGE_MARKS)(page);
  const pad = ' '.repeat(style.rng.int(4, 70));
  const next = lines[at] ?? '';
  return [...lines.slice(0, at), '', `${pad}${mark}`, `\f${next}`, ...lines.slice(at + 1)];
}

function printPdf(grid: Grid, style: Style, page: { n: number; afterBreak?: Set<string> }, at: Map<string, number>): string[] {
  const numW = widestValue(grid);
  let widths: number[];
  if (grid.table === 'active') {
    const w = Math.max(8, numW + 4);
    widths = [9, w, w, w];
  } else if (grid.table === 'requests') {
    const w = Math.max(6, numW + 3);
    widths = [3, 5, 14, ...Array.from({ length: grid.width - 3 }, () => w)];
  } else {
    widths = Array.from({ length: grid.width }, () => Math.max(3, numW + 1));
  }
  const { lines, rowStarts } = layoutGrid(grid, widths, style, at);
  let out = lines;
  const bodyStarts = rowStarts.slice(Math.max(1, grid.headRows + 1));
  const forced = style.mut?.pageBreak;
  if (forced && grid.table === 'requests' && bodyStarts.length > 0) {
    // RenderMutations.pageBreak: a break before a body row, the header repeated or not.
    const breakAt = style.mrng.pick(bodyStarts);
    const header = forced === 'repeat-header' ? lines.slice(0, rowStarts[grid.headRows] ?? 0) : [];
    const mark = style.rng.pick(PAGE_MARKS)(++page.n);
    const pad = ' '.repeat(style.rng.int(4, 70));
    const moved = header.length ? [`\f${header[0]}`, ...header.slice(1), ...out.slice(breakAt)] : [`\f${out[breakAt] ?? ''}`, ...out.slice(breakAt + 1)];
    out = [...out.slice(0, breakAt), '', `${pad}${mark}`, ...moved];
    for (const [key, i] of at) if (i >= breakAt) at.set(key, i + 2 + header.length);
    if (!header.length) {
      const first = rowStarts.indexOf(breakAt);
      for (const row of grid.rows.slice(first)) for (const s of row) for (const ref of refsOf(s.spec)) page.afterBreak?.add(cellKey(ref));
    }
  } else if (!style.plain && bodyStarts.length > 0 && style.rng.chance(grid.table === 'appeals' ? 0.1 : 0.7)) {
    const breakAt = style.rng.pick(bodyStarts);
    out = pageBreak(out, breakAt, ++page.n, style);
    // pageBreak puts two lines (blank, page number) before the line at breakAt.
    for (const [key, i] of at) if (i >= breakAt) at.set(key, i + 2);
    const first = rowStarts.indexOf(breakAt);
    for (const row of grid.rows.slice(first)) for (const s of row) for (const ref of refsOf(s.spec)) page.afterBreak?.add(cellKey(ref));
  }
  // The blank line in front.
  for (const [key, i] of at) at.set(key, i + 1);
  return ['', ...out, ''];
}

// ---------------------------------------------------------------- the document

const PRINTERS: Record<Exclude<LayoutId, 'pdf-layout'>, TablePrinter> = {
  'cells-tab': printCellsTab,
  'rows-tab': printRowsTab,
  scanned: printScanned,
  'cells-pipe': printCellsPipe,
  'cells-blank': printCellsBlank,
  'pipe-table': printPipeTable,
  'exact-grid': printExactGrid,
};

function title(record: ReportRecord, style: Style, layout: LayoutId): string[] {
  const y = record.year;
  const rest = '政府信息公开工作年度报告';
  const indent = layout === 'pdf-layout' ? '         ' : '';
  switch (style.titleStyle) {
    case 1: return [`${indent}${record.organ} ${y} 年政府信息 公开工作年度报告`];
    case 2: return [`${indent}${record.organ}`, `${indent}${y}年${rest}`];
    case 3: return [`${indent}        ${record.organ}${y}年${rest}`, ''];
    default: return [`${indent}${record.organ}${y}年${rest}`];
  }
}

function ymd(iso: string): { y: number; m: number; d: number } {
  const [y, m, d] = iso.split('-').map(Number);
  return { y: y ?? 0, m: m ?? 1, d: d ?? 1 };
}

function chineseDate(iso: string, style: Style): string {
  const { y, m, d } = ymd(iso);
  switch (style.dateStyle) {
    case 1: return `${y} 年 ${m} 月 ${d} 日`;
    case 2: return `${y}年${String(m).padStart(2, '0')}月${String(d).padStart(2, '0')}日`;
    case 3: return `${y}年${m}月${d}日    `;
    default: return `${y}年${m}月${d}日`;
  }
}

function shiftDate(iso: string, days: number): string {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

function webHeader(record: ReportRecord, style: Style): string[] {
  const out = ['首页 > 政务公开 > 政府信息公开年报', ''];
  out.push(`${record.organ}${record.year}年政府信息公开工作年度报告`);
  let pageDate: string | null = null;
  if (record.published_source === 'page') pageDate = record.published;
  else if (record.published) pageDate = shiftDate(record.published, style.rng.int(1, 20));
  const source = `来源：${record.organ}`;
  const views = `浏览次数：${style.rng.int(12, 4000)}`;
  if (pageDate) {
    const key = style.rng.pick(['发布时间', '发布日期']);
    const when = style.rng.chance(0.5) ? pageDate : `${pageDate} ${String(style.rng.int(8, 18)).padStart(2, '0')}:${String(style.rng.int(0, 59)).padStart(2, '0')}`;
    out.push(`${key}：${when}    ${source}    ${views}`);
  } else {
    out.push(`${source}    ${views}`);
  }
  out.push('【字体：大 中 小】  打印', '');
  return out;
}

/** Prose for a free-text section when the record carries none; with numbers, as real reports have. */
function defaultProse(key: 'overview' | 'problems' | 'other', record: ReportRecord, style: Style): string[] {
  const y = record.year;
  const n = style.rng.int(3, 480);
  const total = getCell(record, { section: 'requests', row: 'new', column: 'total' });
  if (key === 'overview') {
    return [
      `${y}年，${record.organ}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，全年主动公开政府信息${n}条，现将有关情况报告如下。`,
      `（一）主动公开。全年通过政府网站、政务公开栏等渠道公开各类信息${n}条，其中政策文件${style.rng.int(0, 30)}件，2${style.rng.int(0, 9)}次会议议题向社会公开。`,
      `（二）依申请公开。全年收到政府信息公开申请${total ?? style.rng.int(0, 20)}件，均在法定期限内答复。`,
      '（三）政府信息管理。严格落实信息发布审核制度，做到先审后发。',
    ];
  }
  if (key === 'problems') {
    return [
      `${y}年，我单位政府信息公开工作取得一定成效，但仍存在公开内容不够丰富、更新不够及时等问题。`,
      `下一步，将进一步加强业务培训，${y + 1}年计划组织培训${style.rng.int(1, 6)}次，提升公开质量。`,
    ];
  }
  return [style.rng.pick([
    `本年度政府信息公开信息处理费为0`,
    `${y}年度，本单位未收取政府信息公开信息处理费。`,
    `无。`,
    `本年度共收取信息处理费0元，发出收费通知0件。`,
  ])];
}

function prose(key: 'overview' | 'problems' | 'other', record: ReportRecord, style: Style, layout: LayoutId): string[] {
  const given = record.narrative?.[key];
  const paragraphs = given != null ? given.split('\n') : defaultProse(key, record, style);
  if (layout !== 'pdf-layout') return paragraphs.flatMap((p) => (style.plain ? [p] : [p, '']));
  // A PDF prints a paragraph as lines of about 33 characters, the first indented.
  return paragraphs.flatMap((p) => {
    const lines = wrapTo(`\u3000\u3000${p}`, 33);
    return lines.map((l, i) => (i === 0 ? `  ${l.replace(/^\u3000\u3000/, '   ')}` : l));
  });
}

/**
 * The full text of an annual report for `record`, in `layout`.
 * A null cell prints blank (never 0); numbers print as JavaScript writes them (the fee may carry two
 * decimals). A record marked `template: '2019'` is printed in the 2019 form's tables (see
 * activeGrid2019 and requestsGrid): the 2021 cells that form does not carry are not printed.
 */
export function renderText(record: ReportRecord, layout: LayoutId, options: RenderOptions = {}): string {
  layoutInfo(layout);
  const style = makeStyle(layout, options, record);
  if (style.mut?.shortRows) style.repeatRowspans = false;
  const pdf = layout === 'pdf-layout';
  const page = { n: 1, afterBreak: options.afterBreak };
  const out: string[] = [];
  // Cell key -> index in `out` of the line printing the cell's value.
  const valueAt = new Map<string, number>();
  const table = (grid: Grid): string[] => {
    if (style.mut) relabel(grid, style.mut);
    const at = new Map<string, number>();
    const lines = pdf ? printPdf(grid, style, page, at) : PRINTERS[layout as Exclude<LayoutId, 'pdf-layout'>](grid, style, at);
    for (const [key, i] of at) valueAt.set(key, out.length + i);
    return lines;
  };
  const heading = (i: number): string => {
    const s = SECTIONS[i];
    return s ? `${pdf ? '     ' : ''}${s.no}、${s.title}` : '';
  };
  if (style.webPage) out.push(...webHeader(record, style));
  out.push(...title(record, style, layout), '');
  out.push(heading(0), ...prose('overview', record, style, layout), '');
  out.push(heading(1));
  const form2019 = record.template === '2019';
  out.push(...table(form2019 ? activeGrid2019(record, style) : activeGrid(record, style)));
  if (pdf && !style.plain && style.rng.chance(0.5)) out.push('', `     -${++page.n}-`, '\f');
  out.push(heading(2));
  out.push(...table(requestsGrid(record, style, form2019)));
  out.push(heading(3));
  out.push(...table(appealsGrid(record, style)));
  out.push(heading(4), ...prose('problems', record, style, layout), '');
  out.push(heading(5), ...prose('other', record, style, layout), '');
  const printed = record.published_source !== 'page' ? record.published : null;
  if (printed) {
    if (!style.plain && style.rng.chance(0.6)) out.push(`${pdf ? '                                        ' : ''}${record.organ}`);
    out.push(`${pdf ? '                                        ' : ''}${chineseDate(printed, style)}`);
  }
  if (pdf) out.push('', `                          -${++page.n}-`, '');
  if (options.cellLines) {
    // An element may hold several lines (a wrapped header cell): count them.
    const lineOf: number[] = [];
    let line = 1;
    for (const element of out) {
      lineOf.push(line);
      line += 1 + (element.match(/\n/g)?.length ?? 0);
    }
    for (const [key, i] of valueAt) options.cellLines.set(key, lineOf[i] as number);
  }
  return out.join('\n');
}
