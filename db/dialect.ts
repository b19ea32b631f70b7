/**
 * The few SQL spellings that differ between SQLite and PostgreSQL, in one place: every query
 * outside this file is plain SQL both read the same way (see db/schema.ts). The connection itself
 * (pragmas, pools, the write lock) is db/open.ts's; the migrations' types are
 * db/migrations/columns.ts's.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Expression, Kysely, RawBuilder, SqlBool } from 'kysely';
import type { Database } from './schema.ts';

/** Is this connection (or transaction) on PostgreSQL? */
export function onPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * `ref IN (values)` with the whole list as ONE bound parameter, not one parameter per value: a
 * province has more organs than SQLite allows parameters in a statement.
 * SQLite: a JSON array through `json_each`; PostgreSQL: an array, `= any(…)`.
 */
export function inList(db: Kysely<Database>, ref: Expression<unknown>, values: readonly (number | string)[]): RawBuilder<SqlBool> {
  if (onPostgres(db)) {
    const numbers = values.every((v) => typeof v === 'number');
    return numbers
      ? sql<SqlBool>`${ref} = any(cast(${values} as bigint[]))`
      : sql<SqlBool>`${ref} = any(cast(${values.map(String)} as text[]))`;
  }
  return sql<SqlBool>`${ref} in (select value from json_each(${JSON.stringify(values)}))`;
}

/** Does `text` contain `part` (plain characters, no LIKE wildcards)? SQLite: `instr`; PostgreSQL: `strpos`. */
export function containsText(db: Kysely<Database>, text: Expression<unknown>, part: string): RawBuilder<SqlBool> {
  return onPostgres(db) ? sql<SqlBool>`strpos(${text}, ${part}) > 0` : sql<SqlBool>`instr(${text}, ${part}) > 0`;
}

/**
 * `x` rounded to `digits` decimals the way JavaScript's `Math.round(x * 10^d) / 10^d` does
 * (shared/metrics.ts `round`), so a filter in SQL keeps exactly the rows whose values, computed
 * in JS, pass it: `floor(y + 0.5)` is `Math.round(y)` (halves up, also below zero) but for a y
 * within one ulp below a half, far from any ratio of counts. Not `round(x, d)`: SQLite rounds
 * through a decimal printout (a half can go either way) and halves away from zero; PostgreSQL's
 * `round(double precision)` rounds halves to even. `floor` reads the same in both.
 */
export function roundLikeJs(x: Expression<number | null>, digits: number): RawBuilder<number | null> {
  const f = sql.raw(`${10 ** digits}.0`);
  return sql<number | null>`(floor(${x} * ${f} + 0.5) / ${f})`;
}

/** A yes/no condition as the 0/1 number SQLite gives (PostgreSQL would give true/false). */
export function asNumber(condition: Expression<SqlBool>): RawBuilder<number> {
  return sql<number>`(case when ${condition} then 1 else 0 end)`;
}

/**
 * A value that changes whenever anything was written, for the caches and ETags: the shared row
 * that every write transaction of any process raises (db/open.ts); on SQLite also
 * `pragma data_version`, which moves when another connection to the file commits anything at all
 * (say, a clerk's fix in the sqlite3 shell, which knows nothing of the row).
 */
export async function dataVersion(db: Kysely<Database>): Promise<string> {
  const r = await db.selectFrom('data_version').select('n').where('id', '=', 1).executeTakeFirst();
  const n = String(r?.n ?? 0);
  if (onPostgres(db)) return n;
  const p = await sql<{ data_version: number }>`pragma data_version`.execute(db);
  return `${n}.${p.rows[0]?.data_version ?? 0}`;
}

/** Did a unique index on `table.column` refuse a write (another writer stored the same key first)? */
export function isUniqueViolation(error: unknown, table: string, column: string): boolean {
  const e = error as { code?: string; message?: string; table?: string; detail?: string } | null;
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE') return (e.message ?? '').includes(`${table}.${column}`);
  return e?.code === '23505' && e.table === table && (e.detail ?? '').startsWith(`Key (${column})=`);
}
