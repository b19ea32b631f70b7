/**
 * 条例第四十九条: when the report must be out. The date is the one printed under the report,
 * else the web page's own 发布时间 (published_source = 'page').
 */
import { DEFAULT_CONFIG, ORGAN_KIND_LABEL } from './config.ts';
import type { CheckConfig } from './config.ts';
import { RULES } from './registry.ts';
import type { CheckContext, RuleFlag } from './types.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function sourceWord(ctx: CheckContext): string {
  return ctx.publishedSource === 'page' ? '网页发布时间' : '落款日期';
}

export function deadlineOf(ctx: CheckContext, config: CheckConfig = DEFAULT_CONFIG): string {
  return `${ctx.year + 1}-${config.deadlines[ctx.organKind]}`;
}

export function timeliness(ctx: CheckContext, config: CheckConfig = DEFAULT_CONFIG): RuleFlag[] {
  const published = ctx.published;
  if (!published || !ISO_DATE.test(published)) {
    return [{
      rule: 'timeliness.undated', severity: RULES['timeliness.undated'].severity,
      message: '报告没有落款日期，也没有网页发布时间，无法判断是否按时发布',
      cells: [], detail: { printed: published },
    }];
  }
  const yearEnd = `${ctx.year}-12-31`;
  if (published <= yearEnd) {
    return [{
      rule: 'timeliness.early', severity: RULES['timeliness.early'].severity,
      message: `${sourceWord(ctx)}为 ${published}，早于${ctx.year}年度结束（${yearEnd}），年度数据不可能完整，请核实日期`,
      cells: [], detail: { published, source: ctx.publishedSource, yearEnd }, basis: published,
    }];
  }
  const deadline = deadlineOf(ctx, config);
  if (published > deadline) {
    return [{
      rule: 'timeliness.late', severity: RULES['timeliness.late'].severity,
      message: `${sourceWord(ctx)}为 ${published}，晚于${ORGAN_KIND_LABEL[ctx.organKind]}的发布期限 ${deadline}（《政府信息公开条例》第四十九条）`,
      cells: [], detail: { published, source: ctx.publishedSource, deadline, organKind: ctx.organKind }, basis: [published, deadline],
    }];
  }
  return [];
}

export const timelinessRules = [timeliness];
