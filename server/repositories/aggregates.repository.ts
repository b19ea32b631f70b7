/**
 * Sums of the values in force, read from `report_value` (one narrow row per report) joined to
 * the current, non-deleted reports through the (year, county_id, current) index. Never scans
 * the long `cell` table. Column names come from template keys only, through `valueColumn`.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import type { Database, OrganKind } from '../../db/schema.ts';
import { inList } from '../../db/dialect.ts';
import { valueColumn } from '../../db/schema.ts';
import type { ValueFilter } from '../../shared/filters.ts';
import { metricDef } from '../../shared/metrics.ts';
import { notDismissed } from './flags.repository.ts';
import { filterExpr, groupCell, metricExpr } from './metric-sql.ts';
import type { MetricOperands } from './metric-sql.ts';

type Db = Kysely<Database>;

export type GroupBy = 'organ' | 'county' | 'year' | 'organ_year' | 'none';

export interface Scope {
  /** One year or several. Always give years when possible: they lead the report index. */
  years?: readonly number[];
  countyId?: number;
  organId?: number;
  /** Only these organs (a page of groups, or the groups that passed a filter). */
  organIds?: readonly number[];
  /** Only these counties; null: reports without a county. */
  countyIds?: readonly (number | null)[];
  /** Only organs of these kinds (township, street, department, …). */
  kinds?: readonly OrganKind[];
}

export interface SumRow {
  organId: number | null;
  organ: string | null;
  kind: string | null;
  countyId: number | null;
  county: string | null;
  year: number | null;
  /** The newest report of the group (the report itself when the group is one organ-year). */
  reportId: number | null;
  reports: number;
  /** Distinct organs with a report in the group. */
  organs: number;
  /** Summed values by cell key (null: every report left it blank). */
  sums: Map<string, number | null>;
  /** Reports that left each cell blank (only when asked). */
  blanks: Map<string, number>;
}

const GROUP_COLUMNS: Record<GroupBy, readonly string[]> = {
  organ: ['r.organ_id', 'o.name', 'o.kind', 'r.county_id', 'c.name'],
  county: ['r.county_id', 'c.name'],
  year: ['r.year'],
  organ_year: ['r.organ_id', 'o.name', 'o.kind', 'r.county_id', 'c.name', 'r.year'],
  none: [],
};

/** The scope as one SQL predicate over reports or flags (alias r or f); null: everything. */
function scopeSql(db: Db, scope: Scope, alias: 'r' | 'f'): RawBuilder<SqlBool> | null {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<unknown>[] = [];
  if (scope.years) parts.push(scope.years.length === 1 ? sql`${col('year')} = ${scope.years[0]}` : sql`${col('year')} in (${sql.join([...scope.years])})`);
  if (scope.countyId !== undefined) parts.push(sql`${col('county_id')} = ${scope.countyId}`);
  if (scope.organId !== undefined) parts.push(sql`${col('organ_id')} = ${scope.organId}`);
  // One parameter rather than one per id: a province has more organs than SQLite has parameters.
  if (scope.organIds) parts.push(inList(db, col('organ_id'), scope.organIds));
  if (scope.countyIds) {
    const known = inList(db, col('county_id'), scope.countyIds.filter((id) => id !== null));
    parts.push(scope.countyIds.includes(null) ? sql`(${known} or ${col('county_id')} is null)` : known);
  }
  // Through the organ table for reports and flags alike (flags carry no kind); organs are few.
  if (scope.kinds?.length) parts.push(sql`${col('organ_id')} in (select k.id from organ k where ${inList(db, sql.ref('k.kind'), scope.kinds)})`);
  return parts.length ? sql<SqlBool>`${sql.join(parts, sql` and `)}` : null;
}

/** Can this metric be computed from `report_value` in SQL (flag counts cannot: they live in `flag`)? */
export function isSqlMetric(id: string): boolean {
  const m = metricDef(id);
  return !!m && (m.kind !== 'count' || m.id === 'reports');
}

/** A group's operands (aliases r, rv): cells summed over the group, `reports` its count of reports. */
const GROUP: MetricOperands = {
  cell: groupCell,
  count: (id) => {
    if (id !== 'reports') throw new Error(`not an SQL metric: ${id}`);
    return sql<number>`count(*)`;
  },
};

/** A metric of a group (aliases r, rv) as SQL, computed as `computeMetrics` computes it (metric-sql.ts). */
export function groupMetricSql(id: string): RawBuilder<number | null> {
  if (!isSqlMetric(id)) throw new Error(`not an SQL metric: ${id}`);
  return metricExpr(id, GROUP);
}

/** A value filter as an SQL predicate over a group: a blank never passes a numeric comparison. */
export function groupFilterSql(f: ValueFilter): RawBuilder<SqlBool> {
  if (!isSqlMetric(f.metric)) throw new Error(`not an SQL metric: ${f.metric}`);
  return filterExpr(f, GROUP);
}

/**
 * Sum the given cells over the current reports of a scope, grouped. `having`: value filters on
 * SQL metrics (see `isSqlMetric`), applied to the groups in SQL.
 */
