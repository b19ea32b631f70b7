/**
 * Read side of reports: the filtered, sorted, paged list (value filters on `report_value`), one
 * report with everything the detail page shows, and the original file.
 */
import type { Expression, Kysely, RawBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { Database, ReportStatus } from '../../db/schema.ts';
import { containsText } from '../../db/dialect.ts';
import { metricDef } from '../../shared/metrics.ts';
import type { ValueFilter } from '../../shared/filters.ts';
import { notDismissed } from './flags.repository.ts';
import { filterExpr, metricExpr, reportCell } from './metric-sql.ts';
import type { MetricOperands } from './metric-sql.ts';
import { cellsOfReports } from './cells.repository.ts';
import type { StoredCell } from './cells.repository.ts';

type Db = Kysely<Database>;

const flagCount = (severity: string | null) => severity
  ? sql<number>`(select count(*) from flag f where f.report_id = r.id and f.severity = ${severity} and ${notDismissed})`
  : sql<number>`(select count(*) from flag f where f.report_id = r.id and ${notDismissed})`;

/** One report's operands (aliases r, rv): its values, `reports` 1, its flags not dismissed by severity. */
const REPORT: MetricOperands = {
  cell: reportCell,
  count: (id) => (id === 'reports' ? sql<number>`1` : flagCount(id === 'flags_total' ? null : id.slice('flags_'.length))),
};

/** A metric of one report as SQL over its `report_value` row (alias rv) and report (alias r), as `computeMetrics` computes it. */
export function metricSql(id: string): RawBuilder<number | null> {
  return metricExpr(id, REPORT);
}

export function filterSql(f: ValueFilter): RawBuilder<SqlBool> {
  return filterExpr(f, REPORT);
}

export interface ReportFilter {
  countyId?: number | undefined;
  organId?: number | undefined;
  year?: number | undefined;
  status?: ReportStatus | undefined;
  flagged?: boolean | undefined;
  q?: string | undefined;
  deleted?: boolean | undefined;
  /** Only reports whose county is unknown. */
  unknownCounty?: boolean | undefined;
  filters: readonly ValueFilter[];
  sort: string;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface ReportListRow {
  id: number;
  organId: number;
  organ: string;
  organPrinted: string;
  countyId: number | null;
  county: string | null;
  year: number;
  status: string;
  published: string | null;
  current: boolean;
  deletedAt: string | null;
  createdAt: string;
  documentId: number;
  fileName: string;
  format: string;
  flags: { error: number; warning: number; info: number; total: number };
  reviews: number;
  corrections: number;
}

function listBase(db: Db, f: ReportFilter) {
  let q = db.selectFrom('report as r')
    .innerJoin('organ as o', 'o.id', 'r.organ_id')
    .innerJoin('document as d', 'd.id', 'r.document_id')
    .leftJoin('county as c', 'c.id', 'r.county_id')
    .innerJoin('report_value as rv', 'rv.report_id', 'r.id')
    .where('r.current', '=', 1);
  q = f.deleted ? q.where('r.deleted_at', 'is not', null) : q.where('r.deleted_at', 'is', null);
  if (f.year !== undefined) q = q.where('r.year', '=', f.year);
  if (f.countyId !== undefined) q = q.where('r.county_id', '=', f.countyId);
  if (f.unknownCounty) q = q.where('r.county_id', 'is', null);
  if (f.organId !== undefined) q = q.where('r.organ_id', '=', f.organId);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.flagged !== undefined) {
    const has = sql<SqlBool>`exists (select 1 from flag f where f.report_id = r.id and ${notDismissed})`;
    q = q.where(f.flagged ? has : sql<SqlBool>`not ${has}`);
  }
  const text = f.q?.trim();
  if (text) q = q.where((eb) => eb.or([containsText(db, sql.ref('o.name'), text), containsText(db, sql.ref('r.organ_printed'), text)]));
  for (const filter of f.filters) q = q.where(filterSql(filter));
  return q;
}

const SORTS: Record<string, Expression<unknown>> = {
  id: sql`r.id`, year: sql`r.year`, organ: sql`o.sort_key`, county: sql`c.sort_key`, published: sql`r.published`,
  flags: flagCount(null), reviews: sql`(select count(*) from cell x where x.report_id = r.id and x.review is not null and x.corrected = 0)`,
  created: sql`r.created_at`,
};

export function isReportSort(s: string): boolean {
  return s in SORTS || !!metricDef(s);
}

export async function listReports(db: Db, f: ReportFilter): Promise<{ rows: ReportListRow[]; total: number }> {
  const sortExpr = SORTS[f.sort] ?? metricSql(f.sort);
  const dir = sql.raw(f.order === 'desc' ? 'desc' : 'asc');
  const rows = await listBase(db, f)
    .select(['r.id', 'r.organ_id', 'o.name as organ', 'r.organ_printed', 'r.county_id', 'c.name as county', 'r.year', 'r.status',
      'r.published', 'r.current', 'r.deleted_at', 'r.created_at', 'r.document_id', 'd.file_name', 'd.format'])
    .select([
      flagCount('error').as('f_error'), flagCount('warning').as('f_warning'), flagCount('info').as('f_info'),
      sql<number>`(select count(*) from cell x where x.report_id = r.id and x.review is not null and x.corrected = 0)`.as('reviews'),
      sql<number>`(select count(*) from correction k where k.report_id = r.id)`.as('corrections'),
    ])
    // Blanks last in either order; ties broken by organ and id so pages are stable.
    .orderBy(sql`${sortExpr} is null`).orderBy(sql`${sortExpr} ${dir}`).orderBy('c.sort_key', (ob) => ob.asc().nullsFirst()).orderBy('o.sort_key', (ob) => ob.asc().nullsFirst()).orderBy('r.id')
    .limit(f.limit).offset(f.offset).execute();
  const count = await listBase(db, f).select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => ({
      id: r.id, organId: r.organ_id, organ: r.organ, organPrinted: r.organ_printed, countyId: r.county_id, county: r.county,
      year: r.year, status: r.status, published: r.published, current: r.current === 1, deletedAt: r.deleted_at, createdAt: r.created_at,
      documentId: r.document_id, fileName: r.file_name, format: r.format,
      flags: { error: Number(r.f_error), warning: Number(r.f_warning), info: Number(r.f_info), total: Number(r.f_error) + Number(r.f_warning) + Number(r.f_info) },
      reviews: Number(r.reviews), corrections: Number(r.corrections),
    })),
  };
}

