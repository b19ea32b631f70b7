/**
 * Carrying a replaced version's corrections and flag decisions over to the version now in force,
 * at the clerk's request (they are never copied silently, see ingest/superseded.ts). The source is
 * the report's previous version: the latest other report of the same organ and year (the one in
 * force before it, also after a restore). Its corrections in force whose value the report does not
 * already print are redone through the correction path (`correctCells`), the reason marked
 * “（沿用自上一版本）”; its decisions whose flag comes back on the report with other numbers are
 * recorded on that flag through `decideFlag`. What already holds is left alone, so carrying twice
 * changes nothing the second time.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ruleTitle } from '../checks/registry.ts';
import { flagsOfReport } from '../flags/recompute.ts';
import { decideFlag } from '../flags/review.ts';
import { writeWithFlags } from '../flags/write.ts';
import { cellWords, type SupersededCorrection, type SupersededDecision } from '../ingest/superseded.ts';
import { correctionsInForce, decisionsOfFlags, flagsOfStoredReport, previousVersion, valuesInForce } from '../repositories/superseded.repository.ts';
import { correctCells } from './correct.ts';

export const CARRIED_MARK = '（沿用自上一版本）';

/** A correction of the previous version, as the upload answer lists it; `why` only in `notCarried`. */
export interface CarryCorrection extends SupersededCorrection {
  why?: string;
}

/** A flag decision of the previous version, as the upload answer lists it; `why` only in `notCarried`. */
export interface CarryDecision extends SupersededDecision {
  why?: string;
}

export interface CarryOverResult {
  reportId: number;
  /** The previous version, or null when the report has none. */
  fromReportId: number | null;
  /** Done (POST) or to be done (the preview). */
  carried: { corrections: CarryCorrection[]; decisions: CarryDecision[] };
  notCarried: { corrections: CarryCorrection[]; decisions: CarryDecision[] };
}

export interface CarrySelection {
  /** Cell keys to carry; all when absent. */
  corrections?: readonly string[] | undefined;
  /** Rule ids whose decisions to carry; all when absent. */
  decisions?: readonly string[] | undefined;
}

const withMark = (reason: string) => (reason.endsWith(CARRIED_MARK) ? reason : `${reason}${CARRIED_MARK}`);

/**
 * Carry over (`apply`: in one transaction through the report-write service, the corrections and
 * their flags first, then the decisions on the flags as they are now) or only say what would be
 * carried. The report must exist, be in force and not be deleted (the caller checks).
 */
export async function carryOver(
  db: Kysely<Database>, report: { id: number; organ_id: number; year: number }, select: CarrySelection, apply: boolean,
): Promise<CarryOverResult> {
  if (!apply) {
    const result = await planCorrections(db, report, select);
    return result.fromReportId === null ? result : carryDecisions(db, result, select, false);
  }
  return writeWithFlags(db, async (trx) => {
    const result = await planCorrections(trx, report, select);
    const corrections = result.carried.corrections.map((c) => ({ key: c.key, value: c.value, reason: withMark(c.reason), author: c.author }));
    return { result, changed: (await correctCells(trx, report.id, corrections)).changed };
  }, (trx, { result }) => (result.fromReportId === null ? result : carryDecisions(trx, result, select, true)));
}

/** The previous version and which of its corrections in force would be carried (not yet applied). */
async function planCorrections(
  db: Kysely<Database>, report: { id: number; organ_id: number; year: number }, select: CarrySelection,
): Promise<CarryOverResult> {
  const id = report.id;
  const result: CarryOverResult = {
    reportId: id, fromReportId: null, carried: { corrections: [], decisions: [] }, notCarried: { corrections: [], decisions: [] },
  };
  const from = await previousVersion(db, report);
  if (from === null) return result;
  result.fromReportId = from;

  // Corrections first: they move the report's flags, which the decisions are then matched against.
  const corrections = await correctionsInForce(db, [from]);
  const now = await valuesInForce(db, id, [...new Set(corrections.map((c) => c.key))]);
  for (const c of corrections) {
    const entry: CarryCorrection = { key: c.key, cell: cellWords(c.key), value: c.value, current: now.get(c.key) ?? null, reason: c.reason, author: c.author };
    if (entry.current === c.value) result.notCarried.corrections.push({ ...entry, why: '本版本的现行值已与这处更正相同。' });
    else if (select.corrections && !select.corrections.includes(c.key)) result.notCarried.corrections.push({ ...entry, why: '未选择。' });
    else result.carried.corrections.push(entry);
  }
  return result;
}

/** The previous version's decisions matched against the report's flags as they are now; recorded when `apply`. */
async function carryDecisions(db: Kysely<Database>, result: CarryOverResult, select: CarrySelection, apply: boolean): Promise<CarryOverResult> {
  const id = result.reportId;
  const decisions = await decisionsOfFlags(db, await flagsOfReport(db, result.fromReportId!));
  const mine = await flagsOfStoredReport(db, id);
  const decided = new Set((await decisionsOfFlags(db, mine)).map((d) => d.identity));
  for (const d of decisions) {
    const entry: CarryDecision = { rule: d.rule, title: ruleTitle(d.rule), state: d.state, message: d.message, reason: d.reason, author: d.author };
    const flag = mine.find((f) => f.identity === d.identity);
    if (!flag) result.notCarried.decisions.push({ ...entry, why: '本版本没有这条提示。' });
    else if (flag.fingerprint === d.fingerprint) result.notCarried.decisions.push({ ...entry, why: '这条提示在本版本的数字与上一版本相同，结论仍然有效。' });
    else if (decided.has(flag.identity)) result.notCarried.decisions.push({ ...entry, why: '本版本的这条提示已有核查结论。' });
    else if (select.decisions && !select.decisions.includes(d.rule)) result.notCarried.decisions.push({ ...entry, why: '未选择。' });
    else {
      if (apply) await decideFlag(db, flag.id, { state: d.state, reason: withMark(d.reason), author: d.author });
      decided.add(flag.identity);
      result.carried.decisions.push(entry);
    }
  }
  return result;
}
