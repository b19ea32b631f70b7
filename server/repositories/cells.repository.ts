/** Cells: every number of every report, with what was parsed, what is in force, and why a person must look. */
import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, NewCell } from '../../db/schema.ts';

type Db = Kysely<Database>;

// `corrected` is left to its column default (0): a report's cells are written once, when it is
// new, and only a correction sets it. One bound value fewer per cell (200 per report) is
// measurably cheaper at ingest rates.
const CELL_COLUMNS = ['report_id', 'key', 'parsed', 'value', 'review', 'line'] as const;

// Building and compiling a 200-row insert costs more than running it, and every report has the
// same 200 rows: compile once per dialect (adapter) and row count, then bind new parameters.
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
 * The cells of a new report, all in one multi-row insert (200 rows × 6 parameters, well within
 * SQLite's and PostgreSQL's limits). They start uncorrected: a cell that says otherwise is refused.
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
