/**
 * A person's correction of cells, the one code path for the correction route and for carrying
 * corrections over from a replaced version: each correction is recorded in the cell's history,
 * its value put in force, the report's status refreshed; the flags are recomputed by the
 * report-write service (server/flags/write.ts) in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { writeWithFlags } from '../flags/write.ts';
import { insertCorrection, refreshStatus, setValueInForce } from '../repositories/corrections.repository.ts';

export interface CellCorrection {
  key: string;
  value: number | null;
  reason: string;
  author: string;
}

/**
 * Record and apply the corrections to one report inside the caller's write (`writeWithFlags`),
 * without flags: returns their ids, in order, and what the flags must be redone for.
 */
export async function correctCells(
  trx: Kysely<Database>, reportId: number, corrections: readonly CellCorrection[],
): Promise<{ ids: number[]; changed: { reportIds: number[] } }> {
  if (corrections.length === 0) return { ids: [], changed: { reportIds: [] } };
  const ids: number[] = [];
  for (const c of corrections) {
    ids.push(await insertCorrection(trx, { reportId, key: c.key, value: c.value, reason: c.reason, author: c.author }));
    await setValueInForce(trx, reportId, c.key, c.value);
  }
  await refreshStatus(trx, reportId);
  return { ids, changed: { reportIds: [reportId] } };
}

/** Correct one report in one transaction, flags included; returns the corrections' ids, in order. */
export async function correctReport(db: Kysely<Database>, reportId: number, corrections: readonly CellCorrection[]): Promise<number[]> {
  return (await writeWithFlags(db, (trx) => correctCells(trx, reportId, corrections))).ids;
}
