/**
 * Is everything the template asks for there: the three tables, every cell, sections 一–六 in
 * order, the 2021 form, and the 信息处理费 statement in section 六.
 */
import { CELLS, SECTIONS } from '../../shared/template.ts';
import type { CellDef, TableKey } from '../../shared/template.ts';
import { DEFAULT_CONFIG } from './config.ts';
import type { CheckConfig } from './config.ts';
import { cellValues, flagCell } from './cells.ts';
import type { CellValues } from './cells.ts';
import { RULES } from './registry.ts';
import type { CheckContext, RuleFlag } from './types.ts';

const TABLE_OF: Record<TableKey, { no: string; title: string }> = {
  active: SECTIONS[1],
  requests: SECTIONS[2],
  appeals: SECTIONS[3],
};

// Each table's cells as CELLS indexes.
const CELLS_OF_TABLE = (Object.keys(TABLE_OF) as TableKey[]).map((table) => [table, CELLS.flatMap((c, i) => (c.section === table ? [i] : []))] as const);

function reviewKeys(ctx: CheckContext): Set<string> {
  return new Set(ctx.review.map((r) => r.key));
}

/** A table is missing when none of its cells has a number and none awaits review. */
export function missingTables(ctx: CheckContext, values: CellValues = cellValues(ctx.tables)): Set<TableKey> {
  const inReview = reviewKeys(ctx);
  const missing = new Set<TableKey>();
  for (const [table, cells] of CELLS_OF_TABLE) {
    if (cells.every((i) => values[i] === null && !inReview.has(CELLS[i]!.key))) missing.add(table);
  }
  return missing;
}

export function tableMissing(ctx: CheckContext, _config: CheckConfig = DEFAULT_CONFIG, values: CellValues = cellValues(ctx.tables)): RuleFlag[] {
  return [...missingTables(ctx, values)].map((table) => {
    const s = TABLE_OF[table];
    return {
      rule: 'table.missing' as const, severity: RULES['table.missing'].severity,
      message: `报告中没有“${s.no}、${s.title}”的统计表，或表中没有一个数字`,
      cells: [], detail: { table }, subject: table,
    };
  });
}

/** Cells grouped by table row, in template order. */
function byRow(cells: readonly CellDef[]): CellDef[][] {
  const rows = new Map<string, CellDef[]>();
  for (const c of cells) {
    const id = `${c.section}.${c.row}`;
    rows.set(id, [...(rows.get(id) ?? []), c]);
  }
  return [...rows.values()];
}

/**
 * Blank cells (null, not awaiting review), one flag per table row. Skipped for a missing
 * table (one flag says it) and for the 2019 form (its rows differ; template.2019 says so).
 */
export function blankCells(ctx: CheckContext, _config: CheckConfig = DEFAULT_CONFIG, values: CellValues = cellValues(ctx.tables)): RuleFlag[] {
  if (ctx.template === '2019') return [];
  const missing = missingTables(ctx, values);
  const inReview = reviewKeys(ctx);
  const blank = CELLS.filter((c, i) => values[i] === null && !missing.has(c.section) && !inReview.has(c.key));
  return byRow(blank).map((row) => {
    const first = row[0]!;
    const cols = row.map((c) => `“${c.columnLabel}”`).join('、');
    return {
      rule: 'cells.blank' as const, severity: RULES['cells.blank'].severity,
      message: `“${first.rowLabel}”的${cols}为空白：没有发生也应填 0，请补填或核实`,
      cells: row.map((c) => flagCell(ctx.tables, c.key)),
      detail: { row: `${first.section}.${first.row}` },
      subject: `${first.section}.${first.row}`,
    };
  });
}

