/**
 * The cells read from one report, by template cell (index in CELLS): each value and the line it
 * stands on. The record's tables and its cell -> line map are built from it in one step at the
 * end, by builders compiled once from the template: an object literal with constant keys costs
 * a few µs, where adding 200 computed keys one at a time costs tens of µs per report (the objects
 * turn into hash tables on the way).
 */
import { ACTIVE_ITEMS, APPEAL_COLUMNS, APPEAL_GROUPS, CELLS, REQUEST_COLUMNS, REQUEST_ROWS, type CellRef, type TableKey, type Tables, type Value } from '../template.ts';

/** A template cell with its key and its index in CELLS. */
export interface SheetCell extends CellRef {
  key: string;
  index: number;
}

export const SHEET_CELLS: readonly SheetCell[] = CELLS.map((c, index) => ({ section: c.section, row: c.row, column: c.column, key: c.key, index }));

const BY_KEY = new Map(SHEET_CELLS.map((c) => [c.key, c]));

/** The cell of `section.row.column`; throws for a cell the template does not have. */
export function sheetCell(section: string, row: string, column: string): SheetCell {
  const cell = BY_KEY.get(`${section}.${row}.${column}`);
  if (!cell) throw new Error(`not a template cell: ${section}.${row}.${column}`);
  return cell;
}

/** The template's cells by table position (row, column; a 复议诉讼 group and column), looked up once (not per report). */
const cellsOf = (section: TableKey, rows: readonly string[], columns: (row: number) => readonly string[]): SheetCell[][] =>
  rows.map((row, k) => columns(k).map((column) => sheetCell(section, row, column)));
export const ACTIVE_CELLS = cellsOf('active', ACTIVE_ITEMS.map((i) => i.key), (k) => ACTIVE_ITEMS[k]?.fields ?? []);
export const REQUEST_CELLS = cellsOf('requests', REQUEST_ROWS.map((r) => r.key), () => REQUEST_COLUMNS.map((c) => c.key));
export const APPEAL_CELLS = cellsOf('appeals', APPEAL_GROUPS.map((g) => g.key), () => APPEAL_COLUMNS.map((c) => c.key));

export interface Sheet {
  /** Per cell: the value read, null when blank or not read. */
  values: Value[];
  /** Per cell: the 1-based line the value (or blank) stands on; 0 when the cell was not read. */
  lines: number[];
}

const NO_VALUES: readonly Value[] = SHEET_CELLS.map(() => null);
const NO_LINES: readonly number[] = SHEET_CELLS.map(() => 0);

export function newSheet(): Sheet {
  return { values: NO_VALUES.slice(), lines: NO_LINES.slice() };
}

/** A copy to read a table into on trial. */
export function copySheet(sheet: Sheet): Sheet {
  return { values: sheet.values.slice(), lines: sheet.lines.slice() };
}

/** Writes one cell that was read (a value or a blank) and where it stands. */
export function setSheet(sheet: Sheet, cell: SheetCell, value: Value, line: number): void {
  sheet.values[cell.index] = value;
  sheet.lines[cell.index] = line;
}

const lit = (s: string) => JSON.stringify(s);

/** `{ active: { regulations: { issued: v[0], … }, … }, requests: …, appeals: … }`, in template order. */
function tablesSource(): string {
  const sections = new Map<string, Map<string, string[]>>();
  for (const c of SHEET_CELLS) {
    let rows = sections.get(c.section);
    if (!rows) sections.set(c.section, (rows = new Map()));
    let cols = rows.get(c.row);
    if (!cols) rows.set(c.row, (cols = []));
    cols.push(`${lit(c.column)}: v[${c.index}]`);
  }
  const rows = (r: Map<string, string[]>) => [...r].map(([row, cols]) => `${lit(row)}: { ${cols.join(', ')} }`).join(', ');
  return `{ ${[...sections].map(([s, r]) => `${lit(s)}: { ${rows(r)} }`).join(', ')} }`;
}

// The sources hold only the template's own keys (JSON-quoted), never report text.
const buildTables = new Function('v', `return ${tablesSource()};`) as (v: readonly Value[]) => Tables;
const buildAllLines = new Function('v', `return { ${SHEET_CELLS.map((c) => `${lit(c.key)}: v[${c.index}]`).join(', ')} };`) as
  (v: readonly number[]) => Record<string, number>;

/** The three tables, every template cell present (null where nothing was read). */
export function sheetTables(sheet: Sheet): Tables {
  return buildTables(sheet.values);
}

/** Cell key -> line for the cells read, in template order. */
export function sheetLines(sheet: Sheet): Record<string, number> {
  if (!sheet.lines.includes(0)) return buildAllLines(sheet.lines);
  const out: Record<string, number> = {};
  for (const c of SHEET_CELLS) {
    const line = sheet.lines[c.index] as number;
    if (line !== 0) out[c.key] = line;
  }
  return out;
}