export async function reportRecord(db: Db, id: number) {
  return db.selectFrom('report as r')
    .innerJoin('organ as o', 'o.id', 'r.organ_id')
    .innerJoin('document as d', 'd.id', 'r.document_id')
    .leftJoin('county as c', 'c.id', 'r.county_id')
    .select(['r.id', 'r.organ_id', 'o.name as organ', 'o.kind', 'r.organ_printed', 'r.county_id', 'c.name as county', 'r.year', 'r.status',
      'r.published', 'r.published_source', 'r.template', 'r.current', 'r.deleted_at', 'r.created_at', 'r.headings', 'r.overview', 'r.problems', 'r.other',
      'd.id as document_id', 'd.file_name', 'd.format', 'd.extraction', 'd.size', 'd.received_at', 'd.received_via', 'd.text', 'd.scan'])
    .where('r.id', '=', id).executeTakeFirst();
}

export async function documentOfReport(db: Db, id: number) {
  return db.selectFrom('report as r').innerJoin('document as d', 'd.id', 'r.document_id')
    .select(['d.file_name', 'd.format', 'd.extraction', 'd.content']).where('r.id', '=', id).executeTakeFirst();
}

export interface ExportScope {
  year?: number | undefined;
  countyId?: number | undefined;
}

function exportReports(db: Db, scope: ExportScope, afterId: number, limit: number) {
  let q = db.selectFrom('report as r').innerJoin('organ as o', 'o.id', 'r.organ_id').leftJoin('county as c', 'c.id', 'r.county_id')
    .where('r.current', '=', 1).where('r.deleted_at', 'is', null).where('r.id', '>', afterId);
  if (scope.year !== undefined) q = q.where('r.year', '=', scope.year);
  if (scope.countyId !== undefined) q = q.where('r.county_id', '=', scope.countyId);
  return q.select(['r.id', 'r.year', 'r.status', 'o.name as organ', 'c.name as county']).orderBy('r.id').limit(limit);
}

export interface ExportReport {
  id: number;
  year: number;
  status: string;
  organ: string;
  county: string | null;
}

/**
 * Reports with all their cells (template order), a chunk at a time (keyset on report id), so a province-wide export
 * never holds the connection for long or the whole result in memory.
 */
export async function* exportCells(db: Db, scope: ExportScope, chunk = 500): AsyncGenerator<{ report: ExportReport; cells: StoredCell[] }> {
  let after = 0;
  for (;;) {
    const reports = await exportReports(db, scope, after, chunk).execute();
    if (reports.length === 0) return;
    const ids = reports.map((r) => r.id);
    const cells = await cellsOfReports(db, ids);
    for (const r of reports) yield { report: r, cells: cells.get(r.id) ?? [] };
    after = ids[ids.length - 1]!;
  }
}

/** Reports with their wide value row, a chunk at a time. */
export async function* exportValues(db: Db, scope: ExportScope, chunk = 1000): AsyncGenerator<{ report: ExportReport; values: Record<string, number | null> }> {
  let after = 0;
  for (;;) {
    const reports = await exportReports(db, scope, after, chunk).execute();
    if (reports.length === 0) return;
    const ids = reports.map((r) => r.id);
    const values = await db.selectFrom('report_value').selectAll().where('report_id', 'in', ids).execute();
    const byId = new Map(values.map((v) => [v.report_id, v as Record<string, number | null>]));
    for (const r of reports) yield { report: r, values: byId.get(r.id) ?? {} };
    after = ids[ids.length - 1]!;
  }
}
