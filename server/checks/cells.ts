/** Reading cells and naming them for messages; every label comes from template.ts. */
import { cellDef, getCell } from '../report/template.ts';
import type { Tables, Value } from '../report/template.ts';
import type { FlagCell } from './types.ts';

export function valueOf(tables: Tables, key: string): Value {
  const def = cellDef(key);
  if (!def) throw new Error(`not a template cell: ${key}`);
  return getCell(tables, def);
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

/** All values, or null when any is blank: a rule never computes with a number it does not have. */
export function allKnown(values: readonly Value[]): readonly number[] | null {
  return values.every((v): v is number => v !== null) ? values : null;
}
