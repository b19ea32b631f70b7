/**
 * Flag counts of a scope by rule, by organ (per severity) and organ × rule: what
 * `GET /api/flags/summary` answers. Counted in SQL per (rule, severity, organ), folded here.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ruleTitle } from '../checks/registry.ts';
import { flagSummary } from '../repositories/coverage.repository.ts';
import type { ReviewStateFilter } from '../repositories/coverage.repository.ts';
import type { Static } from '../schemas/common.ts';
import type { FlagSummaryResponse } from '../schemas/flags.ts';
import type { Severity } from '../../shared/enums.ts';

export type FlagSummary = Static<typeof FlagSummaryResponse>;
type ByRule = FlagSummary['byRule'][number];
type ByOrgan = FlagSummary['byOrgan'][number];
type Cell = FlagSummary['matrix'][number];

export async function summarizeFlags(
  db: Kysely<Database>, scope: { year?: number | undefined; countyId?: number | undefined; state: ReviewStateFilter },
): Promise<FlagSummary> {
  const rows = await flagSummary(db, scope);
  const byRule = new Map<string, ByRule>();
  const byOrgan = new Map<string, ByOrgan>();
  const matrix = new Map<string, Cell>();
  for (const r of rows) {
    // Stored flags only ever carry their rule's severity (checks/registry).
    const br = byRule.get(r.rule) ?? { rule: r.rule, title: ruleTitle(r.rule), severity: r.severity as Severity, count: 0 };
    br.count += r.n;
    byRule.set(r.rule, br);
    const bo = byOrgan.get(String(r.organId)) ?? { organId: r.organId, organ: r.organ, error: 0, warning: 0, info: 0, total: 0 };
    if (r.severity === 'error' || r.severity === 'warning' || r.severity === 'info') bo[r.severity] += r.n;
    bo.total += r.n;
    byOrgan.set(String(r.organId), bo);
    const mk = `${r.organId}|${r.rule}`;
    const m = matrix.get(mk) ?? { organId: r.organId, organ: r.organ, rule: r.rule, count: 0 };
    m.count += r.n;
    matrix.set(mk, m);
  }
  return {
    byRule: [...byRule.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)),
    byOrgan: [...byOrgan.values()].sort((a, b) => b.total - a.total || (a.organ ?? '').localeCompare(b.organ ?? '', 'zh')),
    matrix: [...matrix.values()],
  };
}
