/**
 * The report-write service: every write that changes what flags are computed from — storing or
 * replacing a report (CLI, upload, demo), a correction, carrying a version's corrections over,
 * deleting or restoring a report, importing the registry — runs through `writeWithFlags`, which
 * owns the transaction: the write, then the flags of what it says it changed, then whatever must
 * be read after the flags (`finish`), all committed together or not at all. Routes and writers do
 * not open transactions of their own; repositories only run statements on the `trx` given.
 *
 * A batch that writes many files in one transaction with savepoints (ingest/batch.ts) cannot hand
 * its transaction over; it calls `recomputeChanged` on it just before its commit. A reviewer's
 * decision changes no flag (it is kept beside them, on identity and fingerprint): it runs through
 * here too, so it reads the flag and records the decision in one transaction.
 */
import type { Kysely } from 'kysely';
import { withBusyRetry } from '../../db/open.ts';
import type { Database } from '../../db/schema.ts';
import type { CheckContext } from '../checks/types.ts';
import { setDeleted } from '../repositories/corrections.repository.ts';
import { decideFlag, reopenFlag } from './review.ts';
import type { FlagView } from './review.ts';
import { recomputeFlags, recomputeOrganFlags } from './recompute.ts';

/** What a write changed, for the flags. */
export interface FlagChanges {
  /** Reports written, retired, corrected, deleted or restored (their organ-years and neighbours are redone). */
  reportIds?: readonly number[];
  /** Organ-years that lost their report another way (a report moved to another organ). */
  organYears?: readonly { organId: number; year: number }[];
  /** Check contexts of the reports just written, exactly as stored (ingest): not read back. */
  contexts?: ReadonlyMap<number, CheckContext>;
  /** Organs whose kind, county or registry membership changed, and the counties they are in or left. */
  organs?: { organIds: readonly number[]; countyIds: readonly number[] };
}

/** Recompute the flags a write changed, on the write's own transaction (before it commits). */
export async function recomputeChanged(trx: Kysely<Database>, changed: FlagChanges): Promise<void> {
  if (changed.organs) await recomputeOrganFlags(trx, changed.organs);
  if (changed.reportIds?.length || changed.organYears?.length) {
    await recomputeFlags(trx, {
      reportIds: changed.reportIds ?? [],
      ...(changed.organYears ? { organYears: changed.organYears } : {}),
      ...(changed.contexts ? { contexts: changed.contexts } : {}),
    });
  }
}

/**
 * One transaction: `write`, then the flags of `written.changed`, then `finish` (which sees the
 * new flags); its answer is returned after the commit. Any error rolls everything back; a busy
 * database (deadlock, lock timeout) has the whole transaction run again, so `write` must do
 * nothing outside the database.
 */
export function writeWithFlags<W extends { changed: FlagChanges }>(db: Kysely<Database>, write: (trx: Kysely<Database>) => Promise<W>): Promise<W>;
export function writeWithFlags<W extends { changed: FlagChanges }, R>(
  db: Kysely<Database>, write: (trx: Kysely<Database>) => Promise<W>, finish: (trx: Kysely<Database>, written: W) => Promise<R> | R,
): Promise<R>;
export async function writeWithFlags<W extends { changed: FlagChanges }, R>(
  db: Kysely<Database>, write: (trx: Kysely<Database>) => Promise<W>, finish?: (trx: Kysely<Database>, written: W) => Promise<R> | R,
): Promise<W | R> {
  // Tried again from the start when the database reports a deadlock or lock timeout (db/open.ts).
  return withBusyRetry(() => db.transaction().execute(async (trx) => {
    const written = await write(trx);
    await recomputeChanged(trx, written.changed);
    return finish ? finish(trx, written) : written;
  }));
}

/** Hide a report (`at`: when) or show it again (`at` null), with the flags of its organ-year and neighbours. */
export async function setReportDeleted(db: Kysely<Database>, reportId: number, at: string | null): Promise<void> {
  await writeWithFlags(db, async (trx) => {
    await setDeleted(trx, reportId, at);
    return { changed: { reportIds: [reportId] } };
  });
}

/** A reviewer confirms or dismisses a flag (`decideFlag`), in its own transaction; no flag changes. */
export async function recordDecision(
  db: Kysely<Database>, flagId: number, decision: { state: 'confirmed' | 'dismissed'; reason: string; author: string },
): Promise<FlagView> {
  return writeWithFlags(db, async (trx) => ({ view: await decideFlag(trx, flagId, decision), changed: {} }), (_trx, { view }) => view);
}

/** A reviewer's decision undone: the flag is open again (`reopenFlag`), in its own transaction; no flag changes. */
export async function undoDecision(db: Kysely<Database>, flagId: number, who: { reason: string; author: string }): Promise<FlagView> {
  return writeWithFlags(db, async (trx) => ({ view: await reopenFlag(trx, flagId, who), changed: {} }), (_trx, { view }) => view);
}
