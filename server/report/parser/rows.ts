/**
 * One table's lines -> rows of (label fragments, value slots, source line), whatever the layout.
 *
 * The layout is detected per table, not per document (a report pasted from several sources mixes
 * them). What a layout tells the matcher is how certain a slot's position is:
 * - `exact`: tab grid from a reader that knows the cells, or a pipe table: every cell in place;
 * - `kept`: one cell per line where a blank cell still leaves a line (layouts 1, 4, 5);
 * - `grid`: tab rows whose lines all have the same number of fields, so a field index is a column;
 * - `aligned`: pdftotext -layout: a value's character column says where it stands;
 * - `closed`: words one space apart, as `pdftotext -raw` and pdftotext's default mode print a
 *   table: a blank cell leaves no trace, so only the order of a row's numbers is known;
 * - `loose`: scanned text, tab rows of uneven width: only the order of the numbers is known, and
 *   a blank cell may have left a field or not.
 */
import { REQUEST_ROWS } from '../template.ts';
import { MARKER, bigrams, classify, dice, isBlank, isPageMark, isSpace, nfkc, normLabel, startsWithMarker, type TokenKind } from './text.ts';

export type Certainty = 'exact' | 'kept' | 'grid' | 'aligned' | 'closed' | 'loose';

/** Where a piece of text stands: its line and its span on that line. */
export interface Span {
  /** 1-based source line. */
  line: number;
  /** Field index (tab grids) or character column (aligned text) where the piece starts. */
  pos: number;
  end: number;
  /** Aligned text only: the same span in display columns (CJK = 2), the other way text is laid out. */
  dpos: number;
  dend: number;
}

export interface Slot extends Span {
  kind: Exclude<TokenKind, 'text' | 'noise'>;
  text: string;
  value: number;
}

export interface Fragment extends Span {
  text: string;
}

export interface Row {
  labels: Fragment[];
  /** The label fragment nearest to the values: the one the row's own line prints. */
  anchor: number;
  slots: Slot[];
  /** Unreadable marks found among the values (`·`). */
  noise: string[];
  /** 1-based line of the values (or of the label when there are none). */
  line: number;
  page: number;
  certainty: Certainty;
  /** The labels' normalised texts, filled in lazily by the matcher (index = label index). */
  norms: (string | undefined)[];
  /**
   * Tab rows only: the row's fields after its label, blank ones included, when each holds one
   * cell (else null). A browser's copy of a table with merged cells gives rows of different
   * widths, but every row ends with its value cells: counted from the right, they are the columns
   * (the matcher decides per document whether they are; see fieldsFit).
   */
  fields?: Slot[] | null;
  /**
   * Aligned text: a row read as printing no number where that is not certain (its numbers may
   * stand on the next row's line): why its blank cells need a person.
   */
  doubt?: string;
  /**
   * lynx -dump: a run of blank cells is one blank slot, and the blank cells that end a row are
   * dropped. Its slots are the columns when they number as many; a row without a blank slot ends
   * with its missing columns, blank; any other row cannot be placed.
   */
  trailingDropped?: boolean;
  /**
   * lynx -dump of a table whose layout it gave up half-way (one cell per line, a line break in a
   * cell): a run of blank cells leaves no line, only the next cell set far right, where it leaves
   * a trace at all (blank slots, see blankCellUnits); the blank cells that end a row leave none.
   * A row is read only where it shows every cell of its columns (each run one blank cell, none at
   * its end); any other row is flagged on its own, not taken as a sign that the table's rows are
   * out of order (matcher.ts cellsOutOfOrder).
   */
  shiftedRuns?: boolean;
  /**
   * One cell per line with nothing between cells (lineCellUnits): the cells a merged label cell
   * covers (三、本年度办理结果, （三）不予公开 beside 4.保护第三方合法权益) are printed as empty lines
   * before the next row's label, so they end this row: blank cells beyond its columns are dropped
   * from its end first.
   */
  trailingCovered?: boolean;
  /**
   * Aligned text: why none of the row's cells can be placed although it prints numbers (see
   * OUT_OF_LINE): every cell null with this as its review entry.
   */
  unsure?: string;
  /**
   * Aligned text: why the cells this row leaves blank are not certain blanks although its numbers
   * are placed (a line next to it prints more numbers than the table has columns: see
   * matcher.ts spillDoubts): each blank cell null with this as its review entry.
   */
  spill?: string;
  /**
   * Aligned text, rows out of step (OUT_OF_LINE): the two rows with labels whose numbers are mixed
   * with each other's and with the lines of numbers alone below them. The matcher may place them
   * together by the template's arithmetic (arith.ts tangledRows); until then none is read.
   */
  tangle?: Tangle;
}

/** Two rows out of step and the lines of numbers alone below them (see Row.tangle). */
export interface Tangle {
  /** The two rows with labels, top one first. */
  rows: [Row, Row];
  /** The lines of numbers alone, in order. */
  bare: Row[];
}

/**
 * pdftotext puts the words of a line by their baselines: where a table's rows stand out of step
 * (a label cell spanning rows, wrapped in two lines), the numbers of a row may be printed on the
 * next row's line, and that row's own on a line of numbers alone, below it. A line of numbers
 * without a label, just below a row's numbers, is that sign: the two rows above it may each print
 * numbers of the other (or print none, theirs being below), so neither is read.
 */
/** Whether `row` is a line of numbers alone (no date or time of a page header) just below `above`'s numbers. */
function outOfLine(row: Row, above: Row | undefined): boolean {
  if (row.labels.length > 0 || !above || above.page !== row.page || !row.slots.some(nonBlank)) return false;
  if (!row.slots.every((s) => s.kind === 'number' || s.kind === 'blank')) return false;
  return above.slots.some((s) => s.kind !== 'blank' && s.line === row.line - 1);
}

const OUT_OF_STEP = '转换后的文本中有的数字与所属的行错开，此行未在行名旁印出数字，不能确定各格空白，请核对原文';
const OUT_OF_LINE = '转换后的文本中此行与相邻行的数字错行（下方有一行只有数字），无法确定各数字所属的行和栏目，请核对原文';

export interface HeaderCell extends Span {
  text: string;
  page: number;
}

export interface TableRows {
  rows: Row[];
  /** Text cells seen before the first row with values: column headers, for anchoring positions. */
  headers: HeaderCell[];
  certainty: Certainty;
  /**
   * Aligned text: per page of the table (numbered as its rows' `page`), the words printed on that
   * page outside the table (another table, a paragraph, the browser's page header), in characters:
   * where each ends, and where each run of them stands; what may have put a run of
   * numbers where it stands (runs.ts).
   */
  pageWords?: (page: number) => PageWords;
}

interface Cell extends Span {
  kind: TokenKind;
  text: string;
  value: number;
}

type Layout = 'exact' | 'pipe' | 'bars' | 'cells-tab' | 'cells-blank' | 'cells-lines' | 'tab-rows' | 'aligned';

