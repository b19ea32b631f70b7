/**
 * Merge two organs that are one (a report printed the name another way, and the resolver made a
 * second organ): every report of `from`, every version, is filed under `into`; `from`'s name and
 * aliases become aliases of `into`, so later reports resolve to it; `from` is deleted. Where both
 * had a report in force for the same year, the newer upload stays in force and the other becomes
 * history (as with a newer version). Each moved report records the merge, with its reason.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { writeWithFlags } from '../flags/write.ts';
import { addAliases, deleteOrgan, organForMerge, updateOrgan } from '../repositories/organs.repository.ts';
import { moveReport, retireReports } from '../repositories/reports.repository.ts';
import { insertReportAction } from '../repositories/versions.repository.ts';
import { VersionError } from './versions.ts';
import type { Who } from './versions.ts';

export interface Merged {
  into: number;
  /** Reports moved from the merged organ. */
  moved: number[];
  /** Reports that were in force and are history now (two reports in force for one year). */
  retired: number[];
}

export async function mergeOrgans(db: Kysely<Database>, fromId: number, intoId: number, who: Who): Promise<Merged> {
  return writeWithFlags(db, async (trx) => {
    if (fromId === intoId) throw new VersionError('invalid', '不能把单位并入它自己。');
    const [from, into] = [await organForMerge(trx, fromId), await organForMerge(trx, intoId)];
    if (!from) throw new VersionError('not_found', `没有编号为 ${fromId} 的单位。`);
    if (!into) throw new VersionError('invalid', `没有编号为 ${intoId} 的单位。`);
    if (from.county_id !== null && from.county_id !== into.county_id) {
      throw new VersionError('invalid', '两个单位不在同一县区，不能合并；如报告县区有误，请先把报告移到正确的县区。');
    }
    const reports = await trx.selectFrom('report').select(['id', 'organ_id', 'year', 'current'])
      .where('organ_id', 'in', [fromId, intoId]).orderBy('id').execute();
    const moved = reports.filter((r) => r.organ_id === fromId).map((r) => r.id);
    // One report in force per year: the newest upload. Retired before the move, since an organ
    // and year never have two in force, not even inside this transaction (a unique index).
    const retired: number[] = [];
    for (const year of new Set(reports.map((r) => r.year))) {
      const inForce = reports.filter((r) => r.year === year && r.current === 1).map((r) => r.id).sort((a, b) => b - a);
      retired.push(...inForce.slice(1));
    }
    await retireReports(trx, retired);
    for (const id of moved) await moveReport(trx, id, intoId, into.county_id);
    await addAliases(trx, intoId, [from.name, from.full_name, ...from.aliases].filter((a) => a !== into.name));
    if (from.in_registry === 1 && into.in_registry !== 1) await updateOrgan(trx, intoId, { inRegistry: true });
    await deleteOrgan(trx, fromId);
    for (const id of moved) {
      await insertReportAction(trx, { reportId: id, action: 'move', ...who, detail: { mergedFrom: fromId, mergedFromName: from.name, into: intoId, intoName: into.name } });
    }
    const countyIds = [into.county_id, from.county_id].filter((c): c is number => c !== null);
    return {
      result: { into: intoId, moved, retired },
      changed: { reportIds: [...new Set([...moved, ...retired])], organs: { organIds: [intoId], countyIds: [...new Set(countyIds)] } },
    };
  }, (_trx, { result }) => result);
}

