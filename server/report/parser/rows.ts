/**
 * One table's lines -> rows of (label fragments, value slots, source line), whatever the layout.
 *
 * The layout is detected per table, not per document (a report pasted from several sources mixes
 * them). What a layout tells the matcher is how certain a slot's position is:
 * - `exact`: tab grid from a reader that knows the cells, or a pipe table: every cell in place;
 * - `kept`: one cell per line where a blank cell still leaves a line (layouts 1, 4, 5);
 * - `grid`: tab rows whose lines all have the same number of fields, so a field index is a column;
 * - `aligned`: pdftotext -layout: a value's character column says where it stands;
 * - `loose`: scanned text, tab rows of uneven width: only the order of the numbers is known.
 */
import { classify, isPageMark, startsWithMarker, type TokenKind } from './text.ts';

export type Certainty = 'exact' | 'kept' | 'grid' | 'aligned' | 'loose';

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
}

export interface HeaderCell extends Span {
  text: string;
  page: number;
}

export interface TableRows {
  rows: Row[];
  /** Text cells seen before the first row with values: column headers, for anchoring positions. */
  headers: HeaderCell[];
  certainty: Certainty;
}

interface Cell extends Span {
  kind: TokenKind;
  text: string;
  value: number;
}

type Layout = 'exact' | 'pipe' | 'bars' | 'cells-tab' | 'cells-blank' | 'tab-rows' | 'aligned';

/** White space only (String.prototype.trim removes all of \\s, which includes U+00A0, U+3000, \\f). */
const isEmpty = (s: string) => s.trim() === '';
const PIPE_ROW = /^\s*\|.*\|\s*$/;
/** Two gaps of two or more spaces between words: columns laid out with spaces. */
const WIDE_GAPS = /\S(?: {2,}|\u3000{2,})(?=\S).*?\S(?: {2,}|\u3000{2,})\S/;
const PIPE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** Exactly the white space of the RegExp class \\s (and of String.prototype.trim). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

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

function detect(lines: readonly string[], exactCells: boolean): Layout {
  if (exactCells) return 'exact';
  let pipes = 0, bars = 0, multiTab = 0, singleTab = 0, alignedRows = 0, lone = 0, spaced = 0;
  for (const line of lines) {
    const t = line.trim();
    if (t === '') continue;
    if (t.charCodeAt(0) === 124 /* | */ && PIPE_ROW.test(line)) pipes++;
    if (t === '|') bars++;
    if (line.includes('\t')) {
      // How many tab fields hold something (two are enough to tell).
      let filled = 0;
      for (let from = 0; from <= line.length && filled < 2;) {
        let to = line.indexOf('\t', from);
        if (to < 0) to = line.length;
        if (!blankBetween(line, from, to)) filled++;
        from = to + 1;
      }
      if (filled >= 2) multiTab++;
      else if (line.startsWith('\t')) singleTab++;
    } else {
      // The words of the line (\s includes U+3000): is it several, and is one a number?
      let words = 0, number = false;
      for (let i = 0; i < t.length;) {
        while (i < t.length && isSpace(t.charCodeAt(i))) i++;
        if (i >= t.length) break;
        const start = i;
        while (i < t.length && !isSpace(t.charCodeAt(i))) i++;
        words++;
        if (!number && mayBeNumber(t.charCodeAt(start)) && classify(t.slice(start, i)).kind === 'number') number = true;
      }
      if (words >= 2 && number) alignedRows++;
      else if (words === 1) lone++;
      if (words >= 3 && WIDE_GAPS.test(t)) spaced++;
    }
  }
  if (pipes >= 3) return 'pipe';
  if (bars >= 3) return 'bars';
  if (multiTab >= 3 && multiTab >= singleTab) return 'tab-rows';
  if (singleTab >= 3) return 'cells-tab';
  // Column headers spread over a line by runs of spaces (`结果    结果    其他`) are pdftotext's
  // too: a table whose only number line holds one number (the rest blank) is still aligned.
  if (alignedRows >= 2 || alignedRows >= lone || spaced >= 2) return 'aligned';
  return 'cells-blank';
}

function cell(raw: string, line: number, pos: number, end: number, dpos = pos, dend = end): Cell {
  const t = classify(raw);
  return { kind: t.kind, text: t.text, value: t.value, line, pos, end, dpos, dend };
}

/** Display width of s[from, to): a CJK character counts 2. */
function displayWidth(s: string, from: number, to: number): number {
  let w = 0;
  for (let i = from; i < to; i++) w += s.charCodeAt(i) >= 0x2e80 ? 2 : 1;
  return w;
}

/**
 * Whitespace-separated tokens of a line with their character columns, or all at `fixedPos`
 * (the field index of a tab field, 0 for a line outside the grid).
 */
