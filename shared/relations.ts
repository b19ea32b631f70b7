/**
 * The template's own arithmetic (勾稽关系, form.json consistency_rules) as data: each relation
 * says which cells must add up to which. The compliance checks word their flags from these,
 * and the web checks a clerk's typed corrections against them live; neither spells a sum again.
 *
 * A relation only holds or breaks when every cell it names has a number: a blank is not 0.
 */
import { APPEAL_COLUMNS, APPEAL_GROUPS, APPLICANT_COLUMNS, OUTCOME_ROWS, REQUEST_COLUMNS, REQUEST_ROWS } from './template.ts';

export type RelationRule = 'arith.balance' | 'arith.processed' | 'arith.row_total' | 'arith.appeals';

/** sum(left) = sum(right). For a total, `left` is the total cell alone. */
export interface Relation {
  rule: RelationRule;
  /** What the relation is about: the column, row or group key. */
  subject: string;
  left: readonly string[];
  right: readonly string[];
}

const BALANCE_ROWS = ['new', 'carried_over', 'processed_total', 'carried_forward'] as const;
const APPEAL_PARTS = APPEAL_COLUMNS.filter((c) => c.key !== 'total').map((c) => c.key);

/** new + carried_over = processed_total + carried_forward, per column of table 三. */
export const BALANCE_RELATIONS: readonly Relation[] = REQUEST_COLUMNS.map((col) => {
  const [n, o, p, f] = BALANCE_ROWS.map((r) => `requests.${r}.${col.key}`) as [string, string, string, string];
  return { rule: 'arith.balance', subject: col.key, left: [n, o], right: [p, f] };
});
/** processed_total = the outcome rows, per column. */
export const PROCESSED_RELATIONS: readonly Relation[] = REQUEST_COLUMNS.map((col) => ({
  rule: 'arith.processed', subject: col.key, left: [`requests.processed_total.${col.key}`], right: OUTCOME_ROWS.map((r) => `requests.${r}.${col.key}`),
}));
/** 总计 = the six applicant columns, per row of table 三. */
export const ROW_TOTAL_RELATIONS: readonly Relation[] = REQUEST_ROWS.map((row) => ({
  rule: 'arith.row_total', subject: row.key, left: [`requests.${row.key}.total`], right: APPLICANT_COLUMNS.map((c) => `requests.${row.key}.${c}`),
}));
/** 总计 = 维持 + 纠正 + 其他 + 尚未审结, per group of table 四. */
export const APPEAL_RELATIONS: readonly Relation[] = APPEAL_GROUPS.map((g) => ({
  rule: 'arith.appeals', subject: g.key, left: [`appeals.${g.key}.total`], right: APPEAL_PARTS.map((c) => `appeals.${g.key}.${c}`),
}));

export const RELATIONS: readonly Relation[] = [...BALANCE_RELATIONS, ...PROCESSED_RELATIONS, ...ROW_TOTAL_RELATIONS, ...APPEAL_RELATIONS];

export function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-6;
}

/** Whether a relation holds (true), breaks (false), or cannot be told because a cell is blank (null). */
export function relationHolds(r: Relation, valueOf: (key: string) => number | null): boolean | null {
  let left = 0;
  let right = 0;
  for (const k of r.left) { const v = valueOf(k); if (v === null) return null; left += v; }
  for (const k of r.right) { const v = valueOf(k); if (v === null) return null; right += v; }
  return sameNumber(left, right);
}

/** The relations these values break. */
export function brokenRelations(valueOf: (key: string) => number | null, relations: readonly Relation[] = RELATIONS): Relation[] {
  return relations.filter((r) => relationHolds(r, valueOf) === false);
}
