/**
 * Metric names for pickers and headers, from the server's one definition
 * (shared/metrics.ts is pure, so the web imports it rather than re-spelling labels).
 */
import { metricDef } from '../../shared/metrics.ts';
import { fmtNumber, fmtPercent } from './format.ts';

/** The metrics offered for comparison, most asked-about first. */
export const COMPARE_METRICS = [
  'requests.new.total', 'requests.processed_total.total', 'disclosure_rate', 'requests.granted.total', 'denied',
  'unable', 'not_processed', 'requests.carried_forward.total', 'appeals.review.total', 'review_correction_rate',
  'litigation_total', 'litigation_correction_rate', 'active.licensing.decisions', 'active.punishment.decisions',
  'active.normative_documents.issued', 'flags_total', 'flags_error',
] as const;

/** Cell metrics are labelled with their short header (申请·一、本年新收…·总计); trim the prefix. */
export function metricLabel(id: string): string {
  const def = metricDef(id);
  if (!def) return id;
  return def.label.replace(/^申请·/, '').replace(/·总计$/, '');
}

export function isRate(id: string): boolean {
  return metricDef(id)?.kind === 'rate';
}

export function fmtMetric(id: string, value: number | null | undefined): string {
  return isRate(id) ? fmtPercent(value) : fmtNumber(value);
}
