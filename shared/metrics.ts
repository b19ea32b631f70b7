/**
 * The metrics the dashboard reads: every template cell, plus the derived ones (outcome groups,
 * 公开率, 纠错率, flag counts). Defined once here; lists, aggregates, filters and CSV use them.
 *
 * A derived sum is the sum of the values given, null only when all are blank (a blank is
 * never 0); a rate is null when its denominator is blank or 0. Plain data and pure functions,
 * shared with the web: `computeMetrics` is the JS recipe, server/repositories/metric-sql.ts the
 * SQL one, both from the definitions here.
 */
import { CELLS, REQUEST_ROWS, cellDef, isAmount } from './template.ts';

export type MetricKind = 'cell' | 'sum' | 'rate' | 'count';

export interface MetricDef {
  id: string;
  label: string;
  /** 件, 万元, %, 个 */
  unit: string;
  kind: MetricKind;
  /** sum: the cells added; rate: the numerator cells. */
  cells: readonly string[];
  /** rate only: the denominator cells. */
  denominator?: readonly string[];
}

const rowsOf = (prefix: string) => REQUEST_ROWS.filter((r) => r.key.startsWith(prefix)).map((r) => `requests.${r.key}.total`);
const APPEAL_CONCLUDED = (g: string) => ['upheld', 'corrected', 'other'].map((c) => `appeals.${g}.${c}`);

const DERIVED: MetricDef[] = [
  { id: 'denied', label: '不予公开', unit: '件', kind: 'sum', cells: rowsOf('denied_') },
  { id: 'unable', label: '无法提供', unit: '件', kind: 'sum', cells: rowsOf('unable_') },
  { id: 'not_processed', label: '不予处理', unit: '件', kind: 'sum', cells: rowsOf('rejected_') },
  { id: 'other_handling', label: '其他处理', unit: '件', kind: 'sum', cells: rowsOf('other_') },
  {
    id: 'disclosure_rate', label: '公开率', unit: '%', kind: 'rate',
    cells: ['requests.granted.total', 'requests.partially_granted.total'], denominator: ['requests.processed_total.total'],
  },
  { id: 'review_concluded', label: '行政复议已审结', unit: '件', kind: 'sum', cells: APPEAL_CONCLUDED('review') },
  {
    id: 'review_correction_rate', label: '行政复议纠错率', unit: '%', kind: 'rate',
    cells: ['appeals.review.corrected'], denominator: APPEAL_CONCLUDED('review'),
  },
  { id: 'litigation_total', label: '行政诉讼总数', unit: '件', kind: 'sum', cells: ['appeals.litigation_direct.total', 'appeals.litigation_after_review.total'] },
  {
    id: 'litigation_concluded', label: '行政诉讼已审结', unit: '件', kind: 'sum',
    cells: [...APPEAL_CONCLUDED('litigation_direct'), ...APPEAL_CONCLUDED('litigation_after_review')],
  },
  {
    id: 'litigation_correction_rate', label: '行政诉讼纠错率', unit: '%', kind: 'rate',
    cells: ['appeals.litigation_direct.corrected', 'appeals.litigation_after_review.corrected'],
    denominator: [...APPEAL_CONCLUDED('litigation_direct'), ...APPEAL_CONCLUDED('litigation_after_review')],
  },
];

/** Counted outside report_value: reports per row and flags (not dismissed) by severity. */
export const COUNT_METRICS: MetricDef[] = [
  { id: 'reports', label: '报告数', unit: '份', kind: 'count', cells: [] },
  { id: 'flags_error', label: '错误提示', unit: '条', kind: 'count', cells: [] },
  { id: 'flags_warning', label: '警告提示', unit: '条', kind: 'count', cells: [] },
  { id: 'flags_info', label: '参考提示', unit: '条', kind: 'count', cells: [] },
  { id: 'flags_total', label: '提示合计', unit: '条', kind: 'count', cells: [] },
];

const CELL_METRICS: MetricDef[] = CELLS.map((c) => ({
  id: c.key, label: c.header, unit: isAmount(c) ? '万元' : '件', kind: 'cell', cells: [c.key],
}));

export const METRICS: readonly MetricDef[] = [...COUNT_METRICS, ...DERIVED, ...CELL_METRICS];
const BY_ID = new Map(METRICS.map((m) => [m.id, m]));

export function metricDef(id: string): MetricDef | undefined {
  return BY_ID.get(id);
}

