/**
 * The template's own arithmetic (form.json consistency_rules). A rule only runs when every
 * cell it needs has a number: a blank is reported by completeness, never treated as 0.
 */
import {
  APPEAL_COLUMNS, APPEAL_GROUPS, APPLICANT_COLUMNS, OUTCOME_ROWS, REQUEST_COLUMNS, REQUEST_ROWS, cellDef,
} from '../report/template.ts';
import { allKnown, flagCell, fmt, sameNumber, sum, valueOf } from './cells.ts';
import { RULES } from './registry.ts';
import type { CheckContext, RuleFlag } from './types.ts';

const rowLabel = (key: string): string => cellDef(key)?.rowLabel ?? key;
const colLabel = (key: string): string => cellDef(key)?.columnLabel ?? key;

/** new + carried_over = processed_total + carried_forward, per column. */
export function balance(ctx: CheckContext): RuleFlag[] {
  const flags: RuleFlag[] = [];
  for (const col of REQUEST_COLUMNS) {
    const keys = ['new', 'carried_over', 'processed_total', 'carried_forward'].map((r) => `requests.${r}.${col.key}`);
    const v = allKnown(keys.map((k) => valueOf(ctx.tables, k)));
    if (!v) continue;
    const [a, b, c, d] = v as [number, number, number, number];
    if (sameNumber(a + b, c + d)) continue;
    const [kn, ko, kp, kf] = keys as [string, string, string, string];
    flags.push({
      rule: 'arith.balance', severity: RULES['arith.balance'].severity,
      message: `“${rowLabel(kn)}”＋“${rowLabel(ko)}”应等于“${rowLabel(kp)}”＋“${rowLabel(kf)}”：${colLabel(kn)}列 ${fmt(a)}+${fmt(b)}≠${fmt(c)}+${fmt(d)}`,
      cells: keys.map((k) => flagCell(ctx.tables, k)),
      detail: { column: col.key, received: a + b, accounted: c + d },
      subject: col.key,
    });
  }
  return flags;
}

/** processed_total = the sum of the 21 outcome rows, per column. */
export function processedTotal(ctx: CheckContext): RuleFlag[] {
  const flags: RuleFlag[] = [];
  for (const col of REQUEST_COLUMNS) {
    const totalKey = `requests.processed_total.${col.key}`;
    const total = valueOf(ctx.tables, totalKey);
    const partKeys = OUTCOME_ROWS.map((r) => `requests.${r}.${col.key}`);
    const parts = allKnown(partKeys.map((k) => valueOf(ctx.tables, k)));
    if (total === null || !parts) continue;
    const expected = sum(parts);
    if (sameNumber(total, expected)) continue;
    const first = REQUEST_ROWS.find((r) => r.key === OUTCOME_ROWS[0])?.label ?? '';
    const last = REQUEST_ROWS.find((r) => r.key === OUTCOME_ROWS[OUTCOME_ROWS.length - 1])?.label ?? '';
    flags.push({
      rule: 'arith.processed', severity: RULES['arith.processed'].severity,
      message: `“${rowLabel(totalKey)}”应等于从“${first}”到“${last}”各项办理结果之和：${colLabel(totalKey)}列印为 ${fmt(total)}，各项之和为 ${fmt(expected)}`,
      cells: [flagCell(ctx.tables, totalKey, expected), ...partKeys.filter((k) => valueOf(ctx.tables, k) !== 0).map((k) => flagCell(ctx.tables, k))],
      detail: { column: col.key, printed: total, expected },
      subject: col.key,
    });
  }
  return flags;
}

/** total = the six applicant columns, per request row. */
export function rowTotals(ctx: CheckContext): RuleFlag[] {
  const flags: RuleFlag[] = [];
  for (const row of REQUEST_ROWS) {
    const totalKey = `requests.${row.key}.total`;
    const total = valueOf(ctx.tables, totalKey);
    const partKeys = APPLICANT_COLUMNS.map((c) => `requests.${row.key}.${c}`);
    const parts = allKnown(partKeys.map((k) => valueOf(ctx.tables, k)));
    if (total === null || !parts) continue;
    const expected = sum(parts);
    if (sameNumber(total, expected)) continue;
    flags.push({
      rule: 'arith.row_total', severity: RULES['arith.row_total'].severity,
      message: `“${rowLabel(totalKey)}”一行的“${colLabel(totalKey)}”应等于六类申请人之和：印为 ${fmt(total)}，六类之和为 ${fmt(expected)}（${parts.map(fmt).join('+')}）`,
      cells: [flagCell(ctx.tables, totalKey, expected), ...partKeys.map((k) => flagCell(ctx.tables, k))],
      detail: { row: row.key, printed: total, expected },
      subject: row.key,
    });
  }
  return flags;
}

/** total = upheld + corrected + other + pending, per appeals group. */
export function appealTotals(ctx: CheckContext): RuleFlag[] {
  const flags: RuleFlag[] = [];
  const partCols = APPEAL_COLUMNS.filter((c) => c.key !== 'total');
  for (const group of APPEAL_GROUPS) {
    const totalKey = `appeals.${group.key}.total`;
    const total = valueOf(ctx.tables, totalKey);
    const partKeys = partCols.map((c) => `appeals.${group.key}.${c.key}`);
    const parts = allKnown(partKeys.map((k) => valueOf(ctx.tables, k)));
    if (total === null || !parts) continue;
    const expected = sum(parts);
    if (sameNumber(total, expected)) continue;
    flags.push({
      rule: 'arith.appeals', severity: RULES['arith.appeals'].severity,
      message: `“${rowLabel(totalKey)}”的“${colLabel(totalKey)}”应等于${partCols.map((c) => `“${c.label}”`).join('、')}之和：印为 ${fmt(total)}，之和为 ${fmt(expected)}（${parts.map(fmt).join('+')}）`,
      cells: [flagCell(ctx.tables, totalKey, expected), ...partKeys.map((k) => flagCell(ctx.tables, k))],
      detail: { group: group.key, printed: total, expected },
      subject: group.key,
    });
  }
  return flags;
}

export const arithmeticRules = [balance, processedTotal, rowTotals, appealTotals];
