/** Cells: every number of every report, with what was parsed, what is in force, and why a person must look. */
import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, NewCell } from '../../db/schema.ts';

type Db = Kysely<Database>;

const CELL_COLUMNS = ['report_id', 'key', 'parsed', 'value', 'review', 'line', 'corrected'] as const;

// Building and compiling a 200-row insert costs more than running it, and every report has the
// same 200 rows: compile once per dialect (adapter) and row count, then bind new parameters.
const compiled = new WeakMap<object, Map<number, string>>();

function insertSql(db: Db, rows: number): string {
  const adapter = db.getExecutor().adapter;
  let byCount = compiled.get(adapter);
  if (!byCount) compiled.set(adapter, (byCount = new Map()));
  let text = byCount.get(rows);
  if (!text) {
    const blank = { report_id: 0, key: '', parsed: null, value: null, review: null, line: null, corrected: 0 };
    text = db.insertInto('cell').columns([...CELL_COLUMNS]).values(Array.from({ length: rows }, () => blank)).compile().sql;
    byCount.set(rows, text);
  }
  return text;
}

/** All cells of one report in one multi-row insert (200 rows × 7 parameters, well within SQLite's and PostgreSQL's limits). */
export async function insertCells(db: Db, cells: readonly NewCell[]): Promise<void> {
  if (cells.length === 0) return;
  const params: unknown[] = [];
  for (const c of cells) params.push(c.report_id, c.key, c.parsed ?? null, c.value ?? null, c.review ?? null, c.line ?? null, c.corrected ?? 0);
  await db.executeQuery(CompiledQuery.raw(insertSql(db, cells.length), params));
}
