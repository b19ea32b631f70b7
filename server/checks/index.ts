/**
 * Compliance checks: the one module that owns the rules. The CLI, the API and the web read
 * flags through the functions exported here and never re-implement a rule.
 *
 * - `checkRecord(record, review)`: the flags of one parsed report alone (no database).
 * - `recomputeFlags(db, {reportIds})`: after reports were added, replaced, corrected or
 *   deleted, rewrite their flags and their neighbours' (the organ's next year, the county-year).
 * - `recomputeOrganFlags(db, {organIds, countyIds})`: after organs changed kind, county or
 *   registry membership, the flags that depend on them.
 * - `listFlags(db, filter)`, `decideFlag(db, flagId, decision)`: the review workflow.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ReportRecord, ReviewEntry } from '../report/template.ts';
import {
  countyFlags, countyYearKey, currentReports, decisionsFor, deleteCountyFlags, deleteOrganFlags, insertDecision, insertFlags,
  loadContexts, loadCountyReports, loadRegistries, pairKey, reportKeys, selectFlag, selectFlags,
} from '../repositories/flags.repository.ts';
import type { CountyYear, FlagFilter, FlagRow, ReviewState } from '../repositories/flags.repository.ts';
import { currentReportsOfOrgans, oneReportPerCountyYear } from '../repositories/reports.repository.ts';
import { DEFAULT_CONFIG } from './config.ts';
import type { CheckConfig } from './config.ts';
import { contextFromRecord } from './context.ts';
import type { PeerMatch } from './copied.ts';
import { copiedFromPeers, peerProblemMatches } from './copied.ts';
import { missingReports } from './missing.ts';
import { peerOutliers } from './outliers.ts';
import { RULES, rulesOfScope } from './registry.ts';
import type { RuleId } from './registry.ts';
import { checkAgainstPrevious, checkReport, place, withSeverity } from './run.ts';
import type { CheckContext, FlagCell, PlacedFlag, RuleFlag, TargetedFlag } from './types.ts';

export { RULES, RULE_IDS } from './registry.ts';
export type { RuleId, RuleInfo } from './registry.ts';
export { DEFAULT_CONFIG } from './config.ts';
export type { CheckConfig } from './config.ts';
export type { CheckContext, FlagCell, RuleFlag } from './types.ts';
export type { FlagFilter, ReviewState } from '../repositories/flags.repository.ts';
export { checkReport, checkAgainstPrevious } from './run.ts';
export { contextFromRecord, guessOrganKind } from './context.ts';

/** The flags of one parsed report on its own: per-report rules only, no database. */
export function checkRecord(record: ReportRecord, review: readonly ReviewEntry[] = [], config: CheckConfig = DEFAULT_CONFIG): RuleFlag[] {
  return checkReport(contextFromRecord(record, review), config);
}

/**
 * Recompute the stored flags after reports were added, replaced, corrected or deleted:
 * the reports' own flags and the cross-year / cross-organ flags of their neighbours.
 * Call inside the same transaction that changed the reports. `reportIds` may name reports
 * that are now deleted or replaced: their organ-years are recomputed from what is in force.
 * `organYears` names organ-years that lost their report in another way (a report moved to
 * another organ): their organ flags are recomputed too.
 *
 * Set-based, so a batch of many reports costs a few queries, not a few per report: contexts
 * are loaded together, flags deleted per year and inserted together; county-wide rules run
 * once per county-year touched.
 */
export async function recomputeFlags(
  db: Kysely<Database>,
  changed: {
    reportIds: readonly number[];
    organYears?: readonly { organId: number; year: number }[];
    /** Contexts of reports the caller has just written, exactly as stored (ingest): not read back. */
    contexts?: ReadonlyMap<number, CheckContext>;
  },
  config: CheckConfig = DEFAULT_CONFIG,
): Promise<void> {
  const known = changed.contexts;
  const seeds = await reportKeys(db, changed.reportIds, (id) => {
    const ctx = known?.get(id);
    return ctx && ctx.organId !== null ? { reportId: id, organId: ctx.organId, countyId: ctx.countyId, year: ctx.year } : undefined;
  });
  const moved = changed.organYears ?? [];
  if (seeds.length === 0 && moved.length === 0) return;

  const organYears = new Map<string, { organId: number; year: number }>();
  for (const s of [...seeds, ...moved]) organYears.set(pairKey(s.organId, s.year), { organId: s.organId, year: s.year });
  // Organ rules compare y with y−1: a change at y also moves the flags of y+1.
  const organTargets = new Map<string, { organId: number; year: number }>();
  for (const s of organYears.values()) {
    organTargets.set(pairKey(s.organId, s.year), s);
    organTargets.set(pairKey(s.organId, s.year + 1), { organId: s.organId, year: s.year + 1 });
  }
  const needed = [...organTargets.values()].flatMap((t) => [t, { organId: t.organId, year: t.year - 1 }]);
  const current = await currentReports(db, needed);
  const contexts = await loadContexts(db, [...new Set(current.values())].filter((id) => !known?.has(id)));
  if (known) for (const id of current.values()) if (known.has(id)) contexts.set(id, known.get(id)!);
  const ctxAt = (organId: number, year: number) => {
    const id = current.get(pairKey(organId, year));
    return id === undefined ? null : contexts.get(id) ?? null;
  };

  const reportRules = rulesOfScope('report');
  const organRules = rulesOfScope('organ');
  await deleteOrganFlags(db, reportRules, [...organYears.values()]);
  await deleteOrganFlags(db, organRules, [...organTargets.values()]);
  const fresh: PlacedFlag[] = [];
  for (const s of organYears.values()) {
    const ctx = ctxAt(s.organId, s.year);
    if (ctx) fresh.push(...place(checkReport(ctx, config), atReport(ctx)));
  }
  for (const t of organTargets.values()) {
    const ctx = ctxAt(t.organId, t.year);
    if (ctx) fresh.push(...place(checkAgainstPrevious(ctx, ctxAt(t.organId, t.year - 1), config), atReport(ctx)));
  }

  const countyYears = new Map<string, ChangedCountyYear>();
  for (const s of seeds) {
    if (s.countyId === null) continue;
    const k = countyYearKey(s.countyId, s.year);
    const cy = countyYears.get(k) ?? { countyId: s.countyId, year: s.year, organIds: new Set<number>() };
    cy.organIds.add(s.organId);
    countyYears.set(k, cy);
  }
  fresh.push(...await recomputeCountyYears(db, [...countyYears.values()], config));
  // Every delete above came first, and identities name rule, organ and year: one insert for all.
  await insertFlags(db, fresh);
}

