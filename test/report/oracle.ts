/**
 * What the parser must give back for a rendered record: the test oracle of the round-trip tests.
 *
 * A record of the 2019 form (`template: '2019'`) is printed in that form's tables: see undivided()
 * and the 主动公开 rule in expectedParse.
 *
 * A blank cell the renderer wrote as a mark (`dashed`: — - / 无 …) comes back null with a review
 * entry in every layout; it counts as a printed cell, not a dropped one.
 *
 * Layouts that keep blank cells in place (`blanks: 'kept'`): every cell comes back exactly.
 *
 * Layouts that drop blank cells (`blanks: 'dropped'`, seed 002): a printed number can only be placed
 * when its row leaves no doubt. Per row of the template:
 * - every cell printed (no blank): certain, all values come back;
 * - nothing printed: certain, all null (no review needed: there is nothing to place);
 * - some cells printed, some dropped:
 *   - 申请 row: only the rightmost number is certain, and it is 总计 (the generator prints 总计
 *     whenever a row prints anything, as real reports do); the six applicant cells are null and
 *     each has a review entry;
 *   - 主动公开 row with three fields (规章, 行政规范性文件): no number is certain; all three are null
 *     with a review entry each (the single-field rows are always certain);
 *   - the appeals row (15 cells, three groups): no number is certain; all 15 null with review.
 *
 * pdf-layout keeps blanks as blank columns, so a number's column is its character position: the
 * parser learns the columns from complete rows of the same page, else from the column headers of
 * that page. One case is undecidable from the text: a row with blank cells printed after a page
 * break inside its table, on a page that repeats no header and prints no complete row of that
 * table. pdftotext lays out every page on its own character grid, so page one's columns do not
 * carry over. For exactly those cells (`afterBreak`, reported by the renderer) the oracle accepts
 * the value or null with a review entry (`mayReview`); the separate "never a wrong number" test
 * still holds for them.
 */
import {
  ACTIVE_ITEMS, APPEAL_COLUMNS, APPEAL_GROUPS, CELLS, OUTCOME_ROWS, REQUEST_COLUMNS, REQUEST_ROWS,
  cellKey, getCell,
  type CellRef, type ReportRecord, type Value,
} from '../../server/report/template.ts';
import { layoutInfo, type LayoutId } from '../../server/report/render.ts';

export interface Expectation {
  /** Cell key -> the value the parser must give. */
  cells: Map<string, Value>;
  /** Cell keys that must carry a review entry. */
  mustReview: Set<string>;
  /** Cell keys whose value may also come back null with a review entry (see above). */
  mayReview: Set<string>;
}

/** The template's table rows as lists of cell refs, in column order. */
function templateRows(): CellRef[][] {
  const rows: CellRef[][] = [];
  for (const item of ACTIVE_ITEMS) rows.push(item.fields.map((f) => ({ section: 'active', row: item.key, column: f })));
  for (const r of REQUEST_ROWS) rows.push(REQUEST_COLUMNS.map((c) => ({ section: 'requests', row: r.key, column: c.key })));
  // The appeals table prints its three groups on one line.
  rows.push(APPEAL_GROUPS.flatMap((g) => APPEAL_COLUMNS.map((c) => ({ section: 'appeals' as const, row: g.key, column: c.key }))));
  return rows;
}
const ROWS = templateRows();