const SUMMARY_CELLS = [
  ...CELLS.filter((c) => c.section === 'requests' && c.row === 'new').map((c) => c.key),
  'requests.carried_over.total',
  ...REQUEST_ROWS.slice(2).map((r) => `requests.${r.key}.total`),
  ...CELLS.filter((c) => c.section === 'appeals').map((c) => c.key),
  ...CELLS.filter((c) => c.section === 'active').map((c) => c.key),
];

/** The default set: derived metrics and the cells the dashboard shows. */
export const SUMMARY_METRICS: readonly string[] = [...COUNT_METRICS, ...DERIVED].map((m) => m.id).concat(SUMMARY_CELLS);
export const ALL_METRICS: readonly string[] = METRICS.map((m) => m.id);

/**
 * The default of the per-organ table (`/api/aggregates`): what a dashboard row shows. A row of
 * 100 organs × the summary set is ~130 KB of JSON; this set is about a third of it. Metrics not
 * asked for are absent from `values` (absent = not asked; null = blank).
 */
export const DASHBOARD_METRICS: readonly string[] = [
  'reports', 'requests.new.total', 'requests.carried_over.total', 'requests.processed_total.total',
  'requests.granted.total', 'requests.partially_granted.total', 'denied', 'unable', 'not_processed', 'other_handling',
  'requests.carried_forward.total', 'disclosure_rate',
  'appeals.review.total', 'review_concluded', 'review_correction_rate',
  'litigation_total', 'litigation_concluded', 'litigation_correction_rate',
  'flags_error', 'flags_warning', 'flags_info', 'flags_total',
];

export type MetricSet = 'summary' | 'dashboard';

/** `dashboard`, `summary`, `all` or a comma list (missing: `fallback`); unknown ids are returned in `unknown`. */
export function resolveMetrics(spec: string | undefined, fallback: MetricSet = 'summary'): { ids: string[]; unknown: string[] } {
  const named = !spec ? fallback : spec;
  if (named === 'summary') return { ids: [...SUMMARY_METRICS], unknown: [] };
  if (named === 'dashboard') return { ids: [...DASHBOARD_METRICS], unknown: [] };
  if (named === 'all') return { ids: [...ALL_METRICS], unknown: [] };
  const ids = [...new Set(named.split(',').map((s) => s.trim()).filter(Boolean))];
  return { ids: ids.filter((id) => BY_ID.has(id)), unknown: ids.filter((id) => !BY_ID.has(id)) };
}

/** The template cells a set of metrics reads. */
export function cellsNeeded(ids: readonly string[]): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    const m = BY_ID.get(id);
    if (!m) continue;
    for (const c of m.cells) out.add(c);
    for (const c of m.denominator ?? []) out.add(c);
  }
  return [...out].filter((k) => cellDef(k));
}

/** A sum of the given values: null when every one is blank. */
export function sumGiven(values: readonly (number | null | undefined)[]): number | null {
  let total: number | null = null;
  for (const v of values) if (v !== null && v !== undefined) total = (total ?? 0) + v;
  return total;
}

/**
 * Every metric of `ids` from the summed cell values of a row (`cells`, keyed by cell key) and
 * its counts (`counts`, keyed by count-metric id).
 */
export function computeMetrics(
  ids: readonly string[], cells: ReadonlyMap<string, number | null>, counts: Readonly<Record<string, number>>,
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const id of ids) {
    const m = BY_ID.get(id);
    if (!m) continue;
    if (m.kind === 'count') out[id] = counts[id] ?? 0;
    else if (m.kind === 'cell') out[id] = cells.get(id) ?? null;
    else if (m.kind === 'sum') out[id] = sumGiven(m.cells.map((k) => cells.get(k)));
    else {
      const num = sumGiven(m.cells.map((k) => cells.get(k)));
      const den = sumGiven((m.denominator ?? []).map((k) => cells.get(k)));
      out[id] = den === null || den === 0 || num === null ? null : round(num / den, METRIC_DIGITS);
    }
  }
  return out;
}

/** Decimals a rate is rounded to, in JS and (server/repositories/metric-sql.ts) in SQL alike. */
export const METRIC_DIGITS = 6;

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A ratio as the dashboard shows it: 0.6061 → "60.6%". */
export function percentText(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** A metric's value in a CSV: rates as the page shows them (a percentage), counts as numbers, blank as blank. */
export function metricCsvValue(id: string, value: number | null | undefined): string | number | null {
  if (value === null || value === undefined) return null;
  return metricDef(id)?.kind === 'rate' ? percentText(value) : value;
}
