/**
 * Cells: every number of every report, with what was parsed, what is in force, why a person must
 * look and where it was printed.
 *
 * Stored compactly (migration 0003): the value in force of every cell is in `report_value`, its
 * source line in `report.cell_lines`, and a `cell` row exists only for a cell with something to
 * say: a review reason or a correction (the row keeps the parsed value and the line of the doubt).
 * Reports stored before that have a row for every cell. `mergeCells` turns either form into the
 * full list, so nothing else needs to know how cells are stored.
 */
import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';
import type { Cell, Database, NewCell } from '../../db/schema.ts';
import { valueColumn } from '../../db/schema.ts';
import { CELLS } from '../../shared/template.ts';

type Db = Kysely<Database>;

/** One cell as the readers see it, whichever way it is stored: a cell row without its report id. */
export type StoredCell = Omit<Cell, 'report_id'>;

/** The source lines of a report's cells, compactly: a JSON array in template (`CELLS`) order. */
export function encodeCellLines(lines: Readonly<Record<string, number>>): string {
  return JSON.stringify(CELLS.map((c) => lines[c.key] ?? null));
}

function decodeCellLines(text: string | null): readonly (number | null)[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.map((v) => (typeof v === 'number' ? v : null)) : [];
  } catch {
    return [];
  }
}

/**
 * Every template cell of one report, in template order: its row when it has one, else the value
 * in force (from the report's `report_value` row, which is then also the parsed value) and the
 * line from `cell_lines`.
 */
export function mergeCells(
  values: Readonly<Record<string, unknown>> | undefined, cellLines: string | null, rows: readonly StoredCell[],
): StoredCell[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const lines = decodeCellLines(cellLines);
  return CELLS.map((c, i) => {
    const row = byKey.get(c.key);
    if (row) return { key: row.key, parsed: row.parsed, value: row.value, review: row.review, line: row.line, corrected: row.corrected };
    const value = (values?.[valueColumn(c.key)] as number | null | undefined) ?? null;
    return { key: c.key, parsed: value, value, review: null, line: lines[i] ?? null, corrected: 0 };
  });
}

/** Every cell of one report (empty when there is no such report). */
export async function reportCells(db: Db, reportId: number): Promise<StoredCell[]> {
  return (await cellsOfReports(db, [reportId])).get(reportId) ?? [];
}

/** Every cell of many reports (keyed by report id), three queries whatever their number. */
export async function cellsOfReports(db: Db, reportIds: readonly number[]): Promise<Map<number, StoredCell[]>> {
  const out = new Map<number, StoredCell[]>();
  if (reportIds.length === 0) return out;
  const ids = [...reportIds];
  const [reports, values, rows] = await Promise.all([
    db.selectFrom('report').select(['id', 'cell_lines']).where('id', 'in', ids).execute(),
    db.selectFrom('report_value').selectAll().where('report_id', 'in', ids).execute(),
    db.selectFrom('cell').select(['report_id', 'key', 'parsed', 'value', 'review', 'line', 'corrected']).where('report_id', 'in', ids).execute(),
  ]);
  const valuesById = new Map(values.map((v) => [v.report_id, v as Record<string, unknown>]));
  const rowsById = new Map<number, StoredCell[]>();
  for (const r of rows) {
    const list = rowsById.get(r.report_id);
    if (list) list.push(r);
    else rowsById.set(r.report_id, [r]);
  }
  for (const r of reports) out.set(r.id, mergeCells(valuesById.get(r.id), r.cell_lines, rowsById.get(r.id) ?? []));
  return out;
}

// `corrected` is left to its column default (0): a new report's cells are never corrected.
const CELL_COLUMNS = ['report_id', 'key', 'parsed', 'value', 'review', 'line'] as const;

// Building and compiling a multi-row insert costs more than running it: compile once per
// dialect (adapter) and row count, then bind new parameters.
const compiled = new WeakMap<object, Map<number, string>>();

function insertSql(db: Db, rows: number): string {
  const adapter = db.getExecutor().adapter;
  let byCount = compiled.get(adapter);
  if (!byCount) compiled.set(adapter, (byCount = new Map()));
  let text = byCount.get(rows);
  if (!text) {
    const blank = { report_id: 0, key: '', parsed: null, value: null, review: null, line: null };
    text = db.insertInto('cell').columns([...CELL_COLUMNS]).values(Array.from({ length: rows }, () => blank as NewCell)).compile().sql;
    byCount.set(rows, text);
  }
  return text;
}

/**
 * Rows for cells of a new report, in one multi-row insert (at most 200 rows × 6 parameters, well
 * within SQLite's and PostgreSQL's limits). They start uncorrected: a cell that says otherwise is refused.
 */
export async function insertCells(db: Db, cells: readonly NewCell[]): Promise<void> {
  if (cells.length === 0) return;
  const params: unknown[] = [];
  for (const c of cells) {
    if (c.corrected) throw new Error(`insertCells writes new, uncorrected cells only (${c.key})`);
    params.push(c.report_id, c.key, c.parsed ?? null, c.value ?? null, c.review ?? null, c.line ?? null);
  }
  await db.executeQuery(CompiledQuery.raw(insertSql(db, cells.length), params));
}