export async function sumValues(
  db: Db, scope: Scope, by: GroupBy, keys: readonly string[], withBlanks = false, having: readonly ValueFilter[] = [],
): Promise<SumRow[]> {
  if (scope.years && scope.years.length === 0) return [];
  let q = db.selectFrom('report as r')
    .innerJoin('report_value as rv', 'rv.report_id', 'r.id')
    .innerJoin('organ as o', 'o.id', 'r.organ_id')
    .leftJoin('county as c', 'c.id', 'r.county_id')
    .where('r.current', '=', 1).where('r.deleted_at', 'is', null)
    .select([
      sql<number>`count(*)`.as('reports'),
      sql<number>`count(distinct r.organ_id)`.as('organs'),
      sql<number>`max(r.id)`.as('report_id'),
      ...(by === 'organ' || by === 'organ_year' ? [sql<number>`r.organ_id`.as('organ_id'), sql<string>`o.name`.as('organ'), sql<string>`o.kind`.as('kind')] : []),
      ...(by === 'organ' || by === 'organ_year' || by === 'county' ? [sql<number | null>`r.county_id`.as('county_id'), sql<string | null>`c.name`.as('county')] : []),
      ...(by === 'year' || by === 'organ_year' ? [sql<number>`r.year`.as('year')] : []),
    ])
    .select(keys.map((k, i) => groupCell(k).as(`s${i}`)));
  if (withBlanks) q = q.select(keys.map((k, i) => sql<number>`count(*) - count(${sql.ref(`rv.${valueColumn(k)}`)})`.as(`b${i}`)));
  const inScope = scopeSql(db, scope, 'r');
  if (inScope) q = q.where(inScope);
  const groups = GROUP_COLUMNS[by];
  if (groups.length) q = q.groupBy(groups.map((g) => sql.ref(g)));
  for (const f of having) q = q.having(groupFilterSql(f));
  const rows = (await q.execute()) as Record<string, number | string | null>[];
  return rows.filter((r) => Number(r.reports) > 0).map((r) => {
    const sums = new Map<string, number | null>();
    const blanks = new Map<string, number>();
    keys.forEach((k, i) => {
      const v = r[`s${i}`];
      sums.set(k, v === null || v === undefined ? null : Number(v));
      if (withBlanks) blanks.set(k, Number(r[`b${i}`] ?? 0));
    });
    return {
      organId: (r.organ_id as number | undefined) ?? null, organ: (r.organ as string | undefined) ?? null,
      kind: (r.kind as string | undefined) ?? null, countyId: (r.county_id as number | undefined) ?? null,
      county: (r.county as string | undefined) ?? null, year: (r.year as number | undefined) ?? null,
      reportId: (r.report_id as number | null) ?? null, reports: Number(r.reports), organs: Number(r.organs), sums, blanks,
    };
  });
}

export interface FlagCountRow {
  organId: number | null;
  countyId: number | null;
  year: number | null;
  severity: string;
  n: number;
}

/** Flags not dismissed, by severity, grouped like `sumValues`. */
export async function countFlags(db: Db, scope: Scope, by: GroupBy): Promise<FlagCountRow[]> {
  if (scope.years && scope.years.length === 0) return [];
  const groupCols = by === 'organ' ? ['f.organ_id'] : by === 'county' ? ['f.county_id'] : by === 'year' ? ['f.year'] : by === 'organ_year' ? ['f.organ_id', 'f.year'] : [];
  let q = db.selectFrom('flag as f')
    .select([sql<string>`f.severity`.as('severity'), sql<number>`count(*)`.as('n')])
    .select(groupCols.map((g) => sql<number | null>`${sql.ref(g)}`.as(g.slice(2))))
    .where(notDismissed);
  const inScope = scopeSql(db, scope, 'f');
  if (inScope) q = q.where(inScope);
  const rows = (await q.groupBy([...groupCols.map((g) => sql.ref(g)), sql.ref('f.severity')]).execute()) as Record<string, number | string | null>[];
  return rows.map((r) => ({
    organId: (r.organ_id as number | undefined) ?? null, countyId: (r.county_id as number | undefined) ?? null,
    year: (r.year as number | undefined) ?? null, severity: String(r.severity), n: Number(r.n),
  }));
}

/** Years that have at least one current report (in a county, or of an organ). */
export async function yearsPresent(db: Db, scope: { countyId?: number; organId?: number } = {}): Promise<{ year: number; reports: number; organs: number }[]> {
  let q = db.selectFrom('report as r')
    .select([sql<number>`r.year`.as('year'), sql<number>`count(*)`.as('reports'), sql<number>`count(distinct r.organ_id)`.as('organs')])
    .where('r.current', '=', 1).where('r.deleted_at', 'is', null);
  if (scope.countyId !== undefined) q = q.where('r.county_id', '=', scope.countyId);
  if (scope.organId !== undefined) q = q.where('r.organ_id', '=', scope.organId);
  const rows = await q.groupBy('r.year').orderBy('r.year').execute();
  return rows.map((r) => ({ year: Number(r.year), reports: Number(r.reports), organs: Number(r.organs) }));
}

/**
 * Distinct years of all reports, one index seek per year on the (year, county_id, current)
 * index (a "loose index scan"): a plain `select distinct` reads every row's entry, which on
 * PostgreSQL at a million reports took 90–230 ms on every uncached trends page.
 */
export async function allYears(db: Db): Promise<number[]> {
  const rows = await sql<{ year: number }>`with recursive y(year) as (
      select min(year) from report
      union all
      select (select min(r.year) from report r where r.year > y.year) from y where y.year is not null
    ) select year from y where year is not null order by year`.execute(db);
  return rows.rows.map((r) => Number(r.year));
}