const PIPE_ROW = /^\s*\|.*\|\s*$/;
/**
 * Whether text split at spaces is laid out in columns (pdftotext -layout, a browser's dump), where
 * a blank cell leaves a wider gap, or closed up (`pdftotext -raw`, pdftotext's default mode),
 * where every word stands one space past the one before and a blank cell leaves nothing. Laid out
 * when two numbers of a line stand two spaces apart or more, or at least half the lines of two
 * words or more show such a gap between two words (a laid-out row of numbers stands apart from its
 * label, header words apart from each other; even a packed Chromium row, `2.其他法律行政法规禁止公
 * 100 183 190`, has wider neighbours). pdftotext's -raw and default text of the fictional and the
 * real reports print no such gap at all. A table read as closed loses no number: its complete rows
 * are placed in order, the others only by the template's arithmetic. A closed table read as laid
 * out would place every row by where its numbers stand, which there says nothing.
 */
function laidOut(lines: readonly string[]): boolean {
  let worded = 0, gapped = 0;
  for (const line of lines) {
    if (line.includes('\t')) continue;
    const n = line.length;
    let words = 0, wide = false, prevStart = -1, prevEnd = -1;
    for (let i = 0; i < n;) {
      while (i < n && isSpace(line.charCodeAt(i))) i++;
      if (i >= n) break;
      const start = i;
      while (i < n && !isSpace(line.charCodeAt(i))) i++;
      if (words > 0 && start - prevEnd >= 2) {
        if (isNumberWord(line, start, i) && isNumberWord(line, prevStart, prevEnd)) return true;
        wide = true;
      }
      words++;
      prevStart = start;
      prevEnd = i;
    }
    if (words < 2) continue;
    worded++;
    if (wide) gapped++;
  }
  return gapped * 2 >= worded;
}

/** Two gaps of two or more spaces between words: columns laid out with spaces. */
const WIDE_GAPS = /\S(?: {2,}|\u3000{2,})(?=\S).*?\S(?: {2,}|\u3000{2,})\S/;
const PIPE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

