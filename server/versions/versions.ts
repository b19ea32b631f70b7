/**
 * Version actions on a report, each a person's decision with a reason kept in `report_action`
 * beside the report (shown in its history): delete a wrong upload (a soft delete: the version
 * stays, hidden), undelete it, put an earlier version back in force, and move an organ-year to
 * another county (reports whose county was unknown, or filed under the wrong one). Every action
 * runs through the report-write service, so the flags are redone in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { writeWithFlags } from '../flags/write.ts';
import { supersededAfter, supersededBefore, supersededNote } from '../ingest/superseded.ts';
import { resolveOrgan } from '../organs/resolve.ts';
import { setDeleted } from '../repositories/corrections.repository.ts';
import { listCounties } from '../repositories/counties.repository.ts';
import { deleteOrganIfOrphan } from '../repositories/organs.repository.ts';
import { currentReportIds, makeCurrent, moveReport, reportPlace, retireReports } from '../repositories/reports.repository.ts';
import type { ReportPlace } from '../repositories/reports.repository.ts';
import { insertReportAction } from '../repositories/versions.repository.ts';

export class VersionError extends Error {
  constructor(readonly code: 'not_found' | 'invalid', message: string) {
    super(message);
    this.name = 'VersionError';
  }
}

export interface Who {
  reason: string;
  author: string;
}

async function placeOf(db: Kysely<Database>, reportId: number): Promise<ReportPlace> {
  const place = await reportPlace(db, reportId);
  if (!place) throw new VersionError('not_found', `没有编号为 ${reportId} 的报告。`);
  return place;
}

/** Hide a report (a wrong upload); it stays in its organ-year's history with the reason. */
export async function deleteVersion(db: Kysely<Database>, reportId: number, who: Who): Promise<{ id: number; deletedAt: string }> {
  return writeWithFlags(db, async (trx) => {
    const place = await placeOf(trx, reportId);
    const existing = await trx.selectFrom('report').select('deleted_at').where('id', '=', reportId).executeTakeFirstOrThrow();
    const at = existing.deleted_at ?? new Date().toISOString();
    if (!place.deleted) {
      await setDeleted(trx, reportId, at);
      await insertReportAction(trx, { reportId, action: 'delete', ...who });
    }
    return { id: reportId, deletedAt: at, changed: { reportIds: [reportId] } };
  }, (_trx, { id, deletedAt }) => ({ id, deletedAt }));
}

/** Show a deleted report again (as the version it was: in force or replaced). */
export async function undeleteVersion(db: Kysely<Database>, reportId: number, who: Who): Promise<{ id: number; deletedAt: null }> {
  return writeWithFlags(db, async (trx) => {
    const place = await placeOf(trx, reportId);
    if (place.deleted) {
      await setDeleted(trx, reportId, null);
      await insertReportAction(trx, { reportId, action: 'undelete', ...who });
    }
    return { id: reportId, deletedAt: null, changed: { reportIds: [reportId] } };
  }, (_trx, { id }) => ({ id, deletedAt: null }));
}

export interface MadeCurrent {
  id: number;
  /** The versions that were in force and are history now. */
  replaced: number[];
  /** What was corrected or decided on them and does not hold on this version, in words (null when nothing). */
  note: string | null;
}

/**
 * Put an earlier version back in force (a deleted one is shown again): the version(s) in force
 * for its organ and year become history, as when a newer file replaces them.
 */
export async function makeVersionCurrent(db: Kysely<Database>, reportId: number, who: Who): Promise<MadeCurrent> {
  return writeWithFlags(db, async (trx) => {
    const place = await placeOf(trx, reportId);
    if (place.current) throw new VersionError('invalid', `报告 ${reportId} 已是现行版本。`);
    const previous = (await currentReportIds(trx, place.organId, place.year)).filter((id) => id !== reportId);
    await retireReports(trx, previous);
    await makeCurrent(trx, reportId);
    if (place.deleted) await setDeleted(trx, reportId, null);
    await insertReportAction(trx, { reportId, action: 'restore', ...who, detail: { replaced: previous } });
    const before = await supersededBefore(trx, reportId, previous);
    return { id: reportId, replaced: previous, before, changed: { reportIds: [reportId, ...previous] } };
  }, async (trx, { id, replaced, before }) => {
    const superseded = before && await supersededAfter(trx, before);
    return { id, replaced, note: superseded ? supersededNote(superseded) : null };
  });
}

export interface Moved {
  /** The versions moved (every version of the organ-year). */
  ids: number[];
  countyId: number;
  county: string;
  organId: number;
  /** Versions that were in force in the target organ-year and are history now. */
  replaced: number[];
}

/**
 * Move a report's organ-year — all its versions, so the history moves with it — to another
 * county: the organ is looked up (or added) by name in that county. When the version in force
 * moves and the target organ-year already has one in force, the moved one replaces it (that one
 * stays as history, as with a newer upload). The organ left behind is dropped when nothing uses it.
 */
export async function moveVersion(db: Kysely<Database>, reportId: number, countyId: number, who: Who): Promise<Moved> {
  return writeWithFlags(db, async (trx) => {
    const place = await placeOf(trx, reportId);
    const county = (await listCounties(trx)).find((c) => c.id === countyId);
    if (!county) throw new VersionError('invalid', `没有编号为 ${countyId} 的县区。`);
    if (place.countyId === countyId) throw new VersionError('invalid', `报告 ${reportId} 已在${county.name}。`);
    const organ = await trx.selectFrom('organ').select('name').where('id', '=', place.organId).executeTakeFirstOrThrow();
    const target = await resolveOrgan(trx, organ.name, county.name);
    if (target.countyId !== countyId) {
      throw new VersionError('invalid', `单位名称“${organ.name}”中写明了其他县区，不能移到${county.name}；请核对单位名称。`);
    }
    const versions = await trx.selectFrom('report').select(['id', 'current', 'deleted_at'])
      .where('organ_id', '=', place.organId).where('year', '=', place.year).execute();
    const movingInForce = versions.some((v) => v.current === 1);
    const replaced = movingInForce ? await currentReportIds(trx, target.organId, place.year) : [];
    await retireReports(trx, replaced);
    const ids = versions.map((v) => v.id);
    for (const id of ids) await moveReport(trx, id, target.organId, countyId);
    await insertReportAction(trx, {
      reportId, action: 'move', ...who, detail: { fromCountyId: place.countyId, toCountyId: countyId, toCounty: county.name, moved: ids, replaced },
    });
    const dropped = await deleteOrganIfOrphan(trx, place.organId);
    return {
      result: { ids, countyId, county: county.name, organId: target.organId, replaced },
      changed: { reportIds: [...ids, ...replaced], organYears: dropped ? [] : [{ organId: place.organId, year: place.year }] },
    };
  }, (_trx, { result }) => result);
}
