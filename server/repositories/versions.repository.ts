/**
 * Versions of an organ-year and what people did to them: every report of the organ and year
 * (in force, replaced, deleted), and the `report_action` rows that say who deleted, undeleted,
 * restored or moved a version, and why. `db` may be a transaction.
 */
import type { Kysely } from 'kysely';
import type { Database, ReportActionTable } from '../../db/schema.ts';

type Db = Kysely<Database>;
export type ReportActionKind = ReportActionTable['action'];

export interface ReportActionRow {
  id: number;
  reportId: number;
  action: ReportActionKind;
  reason: string;
  author: string;
  detail: Record<string, unknown> | null;
  at: string;
}

export async function insertReportAction(
  db: Db, a: { reportId: number; action: ReportActionKind; reason: string; author: string; detail?: Record<string, unknown> },
): Promise<number> {
  const row = await db.insertInto('report_action').values({
    report_id: a.reportId, action: a.action, reason: a.reason, author: a.author, detail: a.detail ? JSON.stringify(a.detail) : null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The actions on the given reports, newest first. */
export async function reportActions(db: Db, reportIds: readonly number[]): Promise<ReportActionRow[]> {
  if (reportIds.length === 0) return [];
  const rows = await db.selectFrom('report_action').select(['id', 'report_id', 'action', 'reason', 'author', 'detail', 'created_at'])
    .where('report_id', 'in', [...reportIds]).orderBy('id', 'desc').execute();
  return rows.map((r) => ({
    id: r.id, reportId: r.report_id, action: r.action, reason: r.reason, author: r.author,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null, at: r.created_at,
  }));
}

export interface VersionRow {
  id: number;
  createdAt: string;
  current: boolean;
  deletedAt: string | null;
  status: string;
  countyId: number | null;
  county: string | null;
  fileName: string;
  via: string;
}

/** Every report of an organ and year — the one in force, replaced ones, deleted ones — newest first. */
export async function organYearVersions(db: Db, organId: number, year: number): Promise<VersionRow[]> {
  const rows = await db.selectFrom('report as r').innerJoin('document as d', 'd.id', 'r.document_id').leftJoin('county as c', 'c.id', 'r.county_id')
    .select(['r.id', 'r.created_at', 'r.current', 'r.deleted_at', 'r.status', 'r.county_id', 'c.name as county', 'd.file_name', 'd.received_via'])
    .where('r.organ_id', '=', organId).where('r.year', '=', year).orderBy('r.id', 'desc').execute();
  return rows.map((r) => ({
    id: r.id, createdAt: r.created_at, current: r.current === 1, deletedAt: r.deleted_at, status: r.status,
    countyId: r.county_id, county: r.county, fileName: r.file_name, via: r.received_via,
  }));
}

/** Reports in force whose county is unknown (not printed, not given), by year when given. */
export async function unknownCountyReports(db: Db, year?: number): Promise<number> {
  let q = db.selectFrom('report').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('county_id', 'is', null).where('current', '=', 1).where('deleted_at', 'is', null);
  if (year !== undefined) q = q.where('year', '=', year);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