function blankBetween(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

/**
 * Whether a word starting with this character can classify as a number: an ASCII character other
 * than a digit or sign cannot, nor can a CJK ideograph (NFKC changes neither).
 */
function mayBeNumber(c: number): boolean {
  if (c < 0x80) return (c >= 48 && c <= 57) || c === 43 || c === 45;
  return c < 0x4e00 || c > 0x9fff;
}

/** Whether s[from, to) is a word that classifies as a number (classify(word).kind === 'number'). */
function isNumberWord(s: string, from: number, to: number): boolean {
  if (!mayBeNumber(s.charCodeAt(from))) return false;
  // ASCII digits only: always a number (classify's first test, or NUMBER's \d+ when longer).
  let i = from;
  while (i < to && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i === to || classify(s.slice(from, to)).kind === 'number';
}

function detect(lines: readonly string[], exactCells: boolean, conventions: Conventions): Layout {
  if (exactCells) return 'exact';
  let pipes = 0, bars = 0, multiTab = 0, singleTab = 0, alignedRows = 0, lone = 0, spaced = 0;
  // Empty lines between lines of text: one cell per line is told by them (see blankCellUnits).
  let seen = false, empty = false, parted = false;
  for (const line of lines) {
    const n = line.length;
    let s = 0;
    while (s < n && isSpace(line.charCodeAt(s))) s++;
    if (s === n) {
      empty = seen;
      continue;
    }
    if (empty) parted = true;
    seen = true;
    if (line.charCodeAt(s) === 124 /* | */) {
      // The line's text without the white space around it is [s, e).
      let e = n;
      while (isSpace(line.charCodeAt(e - 1))) e--;
      // PIPE_ROW needs a second | as the last mark: test that before the pattern.
      if (e - s >= 2 && line.charCodeAt(e - 1) === 124 && PIPE_ROW.test(line)) pipes++;
      if (e - s === 1) bars++;
    }
    if (line.includes('\t')) {
      // How many tab fields hold something (two are enough to tell).
      let filled = 0, inField = false;
      for (let i = 0; i < n && filled < 2; i++) {
        const c = line.charCodeAt(i);
        if (c === 9) {
          if (inField) filled++;
          inField = false;
        } else if (!inField && !isSpace(c)) inField = true;
      }
      if (inField) filled++;
      if (filled >= 2) multiTab++;
      else if (line.startsWith('\t')) singleTab++;
    } else if (alignedRows < 2 && spaced < 2) {
      // (Once either count is 2 the table is aligned unless pipes or tabs say otherwise: the
      // words of the lines after that no longer matter.)
      // The words of the line (\s includes U+3000): is it several, and is one a number?
      let words = 0, number = false;
      for (let i = s; i < n;) {
        while (i < n && isSpace(line.charCodeAt(i))) i++;
        if (i >= n) break;
        const start = i;
        while (i < n && !isSpace(line.charCodeAt(i))) i++;
        words++;
        if (!number && isNumberWord(line, start, i)) number = true;
        // Nothing below changes with more words once there are three and a number.
        if (number && words >= 3) break;
      }
      // One number with a space between its thousands (`1 234`) is one word.
      if (words === 2 && number && spacedThousands(line, s, n)) words = 1;
      if (words >= 2 && number) alignedRows++;
      else if (words === 1) lone++;
      // Its matches lie between the line's first and last non-space: the same on the whole line.
      if (words >= 3 && WIDE_GAPS.test(line)) spaced++;
    }
  }
  if (pipes >= 3) return 'pipe';
  if (bars >= 3) return 'bars';
  if (multiTab >= 3 && multiTab >= singleTab) return 'tab-rows';
  if (singleTab >= 3) return 'cells-tab';
  // Column headers spread over a line by runs of spaces (`结果    结果    其他`) are pdftotext's
  // too: a table whose only number line holds one number (the rest blank) is still aligned.
  // A table of lines with no empty line between them prints its cells on lines of words, not one
  // per line: pdftotext -raw puts a 复议诉讼 header word on each line, and its numbers on one.
  if (alignedRows >= 2 || alignedRows >= lone || spaced >= 2 || (!parted && alignedRows > 0)) return 'aligned';
  return conventions.cellsAdjacent() ? 'cells-lines' : 'cells-blank';
}

/**
 * How a document writes tables one cell per line, asked of all its tables together (a small table
 * may have too few cells to tell) and only of such a table: lynx's blank runs (evenRun), cells
 * with nothing between them (adjacentCells), tabs turned into spaces (respacedTabs).
 */
export interface Conventions {
  lynxRuns(): boolean;
  /** lynx gave a table's layout up half-way: a cell after a run of blank cells set far right (see blankCellUnits). */
  lynxShifts(): boolean;
  cellsAdjacent(): boolean;
  respaced(): boolean;
}

/** The conventions `tables` (each a table's lines, given when first asked for) show, each worked out once. */
export function conventionsOf(tables: () => readonly (readonly string[])[]): Conventions {
  let all: readonly (readonly string[])[] | undefined;
  let lynx: boolean | undefined, shifts: boolean | undefined, adjacent: boolean | undefined, respaced: boolean | undefined;
  const got = () => (all ??= tables());
  return {
    lynxRuns: () => (lynx ??= got().some(evenRun)),
    lynxShifts: () => (shifts ??= got().some((lines) => blankCellUnits(lines, 0, false, false, false)[0]?.shiftedRuns === true)),
    cellsAdjacent: () => (adjacent ??= adjacentCells(got())),
    respaced: () => (respaced ??= got().some(respacedTabs)),
  };
}

/**
 * Whether cells one per line stand with nothing between them (see lineCellUnits): at least as
 * many lines of one number straight after another line as after an empty one. A page saved as
 * text, lynx and pdftotext's default mode put an empty line after every cell (in 40 LibreOffice
 * PDFs through pdftotext, about 10 numbers of a 申请 table after another line for 105 after an
 * empty one); LibreOffice's text export only where a cell is blank (about 85 for 33).
 */
function adjacentCells(tables: readonly (readonly string[])[]): boolean {
  let adjacent = 0, separated = 0;
  for (const lines of tables) {
    let last: boolean | null = null;
    for (const line of lines) {
      const n = line.length;
      let s = 0, e = n;
      while (s < n && isSpace(line.charCodeAt(s))) s++;
      if (s === n) {
        if (last !== null) last = false;
        continue;
      }
      while (isSpace(line.charCodeAt(e - 1))) e--;
      if (last !== null && e - s <= 15 && isNumberWord(line, s, e) && !hasSpace(line, s, e)) {
        if (last) adjacent++;
        else separated++;
      }
      last = true;
    }
  }
  return adjacent > 0 && adjacent >= separated;
}

function hasSpace(line: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isSpace(line.charCodeAt(i))) return true;
  return false;
}

function cell(raw: string, line: number, pos: number, end: number, dpos = pos, dend = end): Cell {
  // Most cells are empty, plain digits or label words: classify()'s first answers, without its Token.
  const text = raw.trim();
  if (text === '') return { kind: 'blank', text, value: 0, line, pos, end, dpos, dend };
  if (text.length <= 15 && isDigits(text)) return { kind: 'number', text, value: Number(text), line, pos, end, dpos, dend };
  const c0 = text.charCodeAt(0);
  if (c0 >= 0x4e00 && c0 <= 0x9fff) return { kind: text === '无' || text === '空' ? 'dash' : 'text', text, value: 0, line, pos, end, dpos, dend };
  const t = classify(text);
  return { kind: t.kind, text: t.text, value: t.value, line, pos, end, dpos, dend };
}

/** A non-empty string of ASCII digits only. */
function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

/**
 * Whitespace-separated tokens of a line with their character columns, and their display columns
 * (a CJK character, from U+2E80, counts 2): one pass, counting the wide characters on the way.
 */
function tokens(line: string, lineNo: number): Cell[] {
  const out: Cell[] = [];
  const n = line.length;
  let wide = 0; // wide characters in line[0, i): line[0, i) is i + wide display columns
  for (let i = 0; i < n;) {
    let c = line.charCodeAt(i);
    while (isSpace(c)) {
      if (c >= 0x2e80) wide++;
      if (++i >= n) return out;
      c = line.charCodeAt(i);
    }
    const start = i, dstart = i + wide;
    while (i < n && !isSpace((c = line.charCodeAt(i)))) {
      if (c >= 0x2e80) wide++;
      i++;
    }
    out.push(cell(line.slice(start, i), lineNo, start, i, dstart, i + wide));
  }
  return out;
}

/**
 * The whitespace-separated words of line[from, to) as cells all at `pos` (the field index of a
 * tab field, 0 for a line outside the grid), added to `out`.
 */
function words(out: Cell[], line: string, from: number, to: number, lineNo: number, pos: number): Cell[] {
  let prevEnd = -1;
  for (let i = from; i < to;) {
    while (i < to && isSpace(line.charCodeAt(i))) i++;
    if (i >= to) break;
    const start = i;
    while (i < to && !isSpace(line.charCodeAt(i))) i++;
    const c = cell(line.slice(start, i), lineNo, pos, pos);
    // `1 234` read word by word is 1 and 234, or one number with a space between its thousands:
    // a group of three digits one space after a number of one to three digits (not 0) is no certain cell.
    const prev = out[out.length - 1];
    if (prev && prevEnd === start - 1 && i - start === 3 && isDigits(c.text)
      && (prev.kind === 'odd' || (prev.kind === 'number' && prev.text.length <= 3 && prev.text[0] !== '0' && isDigits(prev.text)))) {
      prev.kind = 'odd';
      c.kind = 'odd';
    }
    out.push(c);
    prevEnd = i;
  }
  return out;
}

interface Unit {
  cells: Cell[];
  /** The row is complete on this unit (false: a pdftotext line that may be part of a wrapped row). */
  complete: boolean;
  /** Tab rows: a line without a tab. */
  plain?: boolean;
  /** The layout drops the blank cells that end a row (lynx -dump): see Row.trailingDropped. */
  trailingDropped?: boolean;
  /** A run of blank cells shows as the next cell set far right (lynx): see Row.shiftedRuns. */
  shiftedRuns?: boolean;
  /** Cells a merged cell covers are printed empty before the next row's label: see Row.trailingCovered. */
  trailingCovered?: boolean;
  /** Why no cell of the unit's rows can be placed (RESPACED), when the layout's own marks were lost. */
  unsure?: string;
  page: number;
}

/** A line holding only `|` (and white space): `line.trim() === '|'`. */
function isBar(line: string): boolean {
  let s = 0, e = line.length;
  while (s < e && isSpace(line.charCodeAt(s))) s++;
  while (e > s && isSpace(line.charCodeAt(e - 1))) e--;
  return e - s === 1 && line.charCodeAt(s) === 124;
}

/** Splits the region into units, one per table row where the layout says where rows end. */
function units(lines: readonly string[], first: number, layout: Layout, grid: boolean, conventions: Conventions): Unit[] {
  // One reader per layout: each stays small and sees one kind of line.
  switch (layout) {
    case 'cells-tab': return tabCellUnits(lines, first);
    case 'bars': return barUnits(lines, first);
    case 'cells-blank': return blankCellUnits(lines, first, conventions.lynxRuns(), conventions.respaced(), conventions.lynxShifts());
    case 'cells-lines': return lineCellUnits(lines, first);
    default: return lineUnits(lines, first, layout, grid);
  }
}

/** One cell per line, tab-indented; an empty line ends the row. */
function tabCellUnits(lines: readonly string[], first: number): Unit[] {
  const out: Unit[] = [];
  let cur: Cell[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (isPageMark(line)) continue;
    if (line.startsWith('\t')) cur.push(cell(line, first + i + 1, cur.length, cur.length + 1));
    else if (isBlank(line)) {
      if (cur.length) out.push({ cells: cur, complete: true, page: 0 });
      cur = [];
    } else {
      // A wrapped cell: its later lines carry no tab (商业\n企业).
      const prev = cur[cur.length - 1];
      if (prev && prev.kind === 'text') prev.text += line.trim();
      else cur.push(cell(line, first + i + 1, cur.length, cur.length + 1));
    }
  }
  if (cur.length) out.push({ cells: cur, complete: true, page: 0 });
  return out;
}

/** Every line between `|` lines is a cell; an empty one is a blank cell. */
function barUnits(lines: readonly string[], first: number): Unit[] {
  const cur: Cell[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (isPageMark(line) || isBar(line)) continue;
    cur.push(cell(line, first + i + 1, cur.length, cur.length + 1));
  }
  return cur.length ? [{ cells: cur, complete: true, page: 0 }] : [];
}

/** How far right of the table's other cells lynx sets a cell after a run of blank cells (see blankCellUnits): some 80 characters in, where they stand 3 in. */
const LYNX_SHIFT = 20;

/** Where most lines of a number alone start (-1 without any). */
function numberIndent(lines: readonly string[]): number {
  const count = new Map<number, number>();
  for (const line of lines) {
    const t = line.trim();
    if (t === '' || !isDigits(t)) continue;
    const at = line.length - line.trimStart().length;
    count.set(at, (count.get(at) ?? 0) + 1);
  }
  let best = -1, most = 0;
  for (const [at, k] of count) if (k > most) { best = at; most = k; }
  return best;
}

/**
 * One cell, then one empty line; each further pair of empty lines is a blank cell. `shifts`: the
 * document is lynx's with a table whose layout it gave up (another table shows it), where a run
 * of blank cells may leave no trace: this table's rows are read as such too, even where none of
 * its own cells stands far right (the 主动公开 table's blank cells end its rows).
 */
function blankCellUnits(lines: readonly string[], first: number, lynx: boolean, respaced: boolean, shifts: boolean): Unit[] {
  // Two conventions: a page saved as text writes a blank cell as two more empty lines (runs of 1,
  // 3, 5 …); lynx -dump writes a run of blank cells, however many, as one more empty line, and
  // drops the blank cells that end a row (see Row.trailingDropped). A run of even length is
  // lynx's (see evenRun).
  const cur: Cell[] = [];
  const base = numberIndent(lines);
  let shifted = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (isPageMark(line) || isBlank(line)) continue;
    const prevEmpty = i > 0 && isBlank(lines[i - 1] as string);
    const prev = cur[cur.length - 1];
    const at = line.length - line.trimStart().length;
    if (!prevEmpty && prev && prev.kind === 'text' && classify(line).kind === 'text') {
      prev.text += line.trim();
    } else {
      const c = cell(line, first + i + 1, cur.length, cur.length + 1);
      // lynx keeping half of a table's layout (one cell per line, a line break in a cell made it
      // give the rest up) sets the cell after a run of blank cells far right of the table's other
      // cells, the run leaving no empty line: that run is a blank slot too.
      if (c.kind === 'number' && base >= 0 && at >= base + LYNX_SHIFT && prev && prev.kind !== 'blank') {
        cur.push(cell('', first + i + 1, cur.length, cur.length + 1));
        cur.push(cell(line, first + i + 1, cur.length, cur.length + 1));
        shifted = true;
      } else cur.push(c);
    }
    let run = 0;
    while (i + 1 + run < lines.length && isBlank(lines[i + 1 + run] as string)) run++;
    const count = lynx ? Math.min(1, run - 1) : Math.floor((run - 1) / 2);
    const step = lynx ? 1 : 2;
    for (let b = 0; b < count; b++) cur.push(cell('', first + i + 2 + step * b + 1, cur.length, cur.length + 1));
  }
  if (cur.length === 0) return [];
  return [{ cells: cur, complete: true, page: 0, trailingDropped: lynx, ...(shifted || shifts ? { shiftedRuns: true } : {}), ...(respaced ? { unsure: RESPACED } : {}) }];
}

