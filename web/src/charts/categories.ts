/**
 * The groupings the charts draw, derived from the template (labels are never re-spelled here):
 * outcome categories from REQUEST_ROWS' groups, applicant types from REQUEST_COLUMNS, appeal
 * results from APPEAL_COLUMNS.
 */
import {
  APPEAL_COLUMNS, APPEAL_GROUPS, APPLICANT_COLUMNS, OUTCOME_ROWS, REQUEST_COLUMNS, REQUEST_ROWS,
} from '../../../shared/template.ts';
import type { AppealColumnKey, RequestColumnKey, RequestRowKey } from '../../../shared/template.ts';

export type OutcomeCategory = 'granted' | 'partial' | 'denied' | 'unable' | 'rejected' | 'other';

/** The template numbers its groups "（三）不予公开"; a chart legend wants "不予公开". */
export function stripNumbering(label: string): string {
  return label.replace(/^（[一二三四五六七八九十]+）/, '').replace(/（.*）$/, '');
}

function categoryOf(row: RequestRowKey): OutcomeCategory {
  if (row === 'granted') return 'granted';
  if (row === 'partially_granted') return 'partial';
  if (row.startsWith('denied_')) return 'denied';
  if (row.startsWith('unable_')) return 'unable';
  if (row.startsWith('rejected_')) return 'rejected';
  return 'other';
}

export interface OutcomeCategoryDef {
  key: OutcomeCategory;
  label: string;
  rows: RequestRowKey[];
}

/** The six outcome categories of table 三, in template order, with the rows each sums. */
export const OUTCOME_CATEGORIES: readonly OutcomeCategoryDef[] = (() => {
  const out: OutcomeCategoryDef[] = [];
  for (const key of OUTCOME_ROWS) {
    const row = REQUEST_ROWS.find((r) => r.key === key)!;
    const cat = categoryOf(key);
    let def = out.find((d) => d.key === cat);
    if (!def) {
      // Single-row categories (予以公开, 部分公开) are named by their row, the rest by their group.
      const label = cat === 'granted' || cat === 'partial' ? stripNumbering(row.label) : stripNumbering(row.group ?? row.label);
      def = { key: cat, label, rows: [] };
      out.push(def);
    }
    def.rows.push(key);
  }
  return out;
})();

export const OUTCOME_LABEL: Record<OutcomeCategory, string> = Object.fromEntries(
  OUTCOME_CATEGORIES.map((c) => [c.key, c.label]),
) as Record<OutcomeCategory, string>;

export const APPLICANTS: readonly { key: RequestColumnKey; label: string }[] = APPLICANT_COLUMNS.map((key) => ({
  key, label: REQUEST_COLUMNS.find((c) => c.key === key)!.short,
}));

export type AppealResult = Exclude<AppealColumnKey, 'total'>;
export const APPEAL_RESULTS: readonly { key: AppealResult; label: string }[] = APPEAL_COLUMNS
  .filter((c): c is (typeof APPEAL_COLUMNS)[number] & { key: AppealResult } => c.key !== 'total')
  .map((c) => ({ key: c.key, label: c.label }));

export const APPEAL_KINDS = APPEAL_GROUPS.map((g) => ({ key: g.key, label: g.short }));