/**
 * The flags of one stored report's own numbers (its report and organ rules) as they would be if
 * it were in force, computed and not stored: a replaced version has no stored flags. County-wide
 * rules (missing reports, peers) are left out: they depend on the other organs' reports.
 */
export async function flagsOfReport(db: Kysely<Database>, reportId: number, config: CheckConfig = DEFAULT_CONFIG): Promise<PlacedFlag[]> {
  const ctx = (await loadContexts(db, [reportId])).get(reportId);
  if (!ctx || ctx.organId === null) return [];
  const prevId = (await currentReports(db, [{ organId: ctx.organId, year: ctx.year - 1 }])).get(pairKey(ctx.organId, ctx.year - 1));
  const prev = prevId === undefined ? null : (await loadContexts(db, [prevId])).get(prevId) ?? null;
  return place([...checkReport(ctx, config), ...checkAgainstPrevious(ctx, prev, config)], atReport(ctx));
}

/**
 * Recompute the flags that depend on what is known of organs, after their kind, county or
 * registry membership changed (registry import): every report in force of those organs (per-kind
 * deadlines, their neighbours) and every year of the given counties (missing reports, peers of a
 * kind). `countyIds` names the counties the organs belong to now and any they left. Call inside
 * the transaction that changed the organs.
 */
export async function recomputeOrganFlags(
  db: Kysely<Database>, changed: { organIds: readonly number[]; countyIds: readonly number[] }, config: CheckConfig = DEFAULT_CONFIG,
): Promise<void> {
  if (changed.organIds.length === 0 && changed.countyIds.length === 0) return;
  const own = await currentReportsOfOrgans(db, changed.organIds);
  const countyWide = await oneReportPerCountyYear(db, changed.countyIds);
  await recomputeFlags(db, { reportIds: [...own, ...countyWide] }, config);
}

function atReport(ctx: { reportId: number | null; organId: number | null; countyId: number | null; year: number }) {
  return { organ: ctx.organId, organId: ctx.organId, countyId: ctx.countyId, reportId: ctx.reportId, year: ctx.year };
}

/** A county-year with reports added, replaced or removed, and the organs they belong to. */
interface ChangedCountyYear extends CountyYear {
  organIds: Set<number>;
}

/**
 * Clear the county-wide flags of the given county-years that must be redone, and return the new
 * ones, county-year after county-year. Each query covers every county-year at once: a batch
 * touches a handful, and a statement costs more to build than to run.
 */