/**
 * A browser's copy writes a row of blank cells as tabs and no-break spaces (`\t\u00a0\t\u00a0\t`,
 * paragraphs.ts). Spaces among the no-break spaces mean its tabs were turned into spaces after the
 * copy: how many blank cells such a line held, and where rows part, is lost, in every table; and
 * a table of tab rows became words at tab stops, which line up whatever their columns.
 */
function respacedTabs(lines: readonly string[]): boolean {
  return lines.some((l) => l.includes('\u00a0') && l.includes('  ') && /^[ \u00a0]+$/.test(l));
}

const RESPACED = '转换后的文本中表格的制表符被替换成了空格，无法确定空白格的位置和数字所属栏目，请核对原文';

/**
 * One cell per line with nothing between cells: each line is a cell, an empty one (or one holding
 * only a no-break space) a blank cell: LibreOffice's text export of a report (`二、上年结转… / 9 /
 * \u00a0 / 7 / / 68 / 1 / 3`). The cells a merged label cell covers are empty lines too, before
 * the next row's label (see Row.trailingCovered). Told from the other conventions
 * (blankCellUnits) by lines of one number straight after another.
 */
function lineCellUnits(lines: readonly string[], first: number): Unit[] {
  const cur: Cell[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (isPageMark(line)) continue;
    cur.push(cell(isBlank(line) ? '' : line, first + i + 1, cur.length, cur.length + 1));
  }
  return cur.length ? [{ cells: cur, complete: true, page: 0, trailingCovered: true }] : [];
}

/**
 * Whether a run of empty lines between two cells has an even length (see blankCellUnits): lynx's
 * way of writing blank cells. Asked of all of a document's tables together, as one table may
 * have no run of blank cells to tell (the 主动公开 table's blank cells ending its rows, dropped).
 */
function evenRun(lines: readonly string[]): boolean {
  let run = 0, seen = false;
  for (const line of lines) {
    if (isBlank(line)) {
      run++;
      continue;
    }
    if (seen && run > 0 && run % 2 === 0) return true;
    seen = true;
    run = 0;
  }
  return false;
}

/** One table row per line (pipe table, tab rows, exact grid) or per pdftotext line (aligned). */
function lineUnits(lines: readonly string[], first: number, layout: Layout, grid: boolean): Unit[] {
  const out: Unit[] = [];
  let page = 0;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] as string;
    if (line.includes('\f')) {
      page++;
      line = line.replace(/\f/g, '');
    }
    if (isBlank(line) || isPageMark(line)) continue;
    const lineNo = first + i + 1;
    if (layout === 'pipe') {
      if (PIPE_RULE.test(line)) continue;
      const row = PIPE_ROW.test(line);
      out.push({ cells: row ? pipeCells(line, lineNo) : words([], line, 0, line.length, lineNo, 0), complete: true, page, plain: !row });
    } else if (layout === 'exact' || layout === 'tab-rows') {
      if (line.includes('\t')) out.push({ cells: tabCells(line, lineNo, layout === 'exact', grid), complete: true, page });
      else out.push({ cells: words([], line, 0, line.length, lineNo, 0), complete: layout !== 'exact', page, plain: true });
    } else {
      out.push({ cells: tokens(line, lineNo), complete: false, page });
    }
  }
  return out;
}

/** The cells of a pipe row `| a | b |`: line.trim().slice(1, -1).split('|'), without the two whole-line copies. */
function pipeCells(line: string, lineNo: number): Cell[] {
  let from = 0, to = line.length;
  while (isSpace(line.charCodeAt(from))) from++;
  while (isSpace(line.charCodeAt(to - 1))) to--;
  return line.slice(from + 1, to - 1).split('|').map((p, k) => cell(p, lineNo, k, k + 1));
}