function tokens(line: string, lineNo: number, fixedPos?: number): Cell[] {
  const out: Cell[] = [];
  let width = 0, scanned = 0;
  for (let i = 0; i < line.length;) {
    while (i < line.length && isSpace(line.charCodeAt(i))) i++;
    if (i >= line.length) break;
    const start = i;
    while (i < line.length && !isSpace(line.charCodeAt(i))) i++;
    const word = line.slice(start, i);
    if (fixedPos !== undefined) {
      out.push(cell(word, lineNo, fixedPos, fixedPos));
      continue;
    }
    width += displayWidth(line, scanned, start);
    const w = displayWidth(line, start, i);
    out.push(cell(word, lineNo, start, i, width, width + w));
    width += w;
    scanned = i;
  }
  return out;
}

interface Unit {
  cells: Cell[];
  /** The row is complete on this unit (false: a pdftotext line that may be part of a wrapped row). */
  complete: boolean;
  page: number;
}

/** Splits the region into units, one per table row where the layout says where rows end. */
function units(lines: readonly string[], first: number, layout: Layout): Unit[] {
  const out: Unit[] = [];
  let page = 0;
  const lineNo = (i: number) => first + i + 1;
  if (layout === 'cells-tab' || layout === 'bars' || layout === 'cells-blank') {
    let cur: Cell[] = [];
    const flush = () => {
      if (cur.length) out.push({ cells: cur, complete: true, page });
      cur = [];
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (isPageMark(line)) continue;
      if (layout === 'cells-tab') {
        if (line.startsWith('\t')) cur.push(cell(line, lineNo(i), cur.length, cur.length + 1));
        else if (isEmpty(line)) flush();
        else {
          // A wrapped cell: its later lines carry no tab (商业\n企业).
          const prev = cur[cur.length - 1];
          if (prev && prev.kind === 'text') prev.text += line.trim();
          else cur.push(cell(line, lineNo(i), cur.length, cur.length + 1));
        }
      } else if (layout === 'bars') {
        // Every line between `|` lines is a cell; an empty one is a blank cell.
        if (line.trim() === '|') continue;
        cur.push(cell(line, lineNo(i), cur.length, cur.length + 1));
      } else {
        // One cell, then one empty line; each further pair of empty lines is a blank cell.
        if (isEmpty(line)) continue;
        const prevEmpty = i > 0 && isEmpty(lines[i - 1] as string);
        const prev = cur[cur.length - 1];
        if (!prevEmpty && prev && prev.kind === 'text' && classify(line).kind === 'text') {
          prev.text += line.trim();
        } else {
          cur.push(cell(line, lineNo(i), cur.length, cur.length + 1));
        }
        let run = 0;
        while (i + 1 + run < lines.length && isEmpty(lines[i + 1 + run] as string)) run++;
        for (let b = 0; b < Math.floor((run - 1) / 2); b++) cur.push(cell('', lineNo(i + 2 + 2 * b), cur.length, cur.length + 1));
      }
    }
    flush();
    return out;
  }
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] as string;
    if (line.includes('\f')) {
      page++;
      line = line.replace(/\f/g, '');
    }
    if (isEmpty(line) || isPageMark(line)) continue;
    if (layout === 'pipe') {
      if (PIPE_RULE.test(line)) continue;
      if (PIPE_ROW.test(line)) {
        const parts = line.trim().slice(1, -1).split('|');
        out.push({ cells: parts.map((p, k) => cell(p, lineNo(i), k, k + 1)), complete: true, page });
        continue;
      }
      out.push({ cells: tokens(line, lineNo(i), 0), complete: true, page });
    } else if (layout === 'exact' || layout === 'tab-rows') {
      if (!line.includes('\t')) {
        out.push({ cells: tokens(line, lineNo(i), 0), complete: layout === 'exact' ? false : true, page });
        continue;
      }
      const cells: Cell[] = [];
      const fields = line.split('\t');
      for (let k = 0; k < fields.length; k++) {
        const field = fields[k] as string;
        if (layout === 'exact' || isEmpty(field)) cells.push(cell(field, lineNo(i), k, k + 1));
        // Word's text export and scans put a label and a number in one field: `行政处罚 0`.
        else for (const c of tokens(field, lineNo(i), k)) cells.push(c);
      }
      out.push({ cells, complete: true, page });
    } else {
      out.push({ cells: tokens(line, lineNo(i)), complete: false, page });
    }
  }
  return out;
}

/** A tab table is a grid when its lines all have the same number of fields. */
function uniformWidth(lines: readonly string[]): boolean {
  let width = -1, count = 0;
  for (const line of lines) {
    if (!line.includes('\t')) continue;
    const w = line.split('\t').length;
    if (width >= 0 && w !== width) return false;
    width = w;
    count++;
  }
  return count >= 3;
}

/**
 * Reads a table region (0-based `first`, lines `lines`) into rows.
 * Label fragments before the values are kept whole; a pdftotext label that wraps around its
 * numbers (`（二）部分公开（…只计这一情` / `447 7 0 …` / `形，不计其他情形）`) is joined back.
 */
