/**
 * The metric engine's SQL side: each metric of shared/metrics.ts (defined once, as data) turned
 * into an SQL expression by the same recipe `computeMetrics` follows in JS — a sum is null only
 * when every cell is blank, a rate is null when its numerator is blank or its denominator blank
 * or 0, and is rounded to `METRIC_DIGITS` like `round`. What differs between callers is only
 * what a cell is: one report's value (`rv.<column>`) or its sum over a group (`sum(rv.<column>)`),
 * and how the counts (reports, flags) are read. test/db/metric-engine.test.ts checks SQL and JS
 * agree on generated data.
 */
import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import { roundLikeJs } from '../../db/dialect.ts';
import { valueColumn } from '../../db/schema.ts';
import type { ValueFilter } from '../../shared/filters.ts';
import { METRIC_DIGITS, metricDef } from '../../shared/metrics.ts';
import { AMOUNT_DIGITS, cellDef, isAmount } from '../../shared/template.ts';

/** A template cell's value in SQL, and a count metric's (`reports`, `flags_*`). */
export interface MetricOperands {
  cell(key: string): RawBuilder<number | null>;
  count(id: string): RawBuilder<number>;
}

/** One report's values: its `report_value` row (alias rv). */
export const reportCell = (key: string) => sql<number | null>`${sql.ref(`rv.${valueColumn(key)}`)}`;
/**
 * A group's values: each cell summed over the group's `report_value` rows (alias rv). An amount's
 * sum is rounded to `AMOUNT_DIGITS` decimals: SQLite adds with compensation and PostgreSQL
 * plainly, so their last bits differ (1.7 and 1.7000000000000002).
 */
export const groupCell = (key: string) => {
  const sum = sql<number | null>`sum(${sql.ref(`rv.${valueColumn(key)}`)})`;
  const cell = cellDef(key);
  return cell && isAmount(cell) ? roundLikeJs(sum, AMOUNT_DIGITS) : sum;
};

/** Cells added up: null only when every one is blank (`sumGiven`). */
function sumOf(keys: readonly string[], cell: MetricOperands['cell']): RawBuilder<number | null> {
  if (keys.length === 1) return cell(keys[0]!);
  const allNull = sql.join(keys.map((k) => sql`${cell(k)} is null`), sql` and `);
  const total = sql.join(keys.map((k) => sql`coalesce(${cell(k)}, 0)`), sql` + `);
  return sql<number | null>`(case when ${allNull} then null else ${total} end)`;
}

/** A metric as SQL over the given operands (`computeMetrics`' recipe). */
export function metricExpr(id: string, on: MetricOperands): RawBuilder<number | null> {
  const m = metricDef(id);
  if (!m) throw new Error(`unknown metric ${id}`);
  switch (m.kind) {
    case 'count': return on.count(m.id);
    case 'cell': return on.cell(m.id);
    case 'sum': return sumOf(m.cells, on.cell);
    case 'rate': return roundLikeJs(sql`${sumOf(m.cells, on.cell)} * 1.0 / nullif(${sumOf(m.denominator ?? [], on.cell)}, 0)`, METRIC_DIGITS);
  }
}

/** A value filter as an SQL predicate (`passes`): a blank never passes a numeric comparison. */
export function filterExpr(f: ValueFilter, on: MetricOperands): RawBuilder<SqlBool> {
  const e = metricExpr(f.metric, on);
  if (f.value === null) return f.op === '=' ? sql<SqlBool>`${e} is null` : sql<SqlBool>`${e} is not null`;
  const op = sql.raw(f.op === '!=' ? '<>' : f.op);
  // The bound value typed as a number: PostgreSQL would otherwise take it as the type of `e` (a count: bigint).
  return sql<SqlBool>`${e} ${op} cast(${f.value} as double precision)`;
}
