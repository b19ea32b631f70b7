/** Risk indicators (info): numbers that are legal but worth a county reviewer's attention. */
import { DEFAULT_CONFIG } from './config.ts';
import type { CheckConfig } from './config.ts';
import { cellValues, flagCell, fmt, indexedCell } from './cells.ts';
import type { CellValues } from './cells.ts';
import { RULES } from './registry.ts';
import type { CheckContext, RuleFlag } from './types.ts';

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

/** 公开率 = (予以公开 + 部分公开) / 办理结果总计. */
const DISCLOSURE = ['requests.granted.total', 'requests.partially_granted.total', 'requests.processed_total.total'].map(indexedCell);
const REVIEW_CORRECTION = ['appeals.review.corrected', 'appeals.review.total'].map(indexedCell);

export function disclosureRate(ctx: CheckContext, config: CheckConfig = DEFAULT_CONFIG, values: CellValues = cellValues(ctx.tables)): RuleFlag[] {
  const keys = DISCLOSURE.map((c) => c.def.key);
  const [granted, partial, processed] = DISCLOSURE.map((c) => values[c.at]);
  if (granted == null || partial == null || processed == null) return [];
  if (processed < config.risk.disclosureMinRequests) return [];
  const rate = (granted + partial) / processed;
  if (rate >= config.risk.disclosureRateBelow) return [];
  return [{
    rule: 'risk.disclosure_rate', severity: RULES['risk.disclosure_rate'].severity,
    message: `依申请公开率为 ${pct(rate)}（予以公开 ${fmt(granted)}＋部分公开 ${fmt(partial)}，办理 ${fmt(processed)} 件），低于 ${pct(config.risk.disclosureRateBelow)}，建议了解不予公开、无法提供的原因`,
    cells: keys.map((k) => flagCell(ctx.tables, k)),
    detail: { rate, threshold: config.risk.disclosureRateBelow },
  }];
}

/** 行政复议纠错率 = 结果纠正 / 总计. */
export function reviewCorrection(ctx: CheckContext, config: CheckConfig = DEFAULT_CONFIG, values: CellValues = cellValues(ctx.tables)): RuleFlag[] {
  const keys = REVIEW_CORRECTION.map((c) => c.def.key);
  const [corrected, total] = REVIEW_CORRECTION.map((c) => values[c.at]);
  if (corrected == null || total == null || total <= 0) return [];
  const rate = corrected / total;
  if (rate <= config.risk.reviewCorrectionAbove) return [];
  return [{
    rule: 'risk.review_correction', severity: RULES['risk.review_correction'].severity,
    message: `政府信息公开行政复议纠错率为 ${pct(rate)}（结果纠正 ${fmt(corrected)} 件，共 ${fmt(total)} 件），高于 ${pct(config.risk.reviewCorrectionAbove)}`,
    cells: keys.map((k) => flagCell(ctx.tables, k)),
    detail: { rate, threshold: config.risk.reviewCorrectionAbove },
  }];
}

export const riskRules = [disclosureRate, reviewCorrection];