/**
 * The cells of a tab row, field by field as line.split('\t') gives them (read in place). `exact`:
 * a field is one cell; otherwise a field may hold words of several (Word's text export and scans
 * put a label and a number in one field: `行政处罚 0`).
 */
function tabCells(line: string, lineNo: number, exact: boolean, grid = false): Cell[] {
  const cells: Cell[] = [];
  for (let k = 0, from = 0; ; k++) {
    const tab = line.indexOf('\t', from);
    const to = tab < 0 ? line.length : tab;
    if (exact || blankBetween(line, from, to)) cells.push(cell(line.slice(from, to), lineNo, k, k + 1));
    else if (spacedThousands(line, from, to)) {
      // `1 234`: one number with a space between its thousands in a grid's field; in uneven tab rows
      // (a scan's text) it may as well be two cells, 1 and 234: a value that needs a person.
      const c = cell(line.slice(from, to), lineNo, k, k + 1);
      cells.push(grid ? c : { ...c, kind: 'odd', value: 0 });
    } else words(cells, line, from, to, lineNo, k);
    if (tab < 0) return cells;
    from = tab + 1;
  }
}

/** line[from, to) is digits with single spaces between groups of three (`1 234`, `12 345 678`; not `0 100`). */
function spacedThousands(line: string, from: number, to: number): boolean {
  const field = nfkc(line.slice(from, to).trim());
  return field.length >= 5 && /^[1-9]\d{0,2}(?: \d{3})+$/.test(field);
}

/** A tab table is a grid when its lines all have the same number of fields. */
function uniformWidth(lines: readonly string[]): boolean {
  let width = -1, count = 0;
  for (const line of lines) {
    let w = 1;
    for (let i = line.indexOf('\t'); i >= 0; i = line.indexOf('\t', i + 1)) w++;
    if (w === 1) continue;
    if (width >= 0 && w !== width) return false;
    width = w;
    count++;
  }
  return count >= 3;
}

/** The 申请 table's row labels as bigram sets: its labels are the ones long enough to wrap. */
const WRAP_LABELS = REQUEST_ROWS.map((r) => bigrams(normLabel(r.label)));
/** The group （六）其他处理, a row of its own in the 2019 form. */
const OTHER_GROUP = bigrams(normLabel(REQUEST_ROWS.find((r) => r.key === 'other_other')?.group ?? ''));

/**
 * Whether label text `b` printed below `a` goes on with it: `a + b` is some template label's text
 * (a Dice score of 0.55 or more) better than either part alone (`申请人逾期未按收费通知要求缴` +
 * `纳费用、行政机关不再处理其政府信息公开申请`), not `予以公开` + `部分公开（区分处理的，…`.
 */
function wrapsOn(a: string, b: string): boolean {
  const key = `${a}\u0000${b}`;
  let v = WRAPS_MEMO.get(key);
  if (v === undefined) {
    const ga = bigrams(normLabel(a)), gb = bigrams(normLabel(b)), both = bigrams(normLabel(a + b));
    v = WRAP_LABELS.some((l) => {
      const d = dice(both, l);
      return d >= 0.55 && d > dice(ga, l) && d > dice(gb, l);
    });
    remember(WRAPS_MEMO, key, v);
  }
  return v;
}
/** The 申请 table's row labels without their marks (`1.`, `（一）`, `一、`), as normLabel gives them. */
const LABEL_BODIES = REQUEST_ROWS.map((r) => normLabel(r.label).replace(MARKER, ''));

/**
 * Whether a line of label text is the first part of a template row's label, four characters or
 * more, not all of it: a row's label that starts above its numbers' line (Word centres a cell's
 * text on its numbers: `申请人无正当理由逾期不补正、行` / `1.  …112` / `政机关不再处理其政府信息公开申请  239 …`).
 */
function beginsLabel(text: string): boolean {
  const t = normLabel(text).replace(/\s+/g, '');
  return t.length >= 4 && LABEL_BODIES.some((b) => b.length > t.length && b.startsWith(t));
}

/** Reports repeat their labels: wrapsOn and wholeLabel keep what they worked out (bounded, see remember). */
const WRAPS_MEMO = new Map<string, boolean>();
const WHOLE_MEMO = new Map<string, boolean>();
function remember(memo: Map<string, boolean>, key: string, v: boolean): void {
  if (memo.size >= 5000) memo.clear();
  memo.set(key, v);
}

/** A line of numbers alone just below a row's numbers, and what marking the rows out of step (OUT_OF_LINE) changed. */
interface Between {
  bare: Row;
  /** The row whose numbers it stands below, and the row with a label above that one. */
  row: Row;
  above: Row;
  /** Takes the marks back. */
  undo: () => void;
}

const overlaps = (a: Slot, b: Slot) => a.pos < b.end && b.pos < a.end;

/**
 * Whether a line of numbers alone (`bare`) stands between two lines of the label of the row
 * above it, `t` being the line below it, and is that row's: Word sets a cell's text at the top of
 * its cell or in its middle, cell by cell, so a row whose label wraps over two lines prints its
 * 总计 (top) on the label's first line and its other numbers (middle) between the two lines
 * (`（二）部分公开（区分处理的，只计这一情  19` / `355 224 362  136 68` / `形，不计其他情形）`). Taken so only
 * where nothing else can be: `t` goes on with the row's label text (wrapsOn); the bare line's
 * numbers stand in no column of the row's own line; and the row's own numbers are none of the row
 * above's, each standing in a column that row prints a number in on its own line (rows out of
 * step print a row's last numbers on the next row's line).
 */
function betweenLabelLines(between: Between, t: Fragment): boolean {
  const { bare, row, above } = between;
  if (startsWithMarker(t.text) || !wrapsOn(row.labels.map((l) => l.text).join(''), t.text)) return false;
  const own = row.slots.filter(nonBlank), under = bare.slots.filter(nonBlank), upper = above.slots.filter(nonBlank);
  if (own.length === 0) return false;
  if (upper.length === 0 || upper.some((s) => s.line !== above.line) || own.some((s) => s.line !== row.line)) return false;
  if (under.some((u) => own.some((o) => overlaps(u, o)))) return false;
  // One order of the row's numbers, left to right, whichever way the text counts its columns.
  const byChars = [...own, ...under].sort((x, y) => x.pos - y.pos), byWidth = [...byChars].sort((x, y) => x.dpos - y.dpos);
  if (byChars.some((x, k) => x !== byWidth[k])) return false;
  return own.every((o) => upper.some((a) => overlaps(o, a)));
}

