/**
 * Compliance overviews: which organs reported for a year (late ones per the checks' own
 * `timeliness.late` flag), and flag counts by rule, by organ and organ × rule.
 */
import type { Kysely, SqlBool } from 'kysely';
import { sql } from 'kysely';
import { asNumber } from '../../db/dialect.ts';
import type { Database, OrganKind } from '../../db/schema.ts';
import { reviewStateSql } from './flags.repository.ts';

type Db = Kysely<Database>;

export interface CoverageRow {
  organId: number;
  organ: string;
  kind: OrganKind;
  countyId: number | null;
  county: string | null;
  inRegistry: boolean;
  reportId: number | null;
  status: 'reported' | 'late' | 'missing';
  published: string | null;
}

/** Expected organs: those in the county's registry, plus any that reported in some year. */
export async function coverage(db: Db, year: number, countyId?: number): Promise<CoverageRow[]> {
  let q = db.selectFrom('organ as o').leftJoin('county as c', 'c.id', 'o.county_id')
    .leftJoin('report as r', (j) => j.onRef('r.organ_id', '=', 'o.id').on('r.year', '=', year).on('r.current', '=', 1).on('r.deleted_at', 'is', null))
    .select(['o.id', 'o.name', 'o.kind', 'o.county_id', 'c.name as county', 'o.in_registry', 'r.id as report_id', 'r.published'])
    .select(asNumber(sql<SqlBool>`exists (select 1 from flag f where f.report_id = r.id and f.rule = 'timeliness.late')`).as('late'))
    .where((eb) => eb.or([
      eb('o.in_registry', '=', 1),
      eb.exists(eb.selectFrom('report as x').select('x.id').whereRef('x.organ_id', '=', 'o.id').where('x.current', '=', 1).where('x.deleted_at', 'is', null)),
    ]));
  if (countyId !== undefined) q = q.where('o.county_id', '=', countyId);
  const rows = await q.orderBy('c.sort_key', (ob) => ob.asc().nullsFirst()).orderBy('o.kind').orderBy('o.sort_key', (ob) => ob.asc().nullsFirst()).orderBy('o.id').execute();
  const seen = new Set<number>();
  const out: CoverageRow[] = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push({
      organId: r.id, organ: r.name, kind: r.kind, countyId: r.county_id, county: r.county, inRegistry: r.in_registry === 1,
      reportId: r.report_id, status: r.report_id === null ? 'missing' : Number(r.late) ? 'late' : 'reported', published: r.published ?? null,
    });
  }
  return out;
}

export type ReviewStateFilter = 'open' | 'confirmed' | 'dismissed' | undefined;

export interface FlagSummaryRow {
  rule: string;
  severity: string;
  organId: number | null;
  organ: string | null;
  n: number;
}

/** Flag counts per (rule, severity, organ) in a scope; the route folds them into its views. */
export async function flagSummary(db: Db, scope: { year?: number | undefined; countyId?: number | undefined; state: ReviewStateFilter }): Promise<FlagSummaryRow[]> {
  let q = db.selectFrom('flag as f').leftJoin('organ as o', 'o.id', 'f.organ_id')
    .select(['f.rule', 'f.severity', 'f.organ_id', 'o.name as organ', sql<number>`count(*)`.as('n')])
    .where(reviewStateSql(scope.state));
  if (scope.year !== undefined) q = q.where('f.year', '=', scope.year);
  if (scope.countyId !== undefined) q = q.where('f.county_id', '=', scope.countyId);
  // Ordered as SQLite's grouping leaves them; PostgreSQL's hash grouping has no order of its own.
  const rows = await q.groupBy(['f.rule', 'f.severity', 'f.organ_id', 'o.name'])
    .orderBy('f.rule').orderBy('f.severity').orderBy('f.organ_id', (ob) => ob.asc().nullsFirst()).orderBy('o.name', (ob) => ob.asc().nullsFirst()).execute();
  return rows.map((r) => ({ rule: r.rule, severity: r.severity, organId: r.organ_id, organ: r.organ, n: Number(r.n) }));
}
