/**
 * Copied text, measured with character-shingle similarity (see similarity.ts):
 * - copy.previous_year: more than half of this year's narrative is found in the organ's own
 *   previous report (containment; a scoring rule some cities use);
 * - copy.peer_problems: 存在的主要问题及改进情况 nearly identical (Jaccard) to another
 *   organ's of the same county and year. Compared only within the county-year, so the cost
 *   is the county's size, not the province's.
 */
import { SECTIONS } from '../../shared/template.ts';
import { DEFAULT_CONFIG } from './config.ts';
import type { CheckConfig } from './config.ts';
import { RULES } from './registry.ts';
import { ShingleCache, containment, estimateJaccard, jaccard, normaliseForSimilarity, shingles } from './similarity.ts';
import type { Shingles } from './similarity.ts';
import type { CheckContext, CountyReport, RuleFlag, TargetedFlag } from './types.ts';

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const round = (x: number): number => Math.round(x * 1000) / 1000;

function narrativeText(ctx: CheckContext): string {
  return [ctx.narrative.overview, ctx.narrative.problems, ctx.narrative.other].filter(Boolean).join('\n');
}

/**
 * Narrative shingles already made, per context: within a recompute each report is compared
 * twice, as this year's text and as the next year's previous one. Kept on the context object
 * (gone with it) and used only while its text, the names taken out and the settings still match.
 */
const narratives = new WeakMap<CheckContext, { text: string; names: readonly string[]; shingle: number; minChars: number; shingles: Shingles | null }>();

/** The shingles of a report's narrative, or null when its normalised text is too short to compare. */
function narrativeShingles(ctx: CheckContext, names: readonly string[], config: CheckConfig): Shingles | null {
  const { shingle, minChars } = config.copy;
  const text = narrativeText(ctx);
  const known = narratives.get(ctx);
  if (known && known.text === text && known.shingle === shingle && known.minChars === minChars
    && known.names.length === names.length && known.names.every((n, i) => n === names[i])) {
    return known.shingles;
  }
  const normalised = normaliseForSimilarity(text, names);
  const made = normalised.length < minChars ? null : shingles(normalised, shingle);
  narratives.set(ctx, { text, names, shingle, minChars, shingles: made });
  return made;
}

export function copiedFromPreviousYear(ctx: CheckContext, prev: CheckContext | null, config: CheckConfig = DEFAULT_CONFIG): RuleFlag[] {
  if (!prev) return [];
  const names = [ctx.organ, prev.organ];
  const a = narrativeShingles(ctx, names, config);
  const b = narrativeShingles(prev, names, config);
  if (!a || !b) return [];
  const share = containment(a, b);
  if (share <= config.copy.previousYearContainment) return [];
  return [{
    rule: 'copy.previous_year', severity: RULES['copy.previous_year'].severity,
    message: `本年报告正文（总体情况、存在的问题、其他事项）有 ${pct(share)} 与本单位${prev.year}年报告相同，超过一半，可能照搬上年报告`,
    cells: [],
    detail: { matchedReportId: prev.reportId, matchedOrgan: prev.organ, matchedYear: prev.year, containment: round(share), jaccard: round(jaccard(a, b)) },
    basis: Math.round(share * 100),
  }];
}

export interface PeerMatch {
  reportId: number;
  organId: number;
  organ: string;
  similarity: number;
}

/** For each report, the other reports whose problems text is nearly identical, best first. */
const cache = new ShingleCache();
/** How far below the threshold a sketch estimate may fall and still get the exact measure. */
const SKETCH_SLACK = 0.2;

export function peerProblemMatches(reports: readonly CountyReport[], config: CheckConfig = DEFAULT_CONFIG, only?: ReadonlySet<number>): Map<number, PeerMatch[]> {
  const sets = new Map<number, { set: Shingles; sketch: Uint32Array }>();
  for (const r of reports) {
    if (!r.problems) continue;
    const problems = r.problems;
    const entry = cache.get(`${r.reportId}|${r.organ}|${config.copy.shingle}`, problems, () => {
      const norm = normaliseForSimilarity(problems, [r.organ]);
      return norm.length >= config.copy.minChars ? shingles(norm, config.copy.shingle) : new Uint32Array(0);
    });
    if (entry.set.length > 0) sets.set(r.reportId, entry);
  }
  const matches = new Map<number, PeerMatch[]>();
  const targets = reports.filter((r) => sets.has(r.reportId) && (!only || only.has(r.organId)));
  for (const r of targets) {
    const a = sets.get(r.reportId)!;
    const found: PeerMatch[] = [];
    for (const o of reports) {
      const b = sets.get(o.reportId);
      if (!b || o.organId === r.organId) continue;
      // Jaccard ≥ t needs the smaller set to be at least t of the larger: skip cheaply.
      if (Math.min(a.set.length, b.set.length) < config.copy.peerProblemsJaccard * Math.max(a.set.length, b.set.length)) continue;
      if (estimateJaccard(a.sketch, b.sketch) < config.copy.peerProblemsJaccard - SKETCH_SLACK) continue;
      const s = jaccard(a.set, b.set);
      if (s >= config.copy.peerProblemsJaccard) found.push({ reportId: o.reportId, organId: o.organId, organ: o.organ, similarity: round(s) });
    }
    if (found.length) matches.set(r.reportId, found.sort((x, y) => y.similarity - x.similarity || x.organId - y.organId));
  }
  return matches;
}

/**
 * One flag per report whose problems text nearly matches another organ's. `only` limits the
 * reports flagged (by organ id) when a recompute touches a few organs of a large county.
 */
export function copiedFromPeers(reports: readonly CountyReport[], config: CheckConfig = DEFAULT_CONFIG, only?: ReadonlySet<number>): TargetedFlag[] {
  const title = SECTIONS[4].title;
  const flags: TargetedFlag[] = [];
  const all = peerProblemMatches(reports, config, only);
  for (const r of reports) {
    const found = all.get(r.reportId);
    if (!found) continue;
    const best = found[0]!;
    const more = found.length > 1 ? `；另有 ${found.length - 1} 个单位的这一部分也高度相似` : '';
    flags.push({
      rule: 'copy.peer_problems', severity: RULES['copy.peer_problems'].severity,
      message: `“${SECTIONS[4].no}、${title}”与同县同年度“${best.organ}”的报告${best.similarity >= 0.999 ? '完全相同' : '几乎相同'}（相似度 ${pct(best.similarity)}）${more}`,
      cells: [],
      detail: { matches: found, measure: 'jaccard', shingle: config.copy.shingle },
      organId: r.organId, reportId: r.reportId,
      basis: found.map((m) => [m.organId, Math.round(m.similarity * 100)]),
    });
  }
  return flags;
}
