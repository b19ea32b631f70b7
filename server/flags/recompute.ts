/**
 * Recomputing the stored flags: the checks' rules (server/checks, pure) run on contexts loaded
 * from the database (server/repositories/flags.repository.ts), and their findings replace the
 * stored flags of what changed and of its neighbours. Writers do not call this directly: they go
 * through the report-write service (`./write.ts`), which runs it in the write's transaction.
 *
 * - `recomputeFlags(db, {reportIds})`: after reports were added, replaced, corrected or
 *   deleted, rewrite their flags and their neighbours' (the organ's next year, the county-year).
 * - `recomputeOrganFlags(db, {organIds, countyIds})`: after organs changed kind, county or
 *   registry membership, the flags that depend on them.
 * - `flagsOfReport(db, reportId)`: a stored report's own flags, computed and not stored.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DEFAULT_CONFIG } from '../checks/config.ts';
import type { CheckConfig } from '../checks/config.ts';
import type { PeerMatch } from '../checks/copied.ts';
import { copiedFromPeers, peerProblemMatches } from '../checks/copied.ts';
import { missingReports } from '../checks/missing.ts';
import { peerOutliers } from '../checks/outliers.ts';
import { rulesOfScope } from '../checks/registry.ts';
import { checkAgainstPrevious, checkReport, place, withSeverity } from '../checks/run.ts';
import type { CheckContext, PlacedFlag, TargetedFlag } from '../checks/types.ts';
import {
  countyFlags, countyYearKey, currentReports, deleteCountyFlags, deleteOrganFlags, insertFlags,
  loadContexts, loadCountyReports, loadRegistries, pairKey, reportKeys,
} from '../repositories/flags.repository.ts';
import type { CountyYear } from '../repositories/flags.repository.ts';
import { currentReportsOfOrgans, oneReportPerCountyYear } from '../repositories/reports.repository.ts';

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