/** Cells the parser could not place with certainty (still uncorrected), one flag per row. */
export function reviewCells(ctx: CheckContext): RuleFlag[] {
  if (ctx.review.length === 0) return [];
  const reasons = new Map(ctx.review.map((r) => [r.key, r]));
  const defs = CELLS.filter((c) => reasons.has(c.key));
  return byRow(defs).map((row) => {
    const first = row[0]!;
    const entries = row.map((c) => reasons.get(c.key)!);
    const why = [...new Set(entries.map((e) => e.reason))].join('；');
    const lines = [...new Set(entries.map((e) => e.line).filter((l): l is number => l !== null))];
    return {
      rule: 'cells.review' as const, severity: RULES['cells.review'].severity,
      message: `“${first.rowLabel}”的${row.map((c) => `“${c.columnLabel}”`).join('、')}未能确定数值，需人工核对：${why}${lines.length ? `（原文第 ${lines.join('、')} 行）` : ''}`,
      cells: row.map((c) => flagCell(ctx.tables, c.key)),
      detail: { row: `${first.section}.${first.row}`, review: entries },
      subject: `${first.section}.${first.row}`,
      basis: entries.map((e) => e.reason),
    };
  });
}

function hasSection(ctx: CheckContext, no: string): boolean {
  return ctx.headings.some((h) => h.no === no);
}

export function sectionsMissing(ctx: CheckContext): RuleFlag[] {
  const missing = SECTIONS.filter((s) => !hasSection(ctx, s.no));
  if (missing.length === 0) return [];
  const feeNote = missing.some((s) => s.key === 'other') && !ctx.narrative.other ? '（第六部分应说明信息处理费的收取情况）' : '';
  return [{
    rule: 'sections.missing', severity: RULES['sections.missing'].severity,
    message: `报告缺少第${missing.map((s) => `“${s.no}、${s.title}”`).join('、')}部分${feeNote}`,
    cells: [], detail: { missing: missing.map((s) => s.no) }, subject: missing.map((s) => s.no).join(''),
  }];
}

export function sectionsOrder(ctx: CheckContext): RuleFlag[] {
  const order = ctx.headings.map((h) => SECTIONS.findIndex((s) => s.no === h.no)).filter((i) => i >= 0);
  const ok = order.every((v, i) => i === 0 || v > order[i - 1]!);
  if (ok) return [];
  const printed = ctx.headings.filter((h) => SECTIONS.some((s) => s.no === h.no)).map((h) => h.no);
  return [{
    rule: 'sections.order', severity: RULES['sections.order'].severity,
    message: `各部分的顺序应为一至六，报告中为：${printed.join('、')}`,
    cells: [], detail: { printed }, subject: printed.join(''),
  }];
}

export function template2019(ctx: CheckContext): RuleFlag[] {
  if (ctx.template !== '2019') return [];
  return [{
    rule: 'template.2019', severity: RULES['template.2019'].severity,
    message: '报告使用的是2019年版格式（国办公开办函〔2019〕60号），应使用2021年版格式（国办公开办函〔2021〕30号）；两版相同的数字已读入，2019年版没有的栏目留空，不再逐格提示',
    cells: [], detail: { template: ctx.template },
  }];
}

const FEE = /信息处理费|处理费/;

/**
 * Section 六 must say whether 信息处理费 was charged (2021 form). When section 六 is missing
 * altogether, sections.missing already says so and names the fee.
 */
export function feeSilent(ctx: CheckContext): RuleFlag[] {
  if (ctx.template === '2019') return [];
  const other = ctx.narrative.other;
  if (other === null && !hasSection(ctx, '六')) return [];
  if (other !== null && FEE.test(other)) return [];
  const six = SECTIONS[5];
  return [{
    rule: 'fee.silent', severity: RULES['fee.silent'].severity,
    message: `“${six.no}、${six.title}”没有说明本年度是否收取信息处理费（2021年版格式要求说明）`,
    cells: [], detail: {},
  }];
}

export const completenessRules = [tableMissing, blankCells, reviewCells, sectionsMissing, sectionsOrder, template2019, feeSilent];

