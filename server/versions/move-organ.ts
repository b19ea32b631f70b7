/**
 * Move one report to another organ: a report filed under 羊山镇 that is 胡集镇's (the title named
 * the wrong office, or the resolver matched the wrong one). Only this report moves; the other
 * versions of its organ-year stay. In the target organ-year it is a version like any other: when
 * that organ already has a report in force for the year, the newer upload is in force and the
 * other becomes history, as with a new upload (a deleted report moves as deleted history). When
 * the report was in force where it was, that organ-year gets its previous version back, as after
 * a delete. Both organ-years' flags are redone in the same transaction, and the move is kept in
 * the report's history (`report_action` 'move', from and to organ) with its reason.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { writeWithFlags } from '../flags/write.ts';
import { deleteOrganIfOrphan } from '../repositories/organs.repository.ts';
import { currentReportIds, inForceReportIds, makeCurrent, moveReport, reportPlace, retireReports } from '../repositories/reports.repository.ts';
import { insertReportAction, organWithCounty, versionInForce, versionRef } from '../repositories/versions.repository.ts';
import type { VersionRef } from '../repositories/versions.repository.ts';
import { VersionError, reinstateEarlier, versionWords } from './versions.ts';
import type { Who } from './versions.ts';

export interface MovedToOrgan {
  id: number;
  year: number;
  organId: number;
  organ: string;
  countyId: number | null;
  county: string | null;
  fromOrganId: number;
  fromOrgan: string;
  /** This report is the version in force under its new organ. */
  inForce: boolean;
  /** Versions of the target organ-year that were in force and are history now. */
  replaced: number[];
  /** The version in force of the target organ-year now (this report, or a newer one). */
  targetInForce: VersionRef | null;
  /** The version of the organ-year it left that came back in force (null: none did). */
  reinstated: number | null;
  /** The version in force of the organ-year it left, now. */
  sourceInForce: VersionRef | null;
  /** The outcome in words: where it is, which versions are in force on both sides. */
  message: string;
}

export async function moveToOrgan(db: Kysely<Database>, reportId: number, organId: number, who: Who): Promise<MovedToOrgan> {
  return writeWithFlags(db, async (trx) => {
    const place = await reportPlace(trx, reportId);
    if (!place) throw new VersionError('not_found', `没有编号为 ${reportId} 的报告。`);
    const [from, to] = [await organWithCounty(trx, place.organId), await organWithCounty(trx, organId)];
    if (!to) throw new VersionError('invalid', `没有编号为 ${organId} 的单位。`);
    if (!from) throw new VersionError('not_found', `报告 ${reportId} 的单位已不存在。`);
    if (to.id === from.id) throw new VersionError('invalid', `报告 ${reportId} 已在${to.name}名下，请选择另一个单位。`);
    if (place.countyId !== null && to.countyId !== place.countyId) {
      throw new VersionError('invalid', `${to.name}在${to.county ?? '县区未知的单位'}中，不在本报告的县区；如报告县区有误，请先把报告移到正确的县区。`);
    }
    const row = await trx.selectFrom('report').select('current').where('id', '=', reportId).executeTakeFirstOrThrow();

    // Leave: retired first (one report in force per organ and year, a unique index), then the
    // previous version of the organ-year it leaves comes back when this one was in force there.
    if (row.current === 1) await retireReports(trx, [reportId]);
    const reinstated = place.current ? await reinstateEarlier(trx, place.organId, place.year, reportId, who, { cause: 'move' }) : null;
    await moveReport(trx, reportId, to.id, to.countyId);

    // Arrive: the newer upload is in force (a report in force there that is deleted gives way).
    let inForce = false;
    let replaced: number[] = [];
    if (!place.deleted) {
      const there = await currentReportIds(trx, to.id, place.year);
      const live = await inForceReportIds(trx, to.id, place.year);
      if (live.every((id) => id < reportId)) {
        await retireReports(trx, there);
        await makeCurrent(trx, reportId);
        inForce = true;
        replaced = live;
      }
    }
    await insertReportAction(trx, {
      reportId, action: 'move', ...who,
      detail: {
        fromOrganId: from.id, fromOrgan: from.name, toOrganId: to.id, toOrgan: to.name, fromCountyId: place.countyId, toCountyId: to.countyId,
        inForce, replaced, reinstatedReportId: reinstated,
      },
    });
    const dropped = await deleteOrganIfOrphan(trx, from.id);
    return {
      result: { place, from, to, inForce, replaced, reinstated, dropped },
      changed: {
        reportIds: [reportId, ...replaced, ...(reinstated === null ? [] : [reinstated])],
        organYears: dropped ? [] : [{ organId: from.id, year: place.year }],
      },
    };
  }, async (trx, { result: { place, from, to, inForce, replaced, reinstated, dropped } }) => {
    const targetInForce = await versionInForce(trx, to.id, place.year);
    const sourceInForce = dropped ? null : await versionInForce(trx, from.id, place.year);
    const self = (await versionRef(trx, place.reportId))!;
    const year = ` ${place.year} 年`;
    const parts = [`已移到${to.name}。`];
    if (place.deleted) parts.push(`本报告已删除，作为${to.name}${year}的${versionWords(self)}保留在历史中。`);
    else if (inForce && replaced.length) {
      const old = await Promise.all(replaced.map(async (id) => versionWords((await versionRef(trx, id))!)));
      parts.push(`${to.name}${year}原有现行版本${old.join('、')}；本报告上传较晚，作为${versionWords(self)}成为现行版本，原版本转为历史版本。`);
    } else if (inForce) parts.push(`本报告作为${versionWords(self)}成为${to.name}${year}的现行版本。`);
    else if (targetInForce) parts.push(`${to.name}${year}已有较新上传的现行版本${versionWords(targetInForce)}，本报告作为${versionWords(self)}保留在历史中。`);
    if (place.current) {
      parts.push(sourceInForce && reinstated !== null
        ? `${from.name}${year}的${versionWords(sourceInForce)}恢复为现行版本。`
        : `${from.name}${year}暂无现行版本。`);
    }
    return {
      id: place.reportId, year: place.year, organId: to.id, organ: to.name, countyId: to.countyId, county: to.county,
      fromOrganId: from.id, fromOrgan: from.name, inForce, replaced, targetInForce, reinstated, sourceInForce, message: parts.join(''),
    };
  });
}
