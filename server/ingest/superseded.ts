/**
 * Corrections and flag decisions of a report that a new version replaces. They belong to the
 * version they were made on and stay there (visible in its history; they come back in force if
 * that version is made current again by re-sending its file). The version now in force does not
 * inherit them silently: the ingest answer lists the ones that no longer hold, so the clerk can
 * redo them on the new version. A correction whose value the new version already prints, or a
 * decision whose flag comes back with the same numbers (decisions follow the flag's identity and
 * numbers, not the report), still holds and is not listed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { RULES } from '../checks/registry.ts';
import { cellDef } from '../report/template.ts';
import { correctionsInForce, decisionsInForce, flagsPresent, valuesInForce } from '../repositories/superseded.repository.ts';
import type { CorrectionInForce, DecisionInForce } from '../repositories/superseded.repository.ts';

/** Read before the replacement is written. */
export interface SupersededBefore {
  /** The report now in force. */
  reportId: number;
  /** The report(s) it replaces. */
  replaced: number[];
  corrections: CorrectionInForce[];
  decisions: DecisionInForce[];
}

export interface SupersededCorrection {
  key: string;
  /** The cell in words: 依申请公开 / 本年新收政府信息公开申请数量 / 总计. */
  cell: string;
  /** The corrected value on the replaced version, and the value in force now. */
  value: number | null;
  current: number | null;
  reason: string;
  author: string;
}

export interface SupersededDecision {
  rule: string;
  /** The rule's Chinese title. */
  title: string;
  state: 'confirmed' | 'dismissed';
  message: string;
  reason: string;
  author: string;
}

/** What was decided on the replaced version and no longer holds on the one in force. */
export interface Superseded {
  /** The replaced version (the latest of them when several). */
  fromReportId: number;
  corrections: SupersededCorrection[];
  decisions: SupersededDecision[];
}

/** Before retiring `replaced` for `reportId`: their corrections and decisions in force (nothing read when there is none). */
export async function supersededBefore(db: Kysely<Database>, reportId: number, replaced: readonly number[]): Promise<SupersededBefore | undefined> {
  const others = replaced.filter((id) => id !== reportId);
  if (others.length === 0) return undefined;
  const [corrections, decisions] = [await correctionsInForce(db, others), await decisionsInForce(db, others)];
  if (corrections.length === 0 && decisions.length === 0) return undefined;
  return { reportId, replaced: others, corrections, decisions };
}

/** After the write and the flags: what of `before` does not hold on the report in force. */
export async function supersededAfter(db: Kysely<Database>, before: SupersededBefore): Promise<Superseded | undefined> {
  const now = await valuesInForce(db, before.reportId, [...new Set(before.corrections.map((c) => c.key))]);
  const corrections = before.corrections.filter((c) => now.get(c.key) !== c.value).map((c) => ({
    key: c.key, cell: cellWords(c.key), value: c.value, current: now.get(c.key) ?? null, reason: c.reason, author: c.author,
  }));
  const present = await flagsPresent(db, before.decisions);
  const decisions = before.decisions.filter((d) => !present.has(`${d.identity}|${d.fingerprint}`)).map((d) => ({
    rule: d.rule, title: (RULES as Record<string, { title: string }>)[d.rule]?.title ?? d.rule, state: d.state, message: d.message, reason: d.reason, author: d.author,
  }));
  if (corrections.length === 0 && decisions.length === 0) return undefined;
  return { fromReportId: Math.max(...before.replaced), corrections, decisions };
}

export function cellWords(key: string): string {
  const c = cellDef(key);
  return c ? [c.sectionLabel, c.rowLabel, c.columnLabel].filter(Boolean).join(' / ') : key;
}

const STATE_ZH = { confirmed: '确认属实', dismissed: '排除' } as const;

/** One sentence for the clerk (the result's note and the CLI line). */
export function supersededNote(s: Superseded): string {
  const parts: string[] = [];
  if (s.corrections.length) {
    parts.push(`${s.corrections.length} 处更正（${s.corrections.map((c) => `${c.cell}：曾更正为 ${c.value ?? '空白'}，现为 ${c.current ?? '空白'}`).join('；')}）`);
  }
  if (s.decisions.length) {
    parts.push(`${s.decisions.length} 项核查结论（${s.decisions.map((d) => `${d.title}：曾${STATE_ZH[d.state]}`).join('；')}）`);
  }
  return `被替换的版本（报告 ${s.fromReportId}）上的${parts.join('和')}不适用于现行版本，已随旧版本保留在历史中；如仍需要，请在现行版本上重新更正或核查。`;
}
