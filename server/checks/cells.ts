/** Reading cells and naming them for messages; every label comes from template.ts. */
import { CELLS, cellDef, getCell } from '../../shared/template.ts';
import type { CellDef, Tables, Value } from '../../shared/template.ts';
import type { FlagCell } from './types.ts';

/**
 * Every cell's value of one report, in CELLS order. A rule that reads many cells indexes this
 * array: looking cells up by name in the nested tables costs a generic property lookup each,
 * and the per-report rules read the 200 cells several times over. Build it once per run of the
 * rules (`cellValues`), never keep it: the tables it was read from may change.
 */
export type CellValues = readonly Value[];

/** A template cell and its place in CellValues. */
export interface IndexedCell {
  def: CellDef;
  at: number;
}

const INDEX = new Map(CELLS.map((c, i) => [c.key, i]));

/** The template cell of a key that must be one (a rule's own constant). */
export function templateCell(key: string): CellDef {
  const def = cellDef(key);
  if (!def) throw new Error(`not a template cell: ${key}`);
  return def;
}

export function indexedCell(key: string): IndexedCell {
  return { def: templateCell(key), at: INDEX.get(key)! };
}

// CELLS grouped by table row, so each row object is looked up once.
const ROWS = (() => {
  const rows = new Map<string, { section: CellDef['section']; row: string; cells: { column: string; at: number }[] }>();
  CELLS.forEach((c, at) => {
    const id = `${c.section}.${c.row}`;
    const row = rows.get(id) ?? { section: c.section, row: c.row, cells: [] };
    row.cells.push({ column: c.column, at });
    rows.set(id, row);
  });
  return [...rows.values()];
})();

/** The values of `tables` by CELLS index, each exactly what getCell reads. */
export function cellValues(tables: Tables): CellValues {
  const out = new Array<Value>(CELLS.length);
  for (const { section, row, cells } of ROWS) {
    const values = (tables[section] as Record<string, Record<string, Value>>)[row];
    for (const { column, at } of cells) {
      const v = values?.[column];
      out[at] = v === undefined ? null : v;
    }
  }
  return out;
}

/** The values at the given cells, or null when any is blank: a rule never computes with a number it does not have. */
export function knownAt(values: CellValues, cells: readonly IndexedCell[]): number[] | null {
  const out: number[] = [];
  for (const c of cells) {
    const v = values[c.at];
    if (v === null || v === undefined) return null;
    out.push(v);
  }
  return out;
}

export function valueOf(tables: Tables, key: string): Value {
  return getCell(tables, templateCell(key));
}

/** `“行政强制”·“本年处理决定数量”` — row and column as the template prints them. */
export function cellLabel(key: string): string {
  const def = cellDef(key);
  if (!def) return key;
  return `“${def.rowLabel}”·“${def.columnLabel}”`;
}

export function flagCell(tables: Tables, key: string, expected?: Value): FlagCell {
  const cell: FlagCell = { key, label: cellLabel(key), value: valueOf(tables, key) };
  if (expected !== undefined) cell.expected = expected;
  return cell;
}

/** Numbers as a clerk writes them: no trailing `.0`, at most four decimals. */
export function fmt(v: Value): string {
  if (v === null) return '空白';
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 10000) / 10000);
}

export function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-6;
}

export function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}
