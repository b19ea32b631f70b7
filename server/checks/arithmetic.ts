/**
 * The template's own arithmetic (form.json consistency_rules, as data in shared/relations.ts),
 * worded as flags. A rule only runs when every cell it needs has a number: a blank is reported
 * by completeness, never treated as 0.
 *
 * The cells of each equation are looked up once, when the module loads, and read by index
 * from the report's CellValues: the rules run for every report of every ingest, and building
 * and looking up keys per report cost more than the sums.
 */
import { APPEAL_RELATIONS, BALANCE_RELATIONS, PROCESSED_RELATIONS, ROW_TOTAL_RELATIONS } from '../../shared/relations.ts';
import type { Relation } from '../../shared/relations.ts';
import { APPEAL_COLUMNS, OUTCOME_ROWS, REQUEST_ROWS } from '../../shared/template.ts';
import type { CellDef } from '../../shared/template.ts';
import { DEFAULT_CONFIG } from './config.ts';
import type { CheckConfig } from './config.ts';
import { cellValues, flagCell, fmt, indexedCell, knownAt, sameNumber, sum } from './cells.ts';
import type { CellValues, IndexedCell } from './cells.ts';
import { RULES } from './registry.ts';
import type { CheckContext, RuleFlag } from './types.ts';

/** An equation: a total cell and the cells it must equal the sum of. */
interface Sum {
  subject: string;
  total: IndexedCell;
  parts: readonly IndexedCell[];
}

// The equations are the template's relations (shared/relations.ts), with their cells indexed.
const sumOf = (r: Relation): Sum => ({ subject: r.subject, total: indexedCell(r.left[0]!), parts: r.right.map(indexedCell) });
const BALANCE = BALANCE_RELATIONS.map((r) => ({
  column: r.subject,
  cells: [...r.left, ...r.right].map(indexedCell) as [IndexedCell, IndexedCell, IndexedCell, IndexedCell],
}));
const PROCESSED: readonly Sum[] = PROCESSED_RELATIONS.map(sumOf);
const ROW_TOTALS: readonly Sum[] = ROW_TOTAL_RELATIONS.map(sumOf);
const APPEAL_PART_COLUMNS = APPEAL_COLUMNS.filter((c) => c.key !== 'total');
const APPEAL_TOTALS: readonly Sum[] = APPEAL_RELATIONS.map(sumOf);
const FIRST_OUTCOME = REQUEST_ROWS.find((r) => r.key === OUTCOME_ROWS[0])?.label ?? '';
const LAST_OUTCOME = REQUEST_ROWS.find((r) => r.key === OUTCOME_ROWS[OUTCOME_ROWS.length - 1])?.label ?? '';

/** new + carried_over = processed_total + carried_forward, per column. */
export function balance(ctx: CheckContext, _config: CheckConfig = DEFAULT_CONFIG, values: CellValues = cellValues(ctx.tables)): RuleFlag[] {
  const flags: RuleFlag[] = [];
  for (const { column, cells } of BALANCE) {
    const v = knownAt(values, cells);
    if (!v) continue;
    const [a, b, c, d] = v as [number, number, number, number];
    if (sameNumber(a + b, c + d)) continue;
    const [kn, ko, kp, kf] = cells.map((k) => k.def) as [CellDef, CellDef, CellDef, CellDef];
    flags.push({
      rule: 'arith.balance', severity: RULES['arith.balance'].severity,
      message: `“${kn.rowLabel}”＋“${ko.rowLabel}”应等于“${kp.rowLabel}”＋“${kf.rowLabel}”：${kn.columnLabel}列 ${fmt(a)}+${fmt(b)}≠${fmt(c)}+${fmt(d)}`,
      cells: cells.map((k) => flagCell(ctx.tables, k.def.key)),
      detail: { column, received: a + b, accounted: c + d },
      subject: column,
    });
  }
  return flags;
}

/** The equations of `sums` that do not hold (every cell known), with the printed and the expected total. */
function broken(values: CellValues, sums: readonly Sum[]): { sum: Sum; total: number; parts: readonly number[]; expected: number }[] {
  const out = [];
  for (const s of sums) {
    const total = values[s.total.at] ?? null;
    if (total === null) continue;
    const parts = knownAt(values, s.parts);
    if (!parts) continue;
    const expected = sum(parts);
    if (!sameNumber(total, expected)) out.push({ sum: s, total, parts, expected });
  }
  return out;
}

/** processed_total = the sum of the 21 outcome rows, per column. */
export function processedTotal(ctx: CheckContext, _config: CheckConfig = DEFAULT_CONFIG, values: CellValues = cellValues(ctx.tables)): RuleFlag[] {
  return broken(values, PROCESSED).map(({ sum: s, total, parts, expected }) => ({
    rule: 'arith.processed', severity: RULES['arith.processed'].severity,
    message: `“${s.total.def.rowLabel}”应等于从“${FIRST_OUTCOME}”到“${LAST_OUTCOME}”各项办理结果之和：${s.total.def.columnLabel}列印为 ${fmt(total)}，各项之和为 ${fmt(expected)}`,
    cells: [flagCell(ctx.tables, s.total.def.key, expected), ...s.parts.filter((_, i) => parts[i] !== 0).map((k) => flagCell(ctx.tables, k.def.key))],
    detail: { column: s.subject, printed: total, expected },
    subject: s.subject,
  }));
}

/** total = the six applicant columns, per request row. */
export function rowTotals(ctx: CheckContext, _config: CheckConfig = DEFAULT_CONFIG, values: CellValues = cellValues(ctx.tables)): RuleFlag[] {
  return broken(values, ROW_TOTALS).map(({ sum: s, total, parts, expected }) => ({
    rule: 'arith.row_total', severity: RULES['arith.row_total'].severity,
    message: `“${s.total.def.rowLabel}”一行的“${s.total.def.columnLabel}”应等于六类申请人之和：印为 ${fmt(total)}，六类之和为 ${fmt(expected)}（${parts.map(fmt).join('+')}）`,
    cells: [flagCell(ctx.tables, s.total.def.key, expected), ...s.parts.map((k) => flagCell(ctx.tables, k.def.key))],
    detail: { row: s.subject, printed: total, expected },
    subject: s.subject,
  }));
}

/** total = upheld + corrected + other + pending, per appeals group. */
export function appealTotals(ctx: CheckContext, _config: CheckConfig = DEFAULT_CONFIG, values: CellValues = cellValues(ctx.tables)): RuleFlag[] {
  return broken(values, APPEAL_TOTALS).map(({ sum: s, total, parts, expected }) => ({
    rule: 'arith.appeals', severity: RULES['arith.appeals'].severity,
    message: `“${s.total.def.rowLabel}”的“${s.total.def.columnLabel}”应等于${APPEAL_PART_COLUMNS.map((c) => `“${c.label}”`).join('、')}之和：印为 ${fmt(total)}，之和为 ${fmt(expected)}（${parts.map(fmt).join('+')}）`,
    cells: [flagCell(ctx.tables, s.total.def.key, expected), ...s.parts.map((k) => flagCell(ctx.tables, k.def.key))],
    detail: { group: s.subject, printed: total, expected },
    subject: s.subject,
  }));
}

export const arithmeticRules = [balance, processedTotal, rowTotals, appealTotals];
