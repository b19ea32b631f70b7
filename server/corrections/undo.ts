/**
 * Undo a correction through the history: a new correction that puts back the value in force
 * before it (the cell's previous correction, or the parsed value when it was the first), with its
 * own reason. Both stay in the cell's history; undoing the undo redoes. Only a cell's latest
 * correction can be undone (an older one has been overtaken). Back at the parsed value with no
 * correction before, the cell is as the parser read it again: not corrected, its review (if
 * any) open again. Runs through the report-write service, so the flags are redone.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { writeWithFlags } from '../flags/write.ts';
import { reportCells } from '../repositories/cells.repository.ts';
import { listCorrections, refreshStatus, setCorrectedMark } from '../repositories/corrections.repository.ts';
import { reportPlace } from '../repositories/reports.repository.ts';
import { correctCells } from './correct.ts';

export class UndoError extends Error {
  constructor(readonly code: 'not_found' | 'invalid', message: string) {
    super(message);
    this.name = 'UndoError';
  }
}

export async function undoCorrection(
  db: Kysely<Database>, reportId: number, correctionId: number, who: { reason: string; author: string },
): Promise<{ correctionId: number; key: string; value: number | null }> {
  return writeWithFlags(db, async (trx) => {
    const place = await reportPlace(trx, reportId);
    if (!place) throw new UndoError('not_found', `没有编号为 ${reportId} 的报告。`);
    if (place.deleted) throw new UndoError('invalid', `报告 ${reportId} 已删除，不能撤销更正；请先恢复。`);
    const all = await listCorrections(trx, reportId);
    const target = all.find((c) => c.id === correctionId);
    if (!target) throw new UndoError('not_found', `报告 ${reportId} 没有编号为 ${correctionId} 的更正。`);
    const ofKey = all.filter((c) => c.key === target.key); // newest first
    if (ofKey[0]!.id !== correctionId) throw new UndoError('invalid', '只能撤销该单元格最近的一次更正（之后已有更正）。');
    const earlier = ofKey[1];
    const parsed = (await reportCells(trx, reportId)).find((c) => c.key === target.key)?.parsed ?? null;
    const value = earlier ? earlier.value : parsed;
    const reason = `撤销更正（原更正为 ${target.value ?? '空白'}：${target.reason}）${who.reason ? `：${who.reason}` : ''}`;
    const { ids, changed } = await correctCells(trx, reportId, [{ key: target.key, value, reason, author: who.author }]);
    if (!earlier) {
      await setCorrectedMark(trx, reportId, target.key, false);
      // The status counts uncorrected review cells: redo it now the mark is off.
      await refreshStatus(trx, reportId);
    }
    return { correctionId: ids[0]!, key: target.key, value, changed };
  }, (_trx, { correctionId: id, key, value }) => ({ correctionId: id, key, value }));
}
