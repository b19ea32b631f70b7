/**
 * Corrections: a person sets a cell's value with a reason. The parsed value and every earlier
 * correction stay; the cell's row and the wide `report_value` row carry the value in force.
 * Deleting a report only hides it. `db` may be a transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { valueColumn } from '../../db/schema.ts';
import { reportCells } from './cells.repository.ts';

type Db = Kysely<Database>;

export async function insertCorrection(db: Db, c: { reportId: number; key: string; value: number | null; reason: string; author: string }): Promise<number> {
  const row = await db.insertInto('correction').values({ report_id: c.reportId, key: c.key, value: c.value, reason: c.reason, author: c.author })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Put a corrected value in force: in the cell's row and in the wide `report_value` row. A cell
 * stored compactly (no row: nothing to say until now) gets its row here, keeping the parsed value
 * (the value in force until this first correction) and its line. `db` should be a transaction.
 */
export async function setValueInForce(db: Db, reportId: number, key: string, value: number | null): Promise<void> {
  const updated = await db.updateTable('cell').set({ value, corrected: 1 })
    .where('report_id', '=', reportId).where('key', '=', key).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    const before = (await reportCells(db, reportId)).find((c) => c.key === key);
    if (!before) throw new Error(`no cell ${key} in report ${reportId}`);
    await db.insertInto('cell').values({ report_id: reportId, key, parsed: before.parsed, value, review: null, line: before.line, corrected: 1 }).execute();
  }
  await db.updateTable('report_value').set({ [valueColumn(key)]: value } as never).where('report_id', '=', reportId).execute();
}

/** needs_review while any cell the parser was unsure of is still uncorrected. */
export async function refreshStatus(db: Db, reportId: number): Promise<void> {
  const open = await db.selectFrom('cell').select('key').where('report_id', '=', reportId)
    .where('review', 'is not', null).where('corrected', '=', 0).limit(1).executeTakeFirst();
  await db.updateTable('report').set({ status: open ? 'needs_review' : 'ok' }).where('id', '=', reportId).execute();
}

export interface CorrectionRow {
  id: number;
  key: string;
  value: number | null;
  reason: string;
  author: string;
  at: string;
}

export async function listCorrections(db: Db, reportId: number, key?: string): Promise<CorrectionRow[]> {
  let q = db.selectFrom('correction').select(['id', 'key', 'value', 'reason', 'author', 'created_at'])
    .where('report_id', '=', reportId);
  if (key) q = q.where('key', '=', key);
  const rows = await q.orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, key: r.key, value: r.value, reason: r.reason, author: r.author, at: r.created_at }));
}

export async function setDeleted(db: Db, reportId: number, at: string | null): Promise<void> {
  await db.updateTable('report').set({ deleted_at: at }).where('id', '=', reportId).execute();
}

/** Mark a cell as corrected or not (an undo back to the parsed value leaves it as the parser read it). */
export async function setCorrectedMark(db: Db, reportId: number, key: string, corrected: boolean): Promise<void> {
  await db.updateTable('cell').set({ corrected: corrected ? 1 : 0 }).where('report_id', '=', reportId).where('key', '=', key).execute();
}