export function expectedParse(
  record: ReportRecord, layout: LayoutId, afterBreak: ReadonlySet<string> = new Set(), dashed: ReadonlySet<string> = new Set(),
): Expectation {
  const form2019 = record.template === '2019';
  /** What the document prints for a cell: the 2019 form prints one sum for the three （六） rows. */
  const shown = (ref: CellRef): Value => (form2019 && OTHER_ROWS.has(ref.row) ? undividedSum(record, ref.column) : getCell(record, ref));
  const cells = new Map<string, Value>(CELLS.map((c) => [c.key, shown(c)]));
  // A cell written as — - / 无: blank (the record's null) with a review entry, in every layout.
  const mustReview = new Set<string>(dashed);
  const mayReview = new Set<string>();
  /** The cell prints something: a number or a dash (a dash is a printed cell, not a dropped one). */
  const printed = (ref: CellRef) => shown(ref) !== null || dashed.has(cellKey(ref));
  if (form2019) {
    // The 2019 主动公开 table shares only 处理决定数量 (third of three printed cells, the other two
    // always printed): certain when printed, else blank, reviewed where blanks are dropped.
    for (const c of CELLS) {
      if (c.section !== 'active') continue;
      if (c.column !== 'decisions') cells.set(c.key, null);
      else if (layoutInfo(layout).blanks === 'dropped' && !printed(c)) mustReview.add(c.key);
    }
  }
  if (layout === 'pdf-layout') {
    const later = ROWS.filter((row) => row.every((ref) => afterBreak.has(cellKey(ref))));
    for (const section of ['active', 'requests'] as const) {
      const rows = later.filter((row) => row[0]?.section === section && row.length > 1);
      if (rows.some((row) => row.every(printed))) continue;
      for (const row of rows) {
        if (!row.every(printed)) for (const ref of row) mayReview.add(cellKey(ref));
      }
    }
  }
  if (layoutInfo(layout).blanks === 'kept') return undivided(form2019, cells, mustReview, mayReview);
  // 申请 rows printed in part, whose rightmost printed cell is their 总计 (a number at least the sum
  // of the row's other printed numbers: the witness that it is a total; see place()).
  const candidates = new Map<string, number>();
  const partial = new Set<string>();
  for (const row of ROWS) {
    const first = row[0];
    if (first?.section !== 'requests') continue;
    const count = row.filter(printed).length;
    if (count === 0 || count === row.length) continue;
    partial.add(first.row);
    const total = { ...first, column: 'total' };
    const value = shown(total);
    if (value === null) {
      if (row.some((ref) => shown(ref) !== null)) throw new Error(`oracle precondition: ${first.row} prints numbers but no 总计 (generate with totalWhenAny)`);
      continue;
    }
    const others = row.filter((ref) => ref.column !== 'total').reduce((sum, ref) => sum + (shown(ref) ?? 0), 0);
    const dashedOther = row.some((ref) => ref.column !== 'total' && dashed.has(cellKey(ref)));
    if (!dashedOther && value >= others) candidates.set(first.row, value);
  }
  // Those 总计 stand only when the 总计 column's relations can be worked out and hold
  // (uncheckedTotals). The parser may not see every row the relations need (a label garbled past
  // matching): where they hold, a candidate may also come back null with a review entry.
  if (candidates.size > 0 && !totalsAddUp(record, form2019, partial, candidates, printed)) candidates.clear();
  for (const row of candidates.keys()) mayReview.add(cellKey({ section: 'requests', row, column: 'total' }));
  for (const row of ROWS) {
    if (form2019 && row[0]?.section === 'active') continue;
    const count = row.filter(printed).length;
    if (count === 0 || count === row.length) continue;
    const certainTotal = row[0]?.section === 'requests' && candidates.has(row[0].row);
    for (const ref of row) {
      if (certainTotal && ref.column === 'total') continue;
      cells.set(cellKey(ref), null);
      mustReview.add(cellKey(ref));
    }
  }
  return undivided(form2019, cells, mustReview, mayReview);
}

/**
 * The 总计 column as the parser sees a scanned table: a row printed in full gives its 总计, a row
 * printed in part its candidate (else unknown), a row printing nothing 0, except 办理结果总计, then
 * the outcome rows' sum; the 2019 form's three undivided rows are unknown.
 */
function totalsAddUp(
  record: ReportRecord, form2019: boolean, partial: ReadonlySet<string>, candidates: ReadonlyMap<string, number>, printed: (ref: CellRef) => boolean,
): boolean {
  const total = (row: string): number | null => {
    if (form2019 && OTHER_ROWS.has(row)) return null;
    const refs = REQUEST_COLUMNS.map((c) => ({ section: 'requests' as const, row, column: c.key }));
    if (!refs.some(printed)) return 0;
    if (partial.has(row)) return candidates.get(row) ?? null;
    return getCell(record, { section: 'requests', row, column: 'total' });
  };
  const outcomes = OUTCOME_ROWS.map(total);
  const sum = outcomes.every((v) => v !== null) ? (outcomes as number[]).reduce((a, b) => a + b, 0) : null;
  const processedPrinted = REQUEST_COLUMNS.some((c) => printed({ section: 'requests', row: 'processed_total', column: c.key }));
  const p = processedPrinted ? total('processed_total') : sum;
  if (p !== null && sum !== null && p !== sum) return false;
  const [n, c, f] = [total('new'), total('carried_over'), total('carried_forward')];
  return n !== null && c !== null && f !== null && p !== null && n + c === p + f;
}

const OTHER_GROUP = REQUEST_ROWS.find((r) => r.key === 'other_other')?.group;
/** The three （六）其他处理 rows the 2019 form prints as one. */
const OTHER_ROWS = new Set<string>(REQUEST_ROWS.filter((r) => r.group === OTHER_GROUP).map((r) => r.key));

/** The 2019 form's undivided （六） cell of a column: the sum of the three rows, blank when all are. */
function undividedSum(record: ReportRecord, column: string): Value {
  const parts = [...OTHER_ROWS].map((row) => getCell(record, { section: 'requests', row, column }));
  return parts.every((v) => v === null) ? null : parts.reduce<number>((a, v) => a + (v ?? 0), 0);
}

/**
 * The 2019 form's undivided row, read as it was printed (`cells` holds the sum), gives each of
 * the three rows: 0 where it prints 0 (non-negative parts of 0); anything else (a sum, a blank)
 * cannot be split: null with a review entry.
 */
function undivided(form2019: boolean, cells: Map<string, Value>, mustReview: Set<string>, mayReview: Set<string>): Expectation {
  if (form2019) {
    for (const c of CELLS) {
      if (c.section !== 'requests' || !OTHER_ROWS.has(c.row) || cells.get(c.key) === 0) continue;
      cells.set(c.key, null);
      mustReview.add(c.key);
    }
  }
  return { cells, mustReview, mayReview };
}
