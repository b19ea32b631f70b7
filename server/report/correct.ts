/**
 * A person's correction of cells, the one code path for the correction route and for carrying
 * corrections over from a replaced version: each correction is recorded in the cell's history,
 * its value put in force, then the report's status and flags recomputed. Call inside a transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recomputeFlags } from '../checks/index.ts';
import { insertCorrection, refreshStatus, setValueInForce } from '../repositories/corrections.repository.ts';

export interface CellCorrection {
  key: string;
  value: number | null;
  reason: string;
  author: string;
}

/** Record and apply the corrections to one report; returns their ids, in order. */
export async function correctCells(trx: Kysely<Database>, reportId: number, corrections: readonly CellCorrection[]): Promise<number[]> {
  if (corrections.length === 0) return [];
  const ids: number[] = [];
  for (const c of corrections) {
    ids.push(await insertCorrection(trx, { reportId, key: c.key, value: c.value, reason: c.reason, author: c.author }));
    await setValueInForce(trx, reportId, c.key, c.value);
  }
  await refreshStatus(trx, reportId);
  await recomputeFlags(trx, { reportIds: [reportId] });
  return ids;
}
