/** Shared by the route plugins: 404 for an unknown county or organ id, parsed filters and metrics. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { FilterError, parseFilters } from '../../shared/filters.ts';
import type { ValueFilter } from '../../shared/filters.ts';
import { resolveMetrics } from '../../shared/metrics.ts';
import type { MetricSet } from '../../shared/metrics.ts';
import { safeFileName } from '../csv.ts';
import { badRequest, notFound } from '../plugins/errors.ts';
import { countyExists, countyName, organById, organExists } from '../repositories/search.repository.ts';

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

/**
 * Who did an admin action and why, from its body: the reason trimmed (400 when `required` and
 * empty), the author trimmed or 管理员.
 */
export function actionBy(body: { reason?: string | undefined; author?: string | undefined }, required: boolean): { reason: string; author: string } {
  const reason = body.reason?.trim() ?? '';
  if (required && !reason) throw badRequest('请求内容“reason”无效：请填写理由。');
  return { reason, author: authorOf(body.author) };
}

/** Who did it, as they named themselves (trimmed), else 管理员: admin actions, uploads, 手工录入. */
export function authorOf(given: string | undefined): string {
  return given?.trim() || '管理员';
}

/**
 * A download's file name: county, organ, year and what it holds, e.g. 青禾县_2025年_核查提示_待处理.
 * So the four lists a clerk downloads from one page are not all called 核查提示.csv.
 */
export async function fileName(db: Kysely<Database>, q: { county?: number | undefined; organ?: number | undefined; year?: number | undefined }, ...content: (string | null | undefined)[]): Promise<string> {
  const parts: string[] = [];
  parts.push(q.county !== undefined ? ((await countyName(db, q.county)) ?? `县区${q.county}`) : '全部县区');
  if (q.organ !== undefined) parts.push((await organById(db, q.organ))?.name ?? `单位${q.organ}`);
  parts.push(q.year !== undefined ? `${q.year}年` : '全部年度');
  parts.push(...content.filter((c): c is string => !!c));
  return safeFileName(parts.join('_'));
}
