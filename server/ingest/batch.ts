/**
 * Many inputs, one result at a time, plus the tally the CLI prints at the end.
 *
 * Files are committed in batches (up to 200 files, 250 ms or 64 MB per transaction), each file
 * inside its own SAVEPOINT: a file that fails is rolled back to its savepoint and leaves the
 * database as it was for it, while the other files of the batch stay. Flags are recomputed
 * once per batch, for all its reports and their neighbours, just before the commit. Should
 * that recompute or the commit itself fail, the batch is rolled back and its files are done
 * again one by one (each in its own transaction), so the failure lands on the file it is about.
 */
import type { Kysely } from 'kysely';
import type { ControlledTransaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { OrganCache } from '../organs/resolve.ts';
import { recomputeFlags } from '../flags/recompute.ts';
import { withBusyRetry } from '../../db/open.ts';
import { failedResult, ingestBuffer, prepareFile, reasonOf, toResult, withSupersededResult } from './ingest.ts';
import type { IngestInput, IngestResult, PreparedFile } from './ingest.ts';
import { walkInputs } from './inputs.ts';
import type { InputItem } from './inputs.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import type { IngestLimits } from './limits.ts';
import { writeKnown, writeReport } from './store.ts';
import type { Changed } from './store.ts';
import { timed } from './timings.ts';
import type { IngestTimings } from './timings.ts';
import { supersededAfter } from './superseded.ts';
import type { SupersededBefore } from './superseded.ts';

export interface BatchOptions {
  via: 'cli' | 'upload' | 'seed';
  county?: string | undefined;
  limits?: IngestLimits;
  /** Files per transaction (default 200); 1 commits every file on its own. */
  batchFiles?: number;
  /** A batch is committed once it has run this long (default 250 ms). */
  batchMs?: number;
  /** …or once its files hold this many bytes (default 64 MB), so memory stays bounded. */
  batchBytes?: number;
  /** When given, wall time per phase is added to it (the benchmark's breakdown). */
  timings?: IngestTimings;
}

export const BATCH_DEFAULTS = { batchFiles: 200, batchMs: 250, batchBytes: 64 * 1024 * 1024 } as const;

/** Ingest every file under `paths`; a bad file never stops the others. Results come in input order. */
export async function* ingestPaths(db: Kysely<Database>, paths: readonly string[], options: BatchOptions): AsyncGenerator<IngestResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const items = walkInputs(paths, limits)[Symbol.asyncIterator]();
  let exhausted = false;
  while (!exhausted) {
    const batch = await runBatch(db, items, options, limits);
    exhausted = batch.exhausted;
    yield* batch.results;
  }
}

type Slot = { input: IngestInput | null; prepared: PreparedFile | { kind: 'done'; result: IngestResult } };

/**
 * One batch: read, check and parse files until a limit is reached, with no transaction open
 * (reading only sees what is committed; another process, the server or a second CLI, may write
 * meanwhile). Then one `BEGIN IMMEDIATE` transaction writes them, each in its savepoint, and the
 * flags, and commits: the write lock is held for the writing only, never while a file is parsed.
 * A file's bytes are looked up again inside the transaction, so the same bytes twice in a batch,
 * or stored by another process meanwhile, change nothing.
 */
async function runBatch(
  db: Kysely<Database>, items: AsyncIterator<InputItem>, options: BatchOptions, limits: IngestLimits,
): Promise<{ results: IngestResult[]; exhausted: boolean }> {
  const { timings } = options;
  const maxFiles = options.batchFiles ?? BATCH_DEFAULTS.batchFiles;
  const maxMs = options.batchMs ?? BATCH_DEFAULTS.batchMs;
  const maxBytes = options.batchBytes ?? BATCH_DEFAULTS.batchBytes;
  const slots: Slot[] = [];
  let exhausted = false;
  let bytes = 0;

  const started = performance.now();
  while (slots.length < maxFiles && bytes < maxBytes && performance.now() - started < maxMs) {
    const next = await timed(timings, 'read', () => items.next());
    if (next.done) {
      exhausted = true;
      break;
    }
    const item = next.value;
    if (item.kind === 'error') {
      slots.push({ input: null, prepared: { kind: 'done', result: failedResult(item.label, item.reason) } });
      continue;
    }
    const input: IngestInput = {
      fileName: item.fileName, label: item.label, bytes: item.bytes, via: options.via, county: options.county, maxBytes: limits.maxFileBytes,
    };
    bytes += item.bytes.length;
    slots.push({ input, prepared: await prepareFile(db, input, timings) });
  }
  if (slots.every((s) => s.prepared.kind === 'done')) return { results: slots.map((s) => (s.prepared as { result: IngestResult }).result), exhausted };

  try {
    const results = await withBusyRetry(() => writeBatch(db, slots, timings));
    return { results, exhausted };
  } catch {
    // Nothing of the batch is stored: do its files again one by one, so a failure that only
    // showed at the flags or the commit is reported on its own file and the others go in.
    const results: IngestResult[] = [];
    for (const s of slots) results.push(s.input && s.prepared.kind !== 'done' ? await ingestBuffer(db, s.input) : (s.prepared as { result: IngestResult }).result);
    return { results, exhausted };
  }
}

