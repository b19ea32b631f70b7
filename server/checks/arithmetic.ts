/**
 * The template's own arithmetic (form.json consistency_rules). A rule only runs when every
 * cell it needs has a number: a blank is reported by completeness, never treated as 0.
 *
 * The cells of each equation are looked up once, when the module loads: the rules run for
 * every report of every ingest, and building and looking up keys per report cost more than
 * the sums.
 */
import {
  APPEAL_COLUMNS, APPEAL_GROUPS, APPLICANT_COLUMNS, OUTCOME_ROWS, REQUEST_COLUMNS, REQUEST_ROWS, cellDef, getCell,
} from '../report/template.ts';
import type { CellDef, Tables } from '../report/template.ts';
import { allKnown, flagCell, fmt, sameNumber, sum } from './cells.ts';
import { RULES } from './registry.ts';
import type { CheckContext, RuleFlag } from './types.ts';

function def(key: string): CellDef {
  const d = cellDef(key);
  if (!d) throw new Error(`not a template cell: ${key}`);
  return d;
}

const valuesOf = (tables: Tables, defs: readonly CellDef[]) => allKnown(defs.map((d) => getCell(tables, d)));

/** An equation: a total cell and the cells it must equal the sum of. */
interface Sum {
  subject: string;
  total: CellDef;
  parts: readonly CellDef[];
}

const BALANCE = REQUEST_COLUMNS.map((col) => ({
  column: col.key,
  cells: ['new', 'carried_over', 'processed_total', 'carried_forward'].map((r) => def(`requests.${r}.${col.key}`)) as [CellDef, CellDef, CellDef, CellDef],
}));
const PROCESSED: readonly Sum[] = REQUEST_COLUMNS.map((col) => ({
  subject: col.key, total: def(`requests.processed_total.${col.key}`), parts: OUTCOME_ROWS.map((r) => def(`requests.${r}.${col.key}`)),
}));
const ROW_TOTALS: readonly Sum[] = REQUEST_ROWS.map((row) => ({
  subject: row.key, total: def(`requests.${row.key}.total`), parts: APPLICANT_COLUMNS.map((c) => def(`requests.${row.key}.${c}`)),
}));
const APPEAL_PART_COLUMNS = APPEAL_COLUMNS.filter((c) => c.key !== 'total');
const APPEAL_TOTALS: readonly Sum[] = APPEAL_GROUPS.map((group) => ({
  subject: group.key, total: def(`appeals.${group.key}.total`), parts: APPEAL_PART_COLUMNS.map((c) => def(`appeals.${group.key}.${c.key}`)),
}));
const FIRST_OUTCOME = REQUEST_ROWS.find((r) => r.key === OUTCOME_ROWS[0])?.label ?? '';
const LAST_OUTCOME = REQUEST_ROWS.find((r) => r.key === OUTCOME_ROWS[OUTCOME_ROWS.length - 1])?.label ?? '';

/** new + carried_over = processed_total + carried_forward, per column. */
export function balance(ctx: CheckContext): RuleFlag[] {
  const flags: RuleFlag[] = [];
  for (const { column, cells } of BALANCE) {
    const v = valuesOf(ctx.tables, cells);
    if (!v) continue;
    const [a, b, c, d] = v as [number, number, number, number];
    if (sameNumber(a + b, c + d)) continue;
    const [kn, ko, kp, kf] = cells;
    flags.push({
      rule: 'arith.balance', severity: RULES['arith.balance'].severity,
      message: `“${kn.rowLabel}”＋“${ko.rowLabel}”应等于“${kp.rowLabel}”＋“${kf.rowLabel}”：${kn.columnLabel}列 ${fmt(a)}+${fmt(b)}≠${fmt(c)}+${fmt(d)}`,
      cells: cells.map((k) => flagCell(ctx.tables, k.key)),
      detail: { column, received: a + b, accounted: c + d },
      subject: column,
    });
  }
  return flags;
}

/** The equations of `sums` that do not hold (every cell known), with the printed and the expected total. */
function broken(ctx: CheckContext, sums: readonly Sum[]): { sum: Sum; total: number; parts: readonly number[]; expected: number }[] {
  const out = [];
  for (const s of sums) {
    const total = getCell(ctx.tables, s.total);
    if (total === null) continue;
    const parts = valuesOf(ctx.tables, s.parts);
    if (!parts) continue;
    const expected = sum(parts);
    if (!sameNumber(total, expected)) out.push({ sum: s, total, parts, expected });
  }
  return out;
}

/** processed_total = the sum of the 21 outcome rows, per column. */
export function processedTotal(ctx: CheckContext): RuleFlag[] {
  return broken(ctx, PROCESSED).map(({ sum: s, total, parts, expected }) => ({
    rule: 'arith.processed', severity: RULES['arith.processed'].severity,
    message: `“${s.total.rowLabel}”应等于从“${FIRST_OUTCOME}”到“${LAST_OUTCOME}”各项办理结果之和：${s.total.columnLabel}列印为 ${fmt(total)}，各项之和为 ${fmt(expected)}`,
    cells: [flagCell(ctx.tables, s.total.key, expected), ...s.parts.filter((_, i) => parts[i] !== 0).map((k) => flagCell(ctx.tables, k.key))],
    detail: { column: s.subject, printed: total, expected },
    subject: s.subject,
  }));
}

/** total = the six applicant columns, per request row. */
export function rowTotals(ctx: CheckContext): RuleFlag[] {
  return broken(ctx, ROW_TOTALS).map(({ sum: s, total, parts, expected }) => ({
    rule: 'arith.row_total', severity: RULES['arith.row_total'].severity,
    message: `“${s.total.rowLabel}”一行的“${s.total.columnLabel}”应等于六类申请人之和：印为 ${fmt(total)}，六类之和为 ${fmt(expected)}（${parts.map(fmt).join('+')}）`,
    cells: [flagCell(ctx.tables, s.total.key, expected), ...s.parts.map((k) => flagCell(ctx.tables, k.key))],
    detail: { row: s.subject, printed: total, expected },
    subject: s.subject,
  }));
}

/** total = upheld + corrected + other + pending, per appeals group. */
export function appealTotals(ctx: CheckContext): RuleFlag[] {
  return broken(ctx, APPEAL_TOTALS).map(({ sum: s, total, parts, expected }) => ({
    rule: 'arith.appeals', severity: RULES['arith.appeals'].severity,
    message: `“${s.total.rowLabel}”的“${s.total.columnLabel}”应等于${APPEAL_PART_COLUMNS.map((c) => `“${c.label}”`).join('、')}之和：印为 ${fmt(total)}，之和为 ${fmt(expected)}（${parts.map(fmt).join('+')}）`,
    cells: [flagCell(ctx.tables, s.total.key, expected), ...s.parts.map((k) => flagCell(ctx.tables, k.key))],
    detail: { group: s.subject, printed: total, expected },
    subject: s.subject,
  }));
}

export const arithmeticRules = [balance, processedTotal, rowTotals, appealTotals];