/** Reading one table's units into rows: the rows so far and the row being read (see readRows). */
class RowReader {
  readonly rows: Row[] = [];
  readonly headers: HeaderCell[] = [];
  private pending: Fragment[] = [];
  private continuing: Row | null = null;
  private continued = 0;
  /**
   * Aligned text: the row just read when its label may go on below its numbers or the next row's
   * may start there (neither began above nor with a mark): see emit().
   */
  private maybe: Row | null = null;
  /** The label text of `maybe` so far: its own, then the lines taken in below it. */
  private maybeText = '';
  private lastLine = -1;
  private texts: Fragment[] = [];
  private slots: Slot[] = [];
  /** NO_NOISE until a mark is found (most rows have none). */
  private noise: string[] = NO_NOISE;
  /** Tab rows of label text alone read from a line without a tab (see joinWrapped). */
  private readonly plainRows = new Set<Row>();
  /** Aligned or closed text: a line of numbers alone was found just below a row's numbers (OUT_OF_LINE). */
  outOfStep = false;
  /** Aligned text: the line of numbers alone just read below a row's, while its label may go on below it (see betweenLabelLines). */
  private between: Between | null = null;
  /** Tab rows: the fields since the last label (see Row.fields); null when one held several cells. */
  private fields: Slot[] | null = null;
  private readonly first: number;
  private readonly certainty: Certainty;
  private readonly keepBlanks: boolean;
  private readonly layout: Layout;
  /** Layouts whose cells are whole (not split into words). */
  private readonly wholeCells: boolean;

  constructor(first: number, layout: Layout, certainty: Certainty) {
    this.first = first;
    this.layout = layout;
    this.certainty = certainty;
    this.keepBlanks = certainty !== 'aligned' && certainty !== 'closed' && certainty !== 'loose';
    this.wholeCells = !(layout === 'aligned' || layout === 'tab-rows');
    if (layout === 'tab-rows') this.fields = [];
  }

  /** Splits the unit wherever a label follows values: that starts another row. */
  read(unit: Unit): void {
    const cells = unit.cells;
    for (let k = 0; k < cells.length; k++) {
      const c = cells[k] as Cell;
      // `无` right after label words, on a line read word by word, is part of the label when it
      // stands next to them: `（四） 无` / `法提供` (无法提供 wrapped, aligned text), or `（四） 无 法提供`
      // in one tab field. Apart from the label (columns away, its own field, or last in the label's
      // field: `5、属于三类内部事务信息 无	0`) it is a cell written as 无.
      if (c.kind === 'dash' && c.text === '无' && !this.wholeCells) {
        const prevText = this.texts[this.texts.length - 1];
        if (prevText && this.slots.length === 0 && prevText.line === c.line) {
          const next = cells[k + 1];
          const label = this.layout === 'aligned' ? c.pos - prevText.end <= 2
            : c.pos === prevText.pos && next !== undefined && next.kind === 'text' && next.pos === c.pos && next.line === c.line;
          if (label) c.kind = 'text';
        }
      }
      // A cell is used as it is for the slot or label fragment it becomes (it has their fields).
      if (c.kind === 'text') {
        if (this.slots.some(nonBlank) || (this.slots.length && this.texts.length)) this.emit(unit);
        else this.slots = []; // blank cells before a label are the empty slots of a merged label column
        this.texts.push(c);
        if (this.layout === 'tab-rows') this.fields = [];
      } else if (c.kind === 'noise') {
        if (this.texts.length || this.slots.length) {
          if (this.noise === NO_NOISE) this.noise = [];
          this.noise.push(c.text);
        }
        this.fields = null;
      } else if (c.kind === 'blank') {
        if (this.keepBlanks) this.slots.push(c as Slot);
        this.fields?.push(c as Slot);
      } else {
        this.slots.push(c as Slot);
        const fields = this.fields;
        if (fields) {
          if (fields[fields.length - 1]?.pos === c.pos) this.fields = null;
          else fields.push(c as Slot);
        }
      }
    }
    this.emit(unit);
  }

  /**
   * A tab row whose label wrapped onto the next lines (`二、上年结转政府信息公开申请数` / `量\t\t3017…`,
   * or `\t（六）其他处理\t1.申请人无正当` / `理由逾期不补正、` / … / `请\t1150…`): the lines of label
   * text alone just above a row that prints numbers are its label when none of the lines below
   * the first starts with its own mark, all but the first hold no tab (a wrapped label's lines; a
   * scan's empty rows keep their tab fields), and each line's text with the next one's is a
   * template label better than either alone (wrapsOn). They are taken into `row`.
   */
  private joinWrapped(row: Row, plain: boolean): void {
    if (this.layout === 'pipe') return this.joinHeadingLabel(row, plain);
    if (this.layout !== 'tab-rows') return;
    if (!row.slots.some(nonBlank)) {
      if (plain) this.plainRows.add(row);
      return;
    }
    let taken = 0;
    let next = row;
    for (let k = this.rows.length - 1; k >= 0; k--) {
      const prev = this.rows[k] as Row;
      const first = next.labels[0];
      if (!first || prev.slots.length > 0 || prev.labels.length === 0) break;
      if (first.line !== prev.line + 1 || startsWithMarker(first.text)) break;
      // The two lines' texts together must be a template label, better than either alone (a scan's
      // empty row 上年结转…数量 above 予以公开 is two rows).
      if (!wrapsOn(prev.labels.map((l) => l.text).join(''), next.labels.map((l) => l.text).join(''))) break;
      taken++;
      if (!this.plainRows.has(prev)) break;
      next = prev;
    }
    if (taken === 0) return;
    const chain = this.rows.splice(this.rows.length - taken, taken);
    row.labels = [...chain.flatMap((r) => r.labels), ...row.labels];
    row.anchor = row.labels.length - 1;
    row.norms = [];
  }

  /**
   * Markdown that prints a row's label as a line of its own (`### （一）予以公开`, `**1.属于国家秘密**`)
   * above a pipe row of its numbers alone: the two are one row. Only a label line outside the
   * table, at most two empty lines above, and only for a pipe row without any label.
   */
  private joinHeadingLabel(row: Row, plain: boolean): void {
    const prev = this.rows[this.rows.length - 1];
    if (plain) {
      if (row.slots.length === 0 && row.labels.length > 0) this.plainRows.add(row);
      return;
    }
    if (!prev || !this.plainRows.has(prev) || row.labels.length > 0 || !row.slots.some(nonBlank)) return;
    if (row.line - prev.line > 3) return;
    this.rows.pop();
    row.labels = prev.labels;
    row.anchor = row.labels.length - 1;
    row.norms = [];
  }

