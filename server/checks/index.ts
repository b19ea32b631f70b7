/**
 * Compliance checks: the one module that owns the rules. Pure: records and their context in,
 * findings out; no database, no repositories. Storing findings as flags, recomputing them and
 * the review workflow are the flags service's (server/flags).
 *
 * - `checkRecord(record, review)`: the flags of one parsed report alone.
 * - `checkReport(ctx)`, `checkAgainstPrevious(ctx, prev)`: the per-report and per-organ rules on
 *   a context (what `server/flags/recompute.ts` runs on contexts loaded from the database).
 */
import type { ReportRecord, ReviewEntry } from '../../shared/template.ts';
import { DEFAULT_CONFIG } from './config.ts';
import type { CheckConfig } from './config.ts';
import { contextFromRecord } from './context.ts';
import { checkReport } from './run.ts';
import type { RuleFlag } from './types.ts';

export { RULES, RULE_IDS, isRuleId, ruleTitle } from './registry.ts';
export type { RuleId, RuleInfo } from './registry.ts';
export { DEFAULT_CONFIG } from './config.ts';
export type { CheckConfig } from './config.ts';
export type { CheckContext, FlagCell, RuleFlag } from './types.ts';
export { checkReport, checkAgainstPrevious } from './run.ts';
export { contextFromRecord } from './context.ts';

/** The flags of one parsed report on its own: per-report rules only, no database. */
export function checkRecord(record: ReportRecord, review: readonly ReviewEntry[] = [], config: CheckConfig = DEFAULT_CONFIG): RuleFlag[] {
  return checkReport(contextFromRecord(record, review), config);
}
