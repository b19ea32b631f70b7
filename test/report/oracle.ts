/**
 * What the parser must give back for a rendered record: the test oracle of the round-trip tests.
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
  ACTIVE_ITEMS, APPEAL_COLUMNS, APPEAL_GROUPS, CELLS, REQUEST_COLUMNS, REQUEST_ROWS,
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

export function expectedParse(record: ReportRecord, layout: LayoutId, afterBreak: ReadonlySet<string> = new Set()): Expectation {
  const cells = new Map<string, Value>(CELLS.map((c) => [c.key, getCell(record, c)]));
  const mustReview = new Set<string>();
  const mayReview = new Set<string>();
  if (layout === 'pdf-layout') {
    const later = ROWS.filter((row) => row.every((ref) => afterBreak.has(cellKey(ref))));
    for (const section of ['active', 'requests'] as const) {
      const rows = later.filter((row) => row[0]?.section === section && row.length > 1);
      if (rows.some((row) => row.every((ref) => getCell(record, ref) !== null))) continue;
      for (const row of rows) {
        if (row.some((ref) => getCell(record, ref) === null)) for (const ref of row) mayReview.add(cellKey(ref));
      }
    }
  }
  if (layoutInfo(layout).blanks === 'kept') return { cells, mustReview, mayReview };
  for (const row of ROWS) {
    const values = row.map((ref) => getCell(record, ref));
    const printed = values.filter((v) => v !== null).length;
    if (printed === 0 || printed === row.length) continue;
    const first = row[0];
    const certainTotal = first?.section === 'requests';
    if (certainTotal && getCell(record, { ...first, column: 'total' }) === null) {
      throw new Error(`oracle precondition: ${first.row} prints numbers but no 总计 (generate with totalWhenAny)`);
    }
    for (const ref of row) {
      if (certainTotal && ref.column === 'total') continue;
      cells.set(cellKey(ref), null);
      mustReview.add(cellKey(ref));
    }
  }
  return { cells, mustReview, mayReview };
}
