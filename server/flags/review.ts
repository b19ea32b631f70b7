/**
 * The review workflow: flags with their review state (open, confirmed, dismissed), and a
 * reviewer's decision. A decision is kept on the flag's identity and fingerprint, so it survives
 * recomputation until the numbers it is about change. The view is the API's `FlagView` schema
 * (server/schemas/flags.ts): one shape, typed from the schema.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ruleTitle } from '../checks/registry.ts';
import type { FlagCell } from '../checks/types.ts';
import { decisionsFor, insertDecision, selectFlag, selectFlags } from '../repositories/flags.repository.ts';
import type { DecisionRow, FlagFilter, FlagRow } from '../repositories/flags.repository.ts';
import type { Static } from '../schemas/common.ts';
import type { FlagView as FlagViewSchema } from '../schemas/flags.ts';

export type { FlagFilter, ReviewState } from '../repositories/flags.repository.ts';

/** A flag as the API shows it, with its review state. */
export type FlagView = Static<typeof FlagViewSchema>;
export type FlagDecisionView = NonNullable<FlagView['decision']>;

/** A stored flag with the decisions on its identity (newest first): its review state, as the API shows it. */
function toView(row: FlagRow, decisions: readonly DecisionRow[]): FlagView {
  const mine = decisions.filter((d) => d.identity === row.identity);
  const valid = mine.find((d) => d.fingerprint === row.fingerprint);
  const outdated = valid ? undefined : mine[0];
  // An undone decision ('open') leaves the flag open, with no decision (the undone one stays in the history).
  const view = (d: (typeof mine)[number] | undefined): FlagDecisionView | null =>
    d && d.state !== 'open' ? { state: d.state, reason: d.reason, author: d.author, at: d.created_at } : null;
  return {
    id: row.id, rule: row.rule, title: ruleTitle(row.rule), severity: row.severity, message: row.message,
    reportId: row.report_id, organId: row.organ_id, organ: row.organ_name, countyId: row.county_id, county: row.county_name,
    year: row.year, cells: JSON.parse(row.cells) as FlagCell[], detail: JSON.parse(row.detail) as Record<string, unknown>,
    state: valid && valid.state !== 'open' ? valid.state : 'open', decision: view(valid), outdatedDecision: view(outdated),
  };
}

/** Flags with their review state, most severe first; `total` counts all that match the filter. */
export async function listFlags(db: Kysely<Database>, filter: FlagFilter = {}): Promise<{ rows: FlagView[]; total: number }> {
  const { rows, total } = await selectFlags(db, filter);
  const decisions = await decisionsFor(db, [...new Set(rows.map((r) => r.identity))]);
  return { rows: rows.map((r) => toView(r, decisions)), total };
}

export async function getFlag(db: Kysely<Database>, flagId: number): Promise<FlagView | null> {
  const row = await selectFlag(db, flagId);
  if (!row) return null;
  return toView(row, await decisionsFor(db, [row.identity]));
}

export class FlagDecisionError extends Error {
  constructor(readonly code: 'not_found' | 'invalid', message: string) {
    super(message);
    this.name = 'FlagDecisionError';
  }
}

/**
 * A reviewer confirms or dismisses a flag. The decision is kept on the flag's identity and
 * fingerprint, so it survives recomputation until the numbers it is about change.
 */
export async function decideFlag(
  db: Kysely<Database>, flagId: number,
  decision: { state: 'confirmed' | 'dismissed'; reason: string; author: string },
): Promise<FlagView> {
  if (decision.state !== 'confirmed' && decision.state !== 'dismissed') {
    throw new FlagDecisionError('invalid', '审核结论只能是“确认”或“排除”。');
  }
  const reason = decision.reason?.trim() ?? '';
  const author = decision.author?.trim() ?? '';
  if (!reason) throw new FlagDecisionError('invalid', '请填写确认或排除这条提示的理由。');
  if (!author) throw new FlagDecisionError('invalid', '请填写审核人。');
  const row = await selectFlag(db, flagId);
  if (!row) throw new FlagDecisionError('not_found', '这条提示已不存在，可能报告已更正或删除，请刷新后再看。');
  await insertDecision(db, { identity: row.identity, fingerprint: row.fingerprint, state: decision.state, reason, author });
  return (await getFlag(db, flagId))!;
}

/**
 * Undo a reviewer's decision: the flag is open again. Kept as a decision of its own ('open', with
 * its reason and author) after the one it undoes, which stays in the history.
 */
export async function reopenFlag(db: Kysely<Database>, flagId: number, who: { reason: string; author: string }): Promise<FlagView> {
  const row = await selectFlag(db, flagId);
  if (!row) throw new FlagDecisionError('not_found', '这条提示已不存在，可能报告已更正或删除，请刷新后再看。');
  const view = toView(row, await decisionsFor(db, [row.identity]));
  if (view.state === 'open') throw new FlagDecisionError('invalid', '这条提示还没有核查结论，无需撤销。');
  const author = who.author.trim() || '管理员';
  await insertDecision(db, { identity: row.identity, fingerprint: row.fingerprint, state: 'open', reason: who.reason.trim(), author });
  return (await getFlag(db, flagId))!;
}
