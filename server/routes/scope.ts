/** Shared by the route plugins: 404 for an unknown county or organ id, parsed filters and metrics. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { FilterError, parseFilters } from '../../shared/filters.ts';
import type { ValueFilter } from '../../shared/filters.ts';
import { resolveMetrics } from '../../shared/metrics.ts';
import type { MetricSet } from '../../shared/metrics.ts';
import { badRequest, notFound } from '../plugins/errors.ts';
import { countyExists, organExists } from '../repositories/search.repository.ts';

export async function requireScope(db: Kysely<Database>, q: { county?: number | undefined; organ?: number | undefined }): Promise<void> {
  if (q.county !== undefined && !(await countyExists(db, q.county))) throw notFound(`没有编号为 ${q.county} 的县区。`);
  if (q.organ !== undefined && !(await organExists(db, q.organ))) throw notFound(`没有编号为 ${q.organ} 的单位。`);
}

export function filtersFrom(texts: readonly string[] | undefined): ValueFilter[] {
  try {
    return parseFilters(texts);
  } catch (e) {
    if (e instanceof FilterError) throw badRequest(e.message);
    throw e;
  }
}

export function metricsFrom(spec: string | undefined, param = 'metrics', fallback: MetricSet = 'summary'): string[] {
  const { ids, unknown } = resolveMetrics(spec, fallback);
  if (unknown.length) throw badRequest(`参数 ${param} 中的指标“${unknown.join('、')}”不存在，可用的指标见 /api/template 的 metrics。`);
  if (ids.length === 0) throw badRequest(`参数 ${param} 没有给出任何指标。`);
  return ids;
}