  private emit(unit: Unit): void {
    const { texts, slots, noise } = this;
    if (!unit.complete && slots.length === 0) {
      // A pdftotext line holding only label text: the rest of the row above, or the start of one below.
      const gap = texts[0] ? texts[0].line - this.lastLine : 99;
      const between = this.between;
      this.between = null;
      if (between && this.continuing === between.bare && gap <= 1 && texts.some((t) => betweenLabelLines(between, t))) {
        // The line of numbers alone stands between two lines of the label of the row above it.
        const { bare, row, undo } = between;
        undo();
        row.slots = [...row.slots, ...bare.slots].sort((x, y) => x.pos - y.pos);
        row.labels.push(...texts);
        this.rows.splice(this.rows.indexOf(bare), 1);
        this.continuing = row;
        this.maybeText = row.labels.map((l) => l.text).join('');
        this.continued = 1;
      } else for (const t of texts) {
        if (this.continuing && this.continued < 3 && gap <= 1 && !startsWithMarker(t.text) && !(beginsLabel(t.text) && !wrapsOn(this.maybeText, t.text))) {
          this.continuing.labels.push(t);
          this.maybeText += t.text;
          this.continued++;
        } else {
          this.continuing = null;
          // Without a mark either way (`其他处理  申请人逾期未按收费通知要求缴  1157 …` / `纳费用、…`),
          // the line may end the row above or begin the one below: it ends the row above when the
          // two texts together are one template label, better than either alone (see wrapsOn).
          if (this.maybe && this.continued < 3 && gap <= 1 && !startsWithMarker(t.text) && wrapsOn(this.maybeText, t.text)) {
            this.maybe.labels.push(t);
            this.maybeText += t.text;
            this.continued++;
            continue;
          }
          this.maybe = null;
          this.pending.push(t);
          if (this.rows.length === 0) this.headers.push(header(t, unit.page));
        }
      }
      if (texts[0]) this.lastLine = texts[texts.length - 1]?.line ?? this.lastLine;
    } else if (texts.length || slots.length) {
      if (this.rows.length === 0 && !slots.some(nonBlank)) for (const t of texts) this.headers.push(header(t, unit.page));
      // `texts` is the row's own from here on (the reader starts a new one).
      if (this.layout === 'aligned' && this.pending.length) this.pending = blankRows(this.pending, texts, this.rows, this.certainty, unit.page);
      const labels = unit.complete || this.pending.length === 0 ? texts : [...this.pending, ...texts];
      const anchor = labels.length - 1;
      const row: Row = {
        labels, anchor, slots, noise, page: unit.page, certainty: this.certainty, norms: [],
        line: slots[0]?.line ?? texts[texts.length - 1]?.line ?? this.first + 1,
      };
      if (this.layout === 'tab-rows') row.fields = unit.complete ? this.fields : null;
      if (unit.trailingDropped) row.trailingDropped = true;
      if (unit.shiftedRuns) row.shiftedRuns = true;
      if (unit.trailingCovered) row.trailingCovered = true;
      if (unit.unsure) row.unsure ??= unit.unsure;
      this.joinWrapped(row, unit.plain === true);
      this.rows.push(row);
      const prev = this.rows[this.rows.length - 2];
      this.between = null;
      if (this.layout === 'aligned' && outOfLine(row, prev)) {
        this.outOfStep = true;
        // The two rows with labels above it: their numbers, or their lack of numbers, are not theirs.
        const marked: Row[] = [];
        const before = new Map<Row, Pick<Row, 'unsure' | 'doubt' | 'tangle'>>();
        for (let k = this.rows.length - 2; k >= 0 && marked.length < 2; k--) {
          const above = this.rows[k] as Row;
          if (above.labels.length === 0) continue;
          before.set(above, { unsure: above.unsure, doubt: above.doubt, tangle: above.tangle });
          if (above.slots.some(nonBlank)) above.unsure ??= OUT_OF_LINE;
          else above.doubt ??= OUT_OF_LINE;
          marked.push(above);
        }
        // A second line of numbers alone goes with the first one's rows; else the two rows and this line.
        if (prev?.labels.length === 0 && prev.tangle) {
          prev.tangle.bare.push(row);
          row.tangle = prev.tangle;
        } else {
          if (marked.length === 2 && marked.every((r) => !r.tangle && r.page === row.page)) {
            const tangle: Tangle = { rows: [marked[1] as Row, marked[0] as Row], bare: [row] };
            for (const r of [...marked, row]) r.tangle = tangle;
          }
          // Only where spaces lay the columns out: the rule reads the numbers' columns.
          if (prev && marked.length === 2 && marked[0] === prev && this.certainty === 'aligned') {
            this.between = {
              bare: row, row: prev, above: marked[1] as Row,
              undo: () => {
                for (const [r, was] of before) Object.assign(r, was);
                row.tangle = undefined;
              },
            };
          }
        }
      }
      // Label lines below the numbers continue this row when its label began above them, or
      // began on the numbers line with an enumeration mark (`1. 申请人无正当理由逾期` / `不补正、…`):
      // the next row's label starts with its own mark, so a line without one is not its start.
      // In aligned text whose labels print no mark, the next row's label may start there as well
      // (numbers on the last line of their label): such lines go on this row's label only when
      // they go on with its text (`maybe`, see wrapsOn).
      const began = this.pending.length > 0 || texts.length === 0 || texts.some((t) => startsWithMarker(t.text));
      const marked = this.layout !== 'aligned' || labels.length === 0 || labels.some((t) => startsWithMarker(t.text));
      this.continuing = !unit.complete && began && marked ? row : null;
      this.maybe = this.continuing === null && !unit.complete && this.layout === 'aligned' ? row : null;
      this.maybeText = labels.map((t) => t.text).join('');
      this.continued = 0;
      if (!unit.complete) this.pending = [];
      this.lastLine = row.line;
    }
    this.texts = [];
    this.slots = [];
    this.noise = NO_NOISE;
    if (this.layout === 'tab-rows') this.fields = [];
  }
}

const nonBlank = (s: Slot) => s.kind !== 'blank';
/** The noise of every row without any: shared, never written. */
const NO_NOISE: string[] = [];

/**
 * Aligned text: label lines without numbers that start with a mark, followed below by another
 * row's mark at their column or left of it (`2.重复申请` / `3.要求提供公开出版物  5129 …`, or
 * `5.要求行政机关确认或重新出` / `具已获取信息` / `（六）其他处理  9471 …`), are a row of their own
 * that printed no number, not the start of the next row's label (`texts`, the numbers line's own).
 * They are added to `rows` as rows without values; the fragments of `pending` left are returned
 * (those left of the mark, a merged group label's, stay).
 */
function blankRows(pending: Fragment[], texts: readonly Fragment[], rows: Row[], certainty: Certainty, page: number): Fragment[] {
  const marked = (x: Fragment) => startsWithMarker(x.text);
  if (!pending.some(marked) && !texts.some(marked)) return unmarkedRows(pending, texts, rows, certainty, page);
  for (let i = 0; i < pending.length;) {
    const f = pending[i] as Fragment;
    if (!startsWithMarker(f.text)) { i++; continue; }
    // The next mark below at f's column: another row of the same level.
    const below = (x: Fragment) => x.line > f.line && Math.abs(x.pos - f.pos) <= 1 && startsWithMarker(x.text);
    let g = pending.findIndex((x, k) => k > i && below(x));
    let doubt: string | undefined;
    if (g < 0) {
      // A mark left of f's on the numbers line is a group label (`（四） 无` centred on its rows,
      // whose first row's numbers it shares) unless the line's text is a whole row label
      // (`（七）总计`, the 2019 form's undivided `（六）其他处理`). Even then the numbers may be f's:
      // the row without numbers is doubtful.
      if (!texts.some(below)) {
        const left = texts.some((x) => x.line > f.line && x.pos < f.pos - 1 && startsWithMarker(x.text));
        const own = texts.map((x) => x.text).join('');
        if (!left || !(wholeLabel(own) || dice(bigrams(normLabel(own)), OTHER_GROUP) >= 0.9)) { i++; continue; }
        doubt = '此行未印出数字，其数字也可能印在下一行（与下一行的栏目名同行），请核对';
      }
      g = pending.length;
    }
    const own: Fragment[] = [], rest: Fragment[] = [];
    for (let k = i; k < g; k++) {
      const x = pending[k] as Fragment;
      (k === i || x.pos >= f.pos - 1 ? own : rest).push(x);
    }
    rows.push({ labels: own, anchor: 0, slots: [], noise: NO_NOISE, page, certainty, norms: [], line: f.line, ...(doubt ? { doubt } : {}) });
    pending = [...pending.slice(0, i), ...rest, ...pending.slice(g)];
    i += rest.length;
  }
  return pending;
}

