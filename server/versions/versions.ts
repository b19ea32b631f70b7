/**
 * Version actions on a report, each a person's decision with a reason kept in `report_action`
 * beside the report (shown in its history): delete a wrong upload (a soft delete: the version
 * stays, hidden; deleting the version in force brings the previous one back), undelete it, put an
 * earlier version back in force, move an organ-year to another county (reports whose county was
 * unknown, or filed under the wrong one), and move one report to another organ (move-organ.ts). Every action
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
import { currentReportIds, inForceReportIds, latestEarlierVersion, makeCurrent, moveReport, reportPlace, retireReports } from '../repositories/reports.repository.ts';
import type { ReportPlace } from '../repositories/reports.repository.ts';
import { insertReportAction, organYearVersions, reportActions, versionInForce, versionRef } from '../repositories/versions.repository.ts';
import type { VersionRef } from '../repositories/versions.repository.ts';

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

/** A version as the answers name it: 第 2 版（v2.txt）. */
export function versionWords(v: VersionRef): string {
  return `第 ${v.no} 版（${v.via === 'manual' ? '手工录入' : v.fileName}）`;
}

/** What a delete or an undelete left in force. */
export interface VersionChange {
  id: number;
  deletedAt: string | null;
  /** The version in force of the organ-year after the action (null: none). */
  inForce: VersionRef | null;
  /** The version this action put back in force (an earlier one after a delete; this one after an undelete), or null. */
  reinstated: number | null;
  /** Versions that were in force before the action and are not now. */
  replaced: number[];
  /** The outcome in words, naming the version in force. */
  message: string;
}

/**
 * Put the newest earlier version of an organ-year that is not deleted back in force, after the
 * version in force (`goneId`) was deleted or moved away and retired; the reinstated version
 * records why. Returns its id, or null when there is none (the organ-year is then without a
 * report in force).
 */
export async function reinstateEarlier(
  trx: Kysely<Database>, organId: number, year: number, goneId: number, who: Who, cause: { cause: 'delete' | 'move' },
): Promise<number | null> {
  const earlier = await latestEarlierVersion(trx, organId, year, goneId);
  if (earlier === undefined) return null;
  // One report in force per organ and year (a unique index): the caller has retired `goneId`.
  await makeCurrent(trx, earlier);
  await insertReportAction(trx, {
    reportId: earlier, action: 'restore', ...who,
    detail: cause.cause === 'delete' ? { cause: 'delete', deletedReportId: goneId } : { cause: 'move', movedReportId: goneId },
  });
  return earlier;
}

/**
 * Hide a report (a wrong upload); it stays in its organ-year's history with the reason. When it
 * was the version in force, the newest earlier version not deleted comes back in force (and
 * records why); with none, the organ-year is left without a report in force. The delete records
 * whether it was in force and what it brought back, so that undeleting can undo exactly that.
 */
export async function deleteVersion(db: Kysely<Database>, reportId: number, who: Who): Promise<VersionChange> {
  return writeWithFlags(db, async (trx) => {
    const place = await placeOf(trx, reportId);
    const existing = await trx.selectFrom('report').select('deleted_at').where('id', '=', reportId).executeTakeFirstOrThrow();
    const at = existing.deleted_at ?? new Date().toISOString();
    let reinstated: number | null = null;
    if (!place.deleted) {
      if (place.current) {
        const earlier = await latestEarlierVersion(trx, place.organId, place.year, reportId);
        // Retired only when another version takes its place; otherwise it stays marked current
        // (deleted), as before, and an undelete puts it straight back in force.
        if (earlier !== undefined) {
          await retireReports(trx, [reportId]);
          reinstated = await reinstateEarlier(trx, place.organId, place.year, reportId, who, { cause: 'delete' });
        }
      }
      await setDeleted(trx, reportId, at);
      await insertReportAction(trx, {
        reportId, action: 'delete', ...who, ...(place.current ? { detail: { wasInForce: true, reinstatedReportId: reinstated } } : {}),
      });
    }
    const replaced = place.current ? [reportId] : [];
    return { id: reportId, deletedAt: at, reinstated, replaced, place, changed: { reportIds: reinstated === null ? [reportId] : [reportId, reinstated] } };
  }, async (trx, { id, deletedAt, reinstated, replaced, place }) => {
    const inForce = await versionInForce(trx, place.organId, place.year);
    const others = (await organYearVersions(trx, place.organId, place.year)).filter((v) => v.id !== id && v.deletedAt === null);
    let message: string;
    if (inForce && reinstated !== null) message = `已删除；${versionWords(inForce)}恢复为现行版本。`;
    else if (inForce) message = `已删除（保留在历史中）；现行版本仍为${versionWords(inForce)}。`;
    else if (others.length) message = '已删除；没有更早的版本可以恢复，本单位本年度暂无现行版本（可在版本列表中把其他版本恢复为现行）。';
    else message = '已删除；本单位本年度暂无现行版本。';
    return { id, deletedAt, inForce, reinstated, replaced, message };
  });
}

/**
 * Show a deleted report again. Undoing the delete of the version in force puts it back in force
 * and the version the delete brought back returns to history — unless something was decided
 * since (a newer upload, another version made current): then it comes back as history, and the
 * version in force stays. A report deleted as history comes back as history.
 */
export async function undeleteVersion(db: Kysely<Database>, reportId: number, who: Who): Promise<VersionChange> {
  return writeWithFlags(db, async (trx) => {
    const place = await placeOf(trx, reportId);
    let reinstated: number | null = null;
    let replaced: number[] = [];
    if (place.deleted) {
      const deleted = (await reportActions(trx, [reportId])).find((a) => a.action === 'delete');
      const row = await trx.selectFrom('report').select('current').where('id', '=', reportId).executeTakeFirstOrThrow();
      await setDeleted(trx, reportId, null);
      if (row.current === 1) {
        // Deleted in force with nothing to take its place: in force again.
        reinstated = reportId;
      } else if (deleted?.detail?.['wasInForce'] === true) {
        const broughtBack = deleted.detail['reinstatedReportId'];
        const now = await currentReportIds(trx, place.organId, place.year);
        const nowInForce = await inForceReportIds(trx, place.organId, place.year);
        if (nowInForce.length === 0 || (nowInForce.length === 1 && nowInForce[0] === broughtBack)) {
          await retireReports(trx, now);
          await makeCurrent(trx, reportId);
          reinstated = reportId;
          replaced = nowInForce;
        }
      }
      await insertReportAction(trx, {
        reportId, action: 'undelete', ...who, ...(reinstated !== null ? { detail: { inForce: true, replaced } } : {}),
      });
    }
    return { id: reportId, reinstated, replaced, place, changed: { reportIds: [reportId, ...replaced] } };
  }, async (trx, { id, reinstated, replaced, place }) => {
    const inForce = await versionInForce(trx, place.organId, place.year);
    const words = await Promise.all(replaced.map(async (r) => versionWords((await versionRef(trx, r))!)));
    let message: string;
    if (inForce && reinstated === id) {
      message = `已取消删除；${versionWords(inForce)}重新成为现行版本${words.length ? `，${words.join('、')}转为历史版本` : ''}。`;
    } else if (inForce) message = `已取消删除，作为历史版本保留；现行版本为${versionWords(inForce)}。`;
    else message = '已取消删除，作为历史版本保留；本单位本年度暂无现行版本。';
    return { id, deletedAt: null, inForce, reinstated, replaced, message };
  });
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