/** The write half of a batch: one transaction, a savepoint per file, the flags, the commit. */
async function writeBatch(db: Kysely<Database>, slots: readonly Slot[], timings: IngestTimings | undefined): Promise<IngestResult[]> {
  const changed: Changed = { reportIds: [], organYears: [], contexts: new Map() };
  const organs: OrganCache = new Map();
  const dropped: { at: number; before: SupersededBefore }[] = [];
  const trx = await db.startTransaction().execute();
  try {
    const results: IngestResult[] = [];
    for (const s of slots) {
      const p = s.prepared;
      if (p.kind === 'done') {
        results.push(p.result);
        continue;
      }
      const written = await timed(timings, 'store', () => writeInSavepoint(trx, p, s.input!.fileName, changed, organs));
      if (written.before) dropped.push({ at: results.length, before: written.before });
      results.push(written.result);
    }
    if (changed.reportIds.length || changed.organYears.length) await timed(timings, 'flags', () => recomputeFlags(trx, changed));
    for (const d of dropped) results[d.at] = withSupersededResult(results[d.at]!, await supersededAfter(trx, d.before));
    await timed(timings, 'commit', () => trx.commit().execute());
    return results;
  } catch (error) {
    await trx.rollback().execute().catch(() => undefined);
    throw error;
  }
}

const SAVEPOINT = 'ingest_file';

/** Write one prepared file inside its own savepoint; on failure roll back to it and say why. */
async function writeInSavepoint(
  trx: ControlledTransaction<Database>, prepared: Exclude<PreparedFile, { kind: 'done' }>, fileName: string, changed: Changed, organs: OrganCache,
): Promise<{ result: IngestResult; before?: SupersededBefore | undefined }> {
  const sp = await trx.savepoint(SAVEPOINT).execute();
  try {
    // The bytes are looked up again here: prepared outside the transaction, they may have been
    // stored since (by an earlier file of this batch, or by another process).
    const written = prepared.kind === 'known'
      ? await writeKnown(sp, prepared.reportId, prepared.county)
      : await writeReport(sp, prepared.store, { organs });
    await sp.releaseSavepoint(SAVEPOINT).execute();
    changed.reportIds.push(...written.changed.reportIds);
    changed.organYears.push(...written.changed.organYears);
    // A report moved to another organ or county is read back; one just written is known as stored.
    if (prepared.kind === 'known' || written.outcome === 'unchanged' || written.reassigned || written.restored) {
      for (const id of written.changed.reportIds) changed.contexts?.delete(id);
    }
    for (const [id, ctx] of written.changed.contexts ?? []) changed.contexts?.set(id, ctx);
    return { result: toResult(prepared.label, written), before: written.before };
  } catch (error) {
    // What the file added is undone, organs and counties included: forget them too.
    organs.clear();
    const back = await sp.rollbackToSavepoint(SAVEPOINT).execute();
    await back.releaseSavepoint(SAVEPOINT).execute();
    return { result: failedResult(prepared.label, reasonOf(error, fileName)) };
  }
}

export interface IngestTally {
  total: number;
  ingested: number;
  unchanged: number;
  replaced: number;
  needsReview: number;
  failed: number;
  unknownCounty: number;
  /** Reports stored before with the county unknown and now filed under the county given. */
  reassigned: number;
  /** Failures only: file and reason (kept so the summary can list each one). */
  failures: { file: string; reason: string }[];
}

export function emptyTally(): IngestTally {
  return { total: 0, ingested: 0, unchanged: 0, replaced: 0, needsReview: 0, failed: 0, unknownCounty: 0, reassigned: 0, failures: [] };
}

export function addToTally(t: IngestTally, r: IngestResult): void {
  t.total++;
  t[r.outcome]++;
  if (r.outcome === 'failed') t.failures.push({ file: r.file, reason: r.reason ?? '' });
  else {
    if (r.needsReview && r.outcome !== 'unchanged') t.needsReview++;
    if (r.reportId !== null && r.county === null && r.outcome !== 'unchanged') t.unknownCounty++;
    if (r.reassigned) t.reassigned++;
  }
}