/** Whether label text is a whole template label by itself (`上年结转政府信息公开申请数量`). */
function wholeLabel(text: string): boolean {
  let v = WHOLE_MEMO.get(text);
  if (v === undefined) {
    const g = bigrams(normLabel(text));
    v = WRAP_LABELS.some((l) => dice(g, l) >= 0.75);
    remember(WHOLE_MEMO, text, v);
  }
  return v;
}

/**
 * blankRows for labels without marks: the label lines of `pending` in blocks, a line joining the
 * block above when it goes on with its text (wrapsOn). A block that is a whole template label by
 * itself and does not go on with the numbers line's own label (`texts`; when that prints none, the
 * last block is its label) is a row that printed no number: `上年结转政府信息公开申请数量` above
 * `予以公开  7030`.
 */
function unmarkedRows(pending: Fragment[], texts: readonly Fragment[], rows: Row[], certainty: Certainty, page: number): Fragment[] {
  const join = (fs: readonly Fragment[]) => fs.map((x) => x.text).join('');
  const blocks: { frags: Fragment[]; text: string; end: number }[] = [];
  for (let i = 0; i < pending.length;) {
    const line = (pending[i] as Fragment).line;
    let j = i;
    while (j < pending.length && (pending[j] as Fragment).line === line) j++;
    const frags = pending.slice(i, j), text = join(frags);
    const b = blocks[blocks.length - 1];
    if (b && line === b.end + 1 && wrapsOn(b.text, text)) {
      b.frags.push(...frags);
      b.text += text;
      b.end = line;
    } else blocks.push({ frags, text, end: line });
    i = j;
  }
  const own = join(texts);
  const keep: Fragment[] = [];
  blocks.forEach((b, k) => {
    const last = k === blocks.length - 1;
    // The numbers line's own label must reach the block's column (not a group label left of it).
    const lo = Math.min(...b.frags.map((x) => x.pos));
    const mine = last && (texts.length === 0 || wrapsOn(b.text, own) || !texts.some((x) => x.end > lo));
    if (wholeLabel(b.text) && !mine) {
      rows.push({
        labels: b.frags, anchor: b.frags.length - 1, slots: [], noise: NO_NOISE, page, certainty, norms: [],
        line: (b.frags[0] as Fragment).line, doubt: '此行未印出数字（原表各行无序号，其数字也可能印在别的行），请核对',
      });
    } else keep.push(...b.frags);
  });
  return keep.length === pending.length ? pending : keep;
}

function header(t: Fragment, page: number): HeaderCell {
  return { text: t.text, line: t.line, pos: t.pos, end: t.end, dpos: t.dpos, dend: t.dend, page };
}

/** Where the words of a page outside a table stand (see TableRows.pageWords). */
export interface PageWords {
  /** Where each word ends: one past its last character. */
  ends: ReadonlySet<number>;
  /** Each run of words one space apart, [start, end): a number standing under one may be put inside it. */
  runs: readonly (readonly [number, number])[];
}

/**
 * For `TableRows.pageWords`: the pages of the table at lines [start, end) of `all` (the whole
 * text; a page starts at a line holding a form feed, as lineUnits counts them), each with the
 * words printed on it before and after the table.
 */
export function pageWords(all: readonly string[], start: number, end: number): (page: number) => PageWords {
  type Page = { ends: Set<number>; runs: [number, number][] };
  // Worked out when runs.ts first asks (most aligned tables never need it).
  let pages: Page[] | null = null;
  const scan = (): Page[] => {
    let from = start;
    while (from > 0 && !(all[from] as string).includes('\f')) from--;
    let to = end;
    while (to < all.length && !(all[to] as string).includes('\f')) to++;
    const out: Page[] = [];
    let page = 0;
    for (let i = from; i < to; i++) {
      let line = all[i] as string;
      if (line.includes('\f')) {
        if (i >= start) page++;
        line = line.replace(/\f/g, '');
      }
      const words = (out[page] ??= { ends: new Set(), runs: [] });
      // The table's own words are weighed where they are read (runs.ts pageText, witnessed).
      if (i >= start && i < end) continue;
      let run: [number, number] | null = null;
      for (const m of line.matchAll(/\S+/g)) {
        const stop = m.index + m[0].length;
        words.ends.add(stop);
        // Words one space apart are one run.
        if (run && m.index - run[1] === 1 && line[run[1]] === ' ') run[1] = stop;
        else words.runs.push((run = [m.index, stop]));
      }
    }
    return out;
  };
  return (p) => (pages ??= scan())[p] ?? { ends: new Set(), runs: [] };
}

/**
 * Reads a table region (0-based `first`, lines `lines`) into rows. `conventions`: how the document
 * writes tables one cell per line, when known (else the region's own lines tell).
 * Label fragments before the values are kept whole; a pdftotext label that wraps around its
 * numbers (`（二）部分公开（…只计这一情` / `447 7 0 …` / `形，不计其他情形）`) is joined back.
 */
export function readRows(lines: readonly string[], first: number, exactCells: boolean, conventions = conventionsOf(() => [lines])): TableRows {
  const layout = detect(lines, exactCells, conventions);
  const grid = layout === 'tab-rows' && uniformWidth(lines);
  const certainty: Certainty =
    layout === 'exact' || layout === 'pipe' ? 'exact'
      : layout === 'aligned' ? (laidOut(lines) && !conventions.respaced() ? 'aligned' : 'closed')
        : layout === 'tab-rows' ? (grid ? 'grid' : 'loose')
          : 'kept';
  const reader = new RowReader(first, layout, certainty);
  for (const unit of units(lines, first, layout, grid, conventions)) reader.read(unit);
  // Closed text out of step (a PDF's text in the order of its blocks, `pdftotext` without
  // -layout): any row's numbers may stand lines away from its label, above it or below. A table
  // is so when a line of numbers stands just below another, or away from every label. Then only
  // numbers printed on a line of the row's own label, or the line right below one, are its own; a
  // row printing none there is not a certain blank.
  if (certainty === 'closed') {
    const own = (row: Row) => row.slots.every((v) => v.kind === 'blank' || row.labels.some((l) => v.line - l.line === 0 || v.line - l.line === 1));
    if (reader.outOfStep || !reader.rows.every(own)) {
      for (const row of reader.rows) {
        if (!row.slots.some(nonBlank)) row.doubt ??= OUT_OF_STEP;
        else if (!own(row)) row.unsure ??= OUT_OF_LINE;
      }
    }
  }
  return { rows: reader.rows, headers: reader.headers, certainty };
}