async function recomputeCountyYears(db: Kysely<Database>, countyYears: readonly ChangedCountyYear[], config: CheckConfig): Promise<PlacedFlag[]> {
  if (countyYears.length === 0) return [];
  const reportsOf = await loadCountyReports(db, countyYears, config.outliers.keys);
  const registries = await loadRegistries(db, countyYears.map((cy) => cy.countyId));
  const placeAll = (flags: TargetedFlag[], cy: CountyYear): PlacedFlag[] =>
    withSeverity(flags, config).flatMap((f) => place([f], { organ: f.organId, organId: f.organId, countyId: cy.countyId, reportId: f.reportId, year: cy.year }));

  // Missing reports and peer outliers depend on every report of the county-year: redo them whole (cheap).
  await deleteCountyFlags(db, ['missing.report', 'outlier.peers'], countyYears.map((cy) => ({ countyId: cy.countyId, year: cy.year })));
  const whole = countyYears.map((cy) => {
    const reports = reportsOf.get(countyYearKey(cy.countyId, cy.year))!;
    return placeAll([...missingReports(cy.year, reports, registries.get(cy.countyId)!), ...peerOutliers(reports, config)], cy);
  });

  // Copied problems text: only the changed organs, the organs they match now, and the organs
  // whose stored flag names one of them need new flags.
  const stored = await countyFlags(db, 'copy.peer_problems', countyYears);
  const targets = countyYears.map((cy) => {
    const k = countyYearKey(cy.countyId, cy.year);
    const changedOrgans = cy.organIds;
    const organs = new Set(changedOrgans);
    for (const matches of peerProblemMatches(reportsOf.get(k)!, config, changedOrgans).values()) for (const m of matches) organs.add(m.organId);
    for (const old of stored.get(k) ?? []) {
      const named = (old.detail.matches as PeerMatch[] | undefined) ?? [];
      if (old.organId !== null && named.some((m) => changedOrgans.has(m.organId))) organs.add(old.organId);
    }
    return organs;
  });
  await deleteCountyFlags(db, ['copy.peer_problems'], countyYears.map((cy, i) => ({ countyId: cy.countyId, year: cy.year, organIds: [...targets[i]!] })));
  return countyYears.flatMap((cy, i) => [
    ...whole[i]!,
    ...placeAll(copiedFromPeers(reportsOf.get(countyYearKey(cy.countyId, cy.year))!, config, targets[i]), cy),
  ]);
}

// ------------------------------------------------------------------ review workflow

export interface FlagDecisionView {
  state: 'confirmed' | 'dismissed';
  reason: string;
  author: string;
  at: string;
}

export interface FlagView {
  id: number;
  rule: string;
  /** The rule's Chinese title. */
  title: string;
  severity: PlacedFlag['severity'];
  message: string;
  reportId: number | null;
  organId: number | null;
  organ: string | null;
  countyId: number | null;
  county: string | null;
  year: number;
  cells: FlagCell[];
  detail: Record<string, unknown>;
  /** open until a reviewer confirms or dismisses it; back to open when its numbers change. */
  state: ReviewState;
  decision: FlagDecisionView | null;
  /** A decision was made on this flag but its numbers have changed since. */
  outdatedDecision: FlagDecisionView | null;
}

function toView(row: FlagRow, decisions: readonly { identity: string; fingerprint: string; state: 'confirmed' | 'dismissed'; reason: string; author: string; created_at: string }[]): FlagView {
  const mine = decisions.filter((d) => d.identity === row.identity);
  const valid = mine.find((d) => d.fingerprint === row.fingerprint);
  const outdated = valid ? undefined : mine[0];
  const view = (d: (typeof mine)[number] | undefined): FlagDecisionView | null =>
    d ? { state: d.state, reason: d.reason, author: d.author, at: d.created_at } : null;
  return {
    id: row.id, rule: row.rule, title: RULES[row.rule as RuleId]?.title ?? row.rule, severity: row.severity, message: row.message,
    reportId: row.report_id, organId: row.organ_id, organ: row.organ_name, countyId: row.county_id, county: row.county_name,
    year: row.year, cells: JSON.parse(row.cells) as FlagCell[], detail: JSON.parse(row.detail) as Record<string, unknown>,
    state: valid ? valid.state : 'open', decision: view(valid), outdatedDecision: view(outdated),
  };
}

/** Flags with their review state, most severe first; `total` counts all that match the filter. */
export async function listFlags(db: Kysely<Database>, filter: FlagFilter = {}): Promise<{ rows: FlagView[]; total: number }> {
  const { rows, total } = await selectFlags(db, filter);
  const decisions = await decisionsFor(db, [...new Set(rows.map((r) => r.identity))]);
  return { rows: rows.map((r) => toView(r, decisions)), total };
}

export async function getFlag(db: Kysely<Database>, flagId: number): Promise<FlagView | null> {
  const row = await selectFlag(db, flagId);
  if (!row) return null;
  return toView(row, await decisionsFor(db, [row.identity]));
}

export class FlagDecisionError extends Error {
  constructor(readonly code: 'not_found' | 'invalid', message: string) {
    super(message);
    this.name = 'FlagDecisionError';
  }
}

/**
 * A reviewer confirms or dismisses a flag. The decision is kept on the flag's identity and
 * fingerprint, so it survives recomputation until the numbers it is about change.
 */
export async function decideFlag(
  db: Kysely<Database>, flagId: number,
  decision: { state: 'confirmed' | 'dismissed'; reason: string; author: string },
): Promise<FlagView> {
  if (decision.state !== 'confirmed' && decision.state !== 'dismissed') {
    throw new FlagDecisionError('invalid', '审核结论只能是“确认”或“排除”。');
  }
  const reason = decision.reason?.trim() ?? '';
  const author = decision.author?.trim() ?? '';
  if (!reason) throw new FlagDecisionError('invalid', '请填写确认或排除这条提示的理由。');
  if (!author) throw new FlagDecisionError('invalid', '请填写审核人。');
  const row = await selectFlag(db, flagId);
  if (!row) throw new FlagDecisionError('not_found', '这条提示已不存在，可能报告已更正或删除，请刷新后再看。');
  await insertDecision(db, { identity: row.identity, fingerprint: row.fingerprint, state: decision.state, reason, author });
  return (await getFlag(db, flagId))!;
}
