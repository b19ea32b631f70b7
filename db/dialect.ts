/**
 * The few SQL spellings that differ between SQLite and PostgreSQL, in one place: every query
 * outside this file is plain SQL both read the same way (see db/schema.ts). Today only SQLite
 * runs; a PostgreSQL dialect gives each function here its own spelling (noted beside it). The
 * connection itself (pragmas, the statement cache) is db/open.ts's; the migrations' one SQLite
 * clause (`without rowid`) is applied only where the dialect is SQLite.
 */
import { sql } from 'kysely';
import type { Expression, Kysely, RawBuilder, SqlBool } from 'kysely';
import type { Database } from './schema.ts';

/**
 * `ref IN (values)` with the whole list as ONE bound parameter (a JSON array), not one parameter
 * per value: a province has more organs than SQLite allows parameters in a statement.
 * SQLite: `json_each`; PostgreSQL: `= any(cast($1 as bigint[]))` or `json_array_elements_text`.
 */
export function inJsonList(ref: Expression<unknown>, values: readonly (number | string)[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`${ref} in (select value from json_each(${JSON.stringify(values)}))`;
}

/** Does `text` contain `part` (plain characters, no LIKE wildcards)? SQLite: `instr`; PostgreSQL: `strpos`. */
export function containsText(text: Expression<unknown>, part: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`instr(${text}, ${part}) > 0`;
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

/**
 * A number that changes whenever another connection (another process: the CLI, a second server)
 * has committed a write to the database file since this connection last looked; the aggregates'
 * cache compares it. SQLite: `pragma data_version`; PostgreSQL has none: a `LISTEN`/`NOTIFY`
 * channel or a counter row bumped by the report-write service would stand in.
 */
export async function dataVersion(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ data_version: number }>`pragma data_version`.execute(db);
  return Number(r.rows[0]?.data_version ?? 0);
}
