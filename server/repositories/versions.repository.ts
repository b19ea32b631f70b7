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

/** A version named as a clerk reads it: its number in the organ-year's history (第 n 版, 1 = first upload) and its file. */
export interface VersionRef {
  id: number;
  no: number;
  fileName: string;
  via: string;
  createdAt: string;
}

/** The version at index `i` of `versions` (newest first) named with its number, 1 = the first upload; undefined when none. */
function refAt(versions: readonly VersionRow[], i: number): VersionRef | undefined {
  const v = versions[i];
  return v && { id: v.id, no: versions.length - i, fileName: v.fileName, via: v.via, createdAt: v.createdAt };
}

/** The version in force of an organ and year (current and not deleted), with its number; null when none. */
export async function versionInForce(db: Db, organId: number, year: number): Promise<VersionRef | null> {
  const versions = await organYearVersions(db, organId, year);
  return refAt(versions, versions.findIndex((v) => v.current && v.deletedAt === null)) ?? null;
}

/** One version with its number in its organ-year's history; undefined when there is no such report. */
export async function versionRef(db: Db, reportId: number): Promise<VersionRef | undefined> {
  const r = await db.selectFrom('report').select(['organ_id', 'year']).where('id', '=', reportId).executeTakeFirst();
  if (!r) return undefined;
  const versions = await organYearVersions(db, r.organ_id, r.year);
  return refAt(versions, versions.findIndex((v) => v.id === reportId));
}

/** An organ with its county's name (the target of a move); undefined when there is none. */
export async function organWithCounty(db: Db, organId: number): Promise<{ id: number; name: string; countyId: number | null; county: string | null } | undefined> {
  const o = await db.selectFrom('organ as o').leftJoin('county as c', 'c.id', 'o.county_id')
    .select(['o.id', 'o.name', 'o.county_id', 'c.name as county']).where('o.id', '=', organId).executeTakeFirst();
  return o && { id: o.id, name: o.name, countyId: o.county_id, county: o.county };
}
