/**
 * What a person decided on a report that is being replaced: its corrections and the decisions on
 * its flags, read just before the replacement, and what of them still holds for the report now
 * in force. `db` should be the replacing transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { valueColumn } from '../../db/schema.ts';

type Db = Kysely<Database>;

export interface CorrectionInForce {
  reportId: number;
  key: string;
  value: number | null;
  reason: string;
  author: string;
  at: string;
}

/** The latest correction of each cell of the given reports (the ones in force there), in id order. */
export async function correctionsInForce(db: Db, reportIds: readonly number[]): Promise<CorrectionInForce[]> {
  if (reportIds.length === 0) return [];
  const rows = await db.selectFrom('correction').select(['id', 'report_id', 'key', 'value', 'reason', 'author', 'created_at'])
    .where('report_id', 'in', [...reportIds]).orderBy('id', 'desc').execute();
  const seen = new Set<string>();
  const out: CorrectionInForce[] = [];
  for (const r of rows) {
    if (seen.has(`${r.report_id}|${r.key}`)) continue;
    seen.add(`${r.report_id}|${r.key}`);
    out.push({ reportId: r.report_id, key: r.key, value: r.value, reason: r.reason, author: r.author, at: r.created_at });
  }
  return out.reverse();
}

export interface DecisionInForce {
  identity: string;
  fingerprint: string;
  rule: string;
  message: string;
  state: 'confirmed' | 'dismissed';
  reason: string;
  author: string;
}

/** The flags of the given reports that carry a decision still matching their numbers, with that decision. */
export async function decisionsInForce(db: Db, reportIds: readonly number[]): Promise<DecisionInForce[]> {
  if (reportIds.length === 0) return [];
  const flags = await db.selectFrom('flag').select(['identity', 'fingerprint', 'rule', 'message'])
    .where('report_id', 'in', [...reportIds]).orderBy('id').execute();
  return decisionsOfFlags(db, flags);
}

/** Of the given flags (stored or computed), those that carry a decision matching their numbers, with that decision. */
export async function decisionsOfFlags(
  db: Db, flags: readonly { identity: string; fingerprint: string; rule: string; message: string }[],
): Promise<DecisionInForce[]> {
  if (flags.length === 0) return [];
  const decisions = await db.selectFrom('flag_decision').select(['identity', 'fingerprint', 'state', 'reason', 'author'])
    .where('identity', 'in', [...new Set(flags.map((f) => f.identity))]).orderBy('id', 'desc').execute();
  const out: DecisionInForce[] = [];
  for (const f of flags) {
    const d = decisions.find((x) => x.identity === f.identity && x.fingerprint === f.fingerprint);
    // An undone decision ('open') holds nothing.
    if (d && d.state !== 'open') out.push({ identity: f.identity, fingerprint: f.fingerprint, rule: f.rule, message: f.message, state: d.state, reason: d.reason, author: d.author });
  }
  return out;
}

/** Which of the (identity, fingerprint) pairs have a flag now, keyed `identity|fingerprint`. */
export async function flagsPresent(db: Db, pairs: readonly { identity: string; fingerprint: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await db.selectFrom('flag').select(['identity', 'fingerprint'])
    .where('identity', 'in', [...new Set(pairs.map((p) => p.identity))]).execute();
  return new Set(rows.map((r) => `${r.identity}|${r.fingerprint}`));
}

/** The values in force of the given cells of one report. */
export async function valuesInForce(db: Db, reportId: number, keys: readonly string[]): Promise<Map<string, number | null>> {
  if (keys.length === 0) return new Map();
  const row = await db.selectFrom('report_value').selectAll().where('report_id', '=', reportId).executeTakeFirst() as Record<string, number | null> | undefined;
  return new Map(keys.map((k) => [k, row?.[valueColumn(k)] ?? null]));
}

/** The latest other version of the report's organ and year (the one in force before it, also after a restore). */
export async function previousVersion(db: Db, report: { id: number; organ_id: number; year: number }): Promise<number | null> {
  const row = await db.selectFrom('report').select('id').where('organ_id', '=', report.organ_id).where('year', '=', report.year)
    .where('id', '!=', report.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

/** The stored flags of one report, in id order, with what a decision is matched on. */
export async function flagsOfStoredReport(db: Db, reportId: number) {
  return db.selectFrom('flag').select(['id', 'identity', 'fingerprint', 'rule', 'message']).where('report_id', '=', reportId).orderBy('id').execute();
}
