/**
 * Continuity between an organ's consecutive reports: what was carried forward must be carried
 * over, and the documents in force must follow from last year's plus issued minus repealed.
 */
import { REQUEST_COLUMNS, cellDef } from '../report/template.ts';
import { flagCell, fmt, sameNumber, valueOf } from './cells.ts';
import { RULES } from './registry.ts';
import type { CheckContext, RuleFlag } from './types.ts';

export function carryContinuity(ctx: CheckContext, prev: CheckContext | null): RuleFlag[] {
  if (!prev || prev.year !== ctx.year - 1) return [];
  const flags: RuleFlag[] = [];
  for (const col of REQUEST_COLUMNS) {
    const fwdKey = `requests.carried_forward.${col.key}`;
    const overKey = `requests.carried_over.${col.key}`;
    const fwd = valueOf(prev.tables, fwdKey);
    const over = valueOf(ctx.tables, overKey);
    if (fwd === null || over === null || sameNumber(fwd, over)) continue;
    const f = cellDef(fwdKey)!;
    const o = cellDef(overKey)!;
    flags.push({
      rule: 'continuity.carry', severity: RULES['continuity.carry'].severity,
      message: `${prev.year}年报告“${f.rowLabel}”为 ${fmt(fwd)}，本年“${o.rowLabel}”为 ${fmt(over)}（${o.columnLabel}列），两者应相等`,
      cells: [flagCell(ctx.tables, overKey, fwd)],
      detail: { previousReportId: prev.reportId, previousYear: prev.year, previousKey: fwdKey, previous: fwd },
      subject: col.key, basis: fwd,
    });
  }
  return flags;
}

const IN_FORCE_ITEMS = ['regulations', 'normative_documents'] as const;

export function inForceContinuity(ctx: CheckContext, prev: CheckContext | null): RuleFlag[] {
  if (!prev || prev.year !== ctx.year - 1) return [];
  const flags: RuleFlag[] = [];
  for (const item of IN_FORCE_ITEMS) {
    const k = (field: string): string => `active.${item}.${field}`;
    const before = valueOf(prev.tables, k('in_force'));
    const issued = valueOf(ctx.tables, k('issued'));
    const repealed = valueOf(ctx.tables, k('repealed'));
    const now = valueOf(ctx.tables, k('in_force'));
    if (before === null || issued === null || repealed === null || now === null) continue;
    const expected = before + issued - repealed;
    if (sameNumber(expected, now)) continue;
    const d = (f: string): string => cellDef(k(f))!.columnLabel;
    flags.push({
      rule: 'continuity.in_force', severity: RULES['continuity.in_force'].severity,
      message: `“${cellDef(k('in_force'))!.rowLabel}”：${prev.year}年“${d('in_force')}”${fmt(before)}＋本年“${d('issued')}”${fmt(issued)}－“${d('repealed')}”${fmt(repealed)}＝${fmt(expected)}，本年印为 ${fmt(now)}`,
      cells: [flagCell(ctx.tables, k('in_force'), expected), flagCell(ctx.tables, k('issued')), flagCell(ctx.tables, k('repealed'))],
      detail: { previousReportId: prev.reportId, previousYear: prev.year, previous: before },
      subject: item, basis: before,
    });
  }
  return flags;
}

export const continuityRules = [carryContinuity, inForceContinuity];
