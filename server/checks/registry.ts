/**
 * Every rule the checks know: id, Chinese title, default severity, family and scope.
 *
 * The scope says what a rule reads and so what must be recomputed when a report changes:
 * `report` — the report alone; `organ` — the report and the same organ's previous year;
 * `county` — every report of the county-year (and the registry of organs).
 */
import type { Severity } from '../../db/schema.ts';

export type RuleScope = 'report' | 'organ' | 'county';

/** What a clerk reads for each scope and family (rules CSV, dashboard). */
export const RULE_SCOPE_LABEL: Readonly<Record<RuleScope, string>> = { report: '单份报告', organ: '本单位跨年度', county: '全县（区）同年度' };
export const RULE_FAMILY_LABEL: Readonly<Record<string, string>> = {
  arithmetic: '勾稽关系', completeness: '完整性', continuity: '跨年度衔接', copied: '雷同与照搬', missing: '未报送',
  narrative: '正文内容', outliers: '异常数值', risk: '风险提示', timeliness: '报送时限',
};

export interface RuleInfo {
  title: string;
  severity: Severity;
  family: string;
  scope: RuleScope;
}

export const RULES = {
  'arith.balance': { title: '申请数勾稽关系不符（新收＋上年结转＝办理结果总计＋结转下年）', severity: 'error', family: 'arithmetic', scope: 'report' },
  'arith.processed': { title: '办理结果总计不等于各项办理结果之和', severity: 'error', family: 'arithmetic', scope: 'report' },
  'arith.row_total': { title: '申请表“总计”列不等于六类申请人之和', severity: 'error', family: 'arithmetic', scope: 'report' },
  'arith.appeals': { title: '复议诉讼“总计”不等于各结果之和', severity: 'error', family: 'arithmetic', scope: 'report' },
  'table.missing': { title: '缺少统计表', severity: 'error', family: 'completeness', scope: 'report' },
  'cells.blank': { title: '表格有空白单元格', severity: 'warning', family: 'completeness', scope: 'report' },
  'cells.review': { title: '单元格需人工核对', severity: 'warning', family: 'completeness', scope: 'report' },
  'sections.missing': { title: '缺少规定章节', severity: 'error', family: 'completeness', scope: 'report' },
  'sections.order': { title: '章节顺序与模板不符', severity: 'warning', family: 'completeness', scope: 'report' },
  'template.2019': { title: '使用了2019年版报告格式', severity: 'warning', family: 'completeness', scope: 'report' },
  'fee.silent': { title: '未说明信息处理费收取情况', severity: 'warning', family: 'completeness', scope: 'report' },
  'timeliness.late': { title: '逾期发布年度报告', severity: 'warning', family: 'timeliness', scope: 'report' },
  'timeliness.early': { title: '落款日期早于报告年度结束', severity: 'warning', family: 'timeliness', scope: 'report' },
  'timeliness.undated': { title: '未注明发布日期', severity: 'warning', family: 'timeliness', scope: 'report' },
  'narrative.mismatch': { title: '正文数字与统计表不一致', severity: 'warning', family: 'narrative', scope: 'report' },
  'risk.disclosure_rate': { title: '依申请公开率偏低', severity: 'info', family: 'risk', scope: 'report' },
  'risk.review_correction': { title: '行政复议纠错率偏高', severity: 'info', family: 'risk', scope: 'report' },
  'continuity.carry': { title: '上年“结转下年”与本年“上年结转”不衔接', severity: 'warning', family: 'continuity', scope: 'organ' },
  'continuity.in_force': { title: '现行有效件数与上年不衔接', severity: 'warning', family: 'continuity', scope: 'organ' },
  'copy.previous_year': { title: '与本单位上年报告文字大量重复', severity: 'warning', family: 'copied', scope: 'organ' },
  'outlier.history': { title: '数值较本单位上年异常变化', severity: 'info', family: 'outliers', scope: 'organ' },
  'copy.peer_problems': { title: '“存在的主要问题及改进情况”与其他单位雷同', severity: 'warning', family: 'copied', scope: 'county' },
  'outlier.peers': { title: '数值远高于本县同类单位', severity: 'info', family: 'outliers', scope: 'county' },
  'missing.report': { title: '未报送年度报告', severity: 'warning', family: 'missing', scope: 'county' },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export function rulesOfScope(scope: RuleScope): RuleId[] {
  return RULE_IDS.filter((id) => RULES[id].scope === scope);
}

export function ruleInfo(id: RuleId): RuleInfo {
  return RULES[id];
}

/** Is this a rule's id (a query parameter, a stored flag's rule)? */
export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(RULES, id);
}

/** The rule's Chinese title; an id no rule has is shown as it is. */
export function ruleTitle(id: string): string {
  return isRuleId(id) ? RULES[id].title : id;
}
