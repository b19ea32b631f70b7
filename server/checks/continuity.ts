/**
 * Continuity between an organ's consecutive reports: what was carried forward must be carried
 * over, and the documents in force must follow from last year's plus issued minus repealed.
 */
import { REQUEST_COLUMNS, getCell } from '../../shared/template.ts';
import { flagCell, fmt, sameNumber, templateCell as def } from './cells.ts';
import { RULES } from './registry.ts';
import type { CheckContext, RuleFlag } from './types.ts';

// The cells each rule compares, looked up once: the rules run for every report of every ingest.
const CARRY = REQUEST_COLUMNS.map((col) => ({
  column: col.key, forward: def(`requests.carried_forward.${col.key}`), over: def(`requests.carried_over.${col.key}`),
}));

export function carryContinuity(ctx: CheckContext, prev: CheckContext | null): RuleFlag[] {
  if (!prev || prev.year !== ctx.year - 1) return [];
  const flags: RuleFlag[] = [];
  for (const { column, forward: f, over: o } of CARRY) {
    const fwd = getCell(prev.tables, f);
    const over = getCell(ctx.tables, o);
    if (fwd === null || over === null || sameNumber(fwd, over)) continue;
    flags.push({
      rule: 'continuity.carry', severity: RULES['continuity.carry'].severity,
      message: `${prev.year}年报告“${f.rowLabel}”为 ${fmt(fwd)}，本年“${o.rowLabel}”为 ${fmt(over)}（${o.columnLabel}列），两者应相等`,
      cells: [flagCell(ctx.tables, o.key, fwd)],
      detail: { previousReportId: prev.reportId, previousYear: prev.year, previousKey: f.key, previous: fwd },
      subject: column, basis: fwd,
    });
  }
  return flags;
}

const IN_FORCE = (['regulations', 'normative_documents'] as const).map((item) => ({
  item, inForce: def(`active.${item}.in_force`), issued: def(`active.${item}.issued`), repealed: def(`active.${item}.repealed`),
}));

export function inForceContinuity(ctx: CheckContext, prev: CheckContext | null): RuleFlag[] {
  if (!prev || prev.year !== ctx.year - 1) return [];
  const flags: RuleFlag[] = [];
  for (const c of IN_FORCE) {
    const before = getCell(prev.tables, c.inForce);
    const issued = getCell(ctx.tables, c.issued);
    const repealed = getCell(ctx.tables, c.repealed);
    const now = getCell(ctx.tables, c.inForce);
    if (before === null || issued === null || repealed === null || now === null) continue;
    const expected = before + issued - repealed;
    if (sameNumber(expected, now)) continue;
    flags.push({
      rule: 'continuity.in_force', severity: RULES['continuity.in_force'].severity,
      message: `“${c.inForce.rowLabel}”：${prev.year}年“${c.inForce.columnLabel}”${fmt(before)}＋本年“${c.issued.columnLabel}”${fmt(issued)}－“${c.repealed.columnLabel}”${fmt(repealed)}＝${fmt(expected)}，本年印为 ${fmt(now)}`,
      cells: [flagCell(ctx.tables, c.inForce.key, expected), flagCell(ctx.tables, c.issued.key), flagCell(ctx.tables, c.repealed.key)],
      detail: { previousReportId: prev.reportId, previousYear: prev.year, previous: before },
      subject: c.item, basis: before,
    });
  }
  return flags;
}

export const continuityRules = [carryContinuity, inForceContinuity];