export function readRows(lines: readonly string[], first: number, exactCells: boolean): TableRows {
  const layout = detect(lines, exactCells);
  const certainty: Certainty =
    layout === 'exact' || layout === 'pipe' ? 'exact'
      : layout === 'aligned' ? 'aligned'
        : layout === 'tab-rows' ? (uniformWidth(lines) ? 'grid' : 'loose')
          : 'kept';
  const keepBlanks = certainty !== 'aligned' && certainty !== 'loose';
  const rows: Row[] = [];
  const headers: HeaderCell[] = [];
  let pending: Fragment[] = [];
  let continuing: Row | null = null;
  let continued = 0;
  let lastLine = -1;

  // Layouts whose cells are whole (not split into words).
  const wholeCells = !(layout === 'aligned' || layout === 'tab-rows');
  for (const unit of units(lines, first, layout)) {
    // Split the unit wherever a label follows values: that starts another row.
    let texts: Fragment[] = [];
    let slots: Slot[] = [];
    let noise: string[] = [];
    const emit = () => {
      const hasValues = slots.some((s) => s.kind !== 'blank');
      if (!unit.complete && slots.length === 0) {
        // A pdftotext line holding only label text: the rest of the row above, or the start of one below.
        const gap = texts[0] ? texts[0].line - lastLine : 99;
        for (const t of texts) {
          if (continuing && continued < 3 && gap <= 1 && !startsWithMarker(t.text)) {
            continuing.labels.push(t);
            continued++;
          } else {
            continuing = null;
            pending.push(t);
            if (rows.length === 0) headers.push({ text: t.text, line: t.line, pos: t.pos, end: t.end, dpos: t.dpos, dend: t.dend, page: unit.page });
          }
        }
        if (texts[0]) lastLine = texts[texts.length - 1]?.line ?? lastLine;
      } else if (texts.length || slots.length) {
        if (rows.length === 0 && !hasValues) for (const t of texts) headers.push({ text: t.text, line: t.line, pos: t.pos, end: t.end, dpos: t.dpos, dend: t.dend, page: unit.page });
        const labels = unit.complete ? texts : [...pending, ...texts];
        const anchor = labels.length - 1;
        const row: Row = {
          labels, anchor, slots, noise, page: unit.page, certainty, norms: [],
          line: slots[0]?.line ?? texts[texts.length - 1]?.line ?? first + 1,
        };
        rows.push(row);
        // Label lines below the numbers continue this row when its label began above them, or
        // began on the numbers line with an enumeration mark (`1. 申请人无正当理由逾期` / `不补正、…`):
        // the next row's label starts with its own mark, so a line without one is not its start.
        continuing = !unit.complete && (pending.length > 0 || texts.length === 0 || texts.some((t) => startsWithMarker(t.text))) ? row : null;
        continued = 0;
        if (!unit.complete) pending = [];
        lastLine = row.line;
      }
      texts = [];
      slots = [];
      noise = [];
    };
    for (let k = 0; k < unit.cells.length; k++) {
      const c = unit.cells[k] as Cell;
      // `无` right after label words, on a line read word by word, is part of the label when it
      // stands next to them: `（四） 无` / `法提供` (无法提供 wrapped, aligned text), or `（四） 无 法提供`
      // in one tab field. Apart from the label (columns away, its own field, or last in the label's
      // field: `5、属于三类内部事务信息 无	0`) it is a cell written as 无.
      const prevText = texts[texts.length - 1];
      if (c.kind === 'dash' && c.text === '无' && !wholeCells && prevText && slots.length === 0 && prevText.line === c.line) {
        const next = unit.cells[k + 1];
        const label = layout === 'aligned' ? c.pos - prevText.end <= 2
          : c.pos === prevText.pos && next !== undefined && next.kind === 'text' && next.pos === c.pos && next.line === c.line;
        if (label) c.kind = 'text';
      }
      if (c.kind === 'text') {
        if (slots.some((s) => s.kind !== 'blank') || (slots.length && texts.length)) emit();
        else slots = []; // blank cells before a label are the empty slots of a merged label column
        texts.push({ text: c.text, line: c.line, pos: c.pos, end: c.end, dpos: c.dpos, dend: c.dend });
      } else if (c.kind === 'noise') {
        if (texts.length || slots.length) noise.push(c.text);
      } else if (c.kind === 'blank') {
        if (keepBlanks) slots.push({ kind: 'blank', text: '', value: 0, line: c.line, pos: c.pos, end: c.end, dpos: c.dpos, dend: c.dend });
      } else {
        slots.push({ kind: c.kind, text: c.text, value: c.value, line: c.line, pos: c.pos, end: c.end, dpos: c.dpos, dend: c.dend });
      }
    }
    emit();
  }
  return { rows, headers, certainty };
}
