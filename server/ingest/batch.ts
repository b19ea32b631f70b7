/**
 * Many inputs, one result at a time, plus the tally the CLI prints at the end. The one ingest
 * path: the CLI gives paths (`ingestPaths`), an upload gives its files (`ingestItems` over
 * `uploadedItems`); both go through the same walk, the same reading and the same writer.
 *
 * Reading and parsing run ahead on every core (prepare.ts: a pool of threads), up to
 * `AHEAD_FILES` files or `AHEAD_BYTES` at a time, while this thread, the one writer, stores the
 * files in their input order. A file's bytes are looked up once, before it is read: bytes stored
 * already are not read again. The write relies on that lookup, except for bytes met earlier in the
 * same run (looked up again, as stored since) and bytes another process stored meanwhile (the
 * document's unique hash refuses them; the file is then written as the bytes already stored).
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
import { isUniqueViolation } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import type { OrganCache } from '../organs/resolve.ts';
import { recomputeChanged } from '../flags/write.ts';
import { withBusyRetry } from '../../db/open.ts';
import { failedResult, ingestBuffer, prepareFile, reasonOf, toResult, withSupersededResult } from './ingest.ts';
import type { IngestInput, IngestResult, PreparedFile } from './ingest.ts';
import { walkInputs } from './inputs.ts';
import { prepareOffThread } from './prepare.ts';
import type { PrepareOptions } from './prepare.ts';
import type { PreparedText } from './prepare-read.ts';
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
  /** Reads and parses a file (default: `prepareOffThread`, the pool of threads). */
  prepare?: (bytes: Buffer, fileName: string, options?: PrepareOptions) => Promise<PreparedText>;
  /** Follows a scan's OCR page by page: the file's label, the page just read, the pages in all (other files: not called). */
  onProgress?: ((label: string, page: number, pages: number) => void) | undefined;
}

export const BATCH_DEFAULTS = { batchFiles: 200, batchMs: 250, batchBytes: 64 * 1024 * 1024 } as const;

/** Files read and parsed ahead of the writer, at most (enough to keep every core busy while a batch is written). */
export const AHEAD_FILES = 512;
/** …and at most this many bytes of them. */
export const AHEAD_BYTES = 64 * 1024 * 1024;

/** Ingest every file under `paths`; a bad file never stops the others. Results come in input order. */
export function ingestPaths(db: Kysely<Database>, paths: readonly string[], options: BatchOptions): AsyncGenerator<IngestResult> {
  return ingestItems(db, walkInputs(paths, options.limits ?? DEFAULT_LIMITS), options);
}

/**
 * Ingest the files `items` yields (a walk of paths, or an upload's files); a bad file never stops
 * the others. Results come in input order. An item may carry its own county (an upload's form
 * field); otherwise `options.county` applies.
 */
export async function* ingestItems(
  db: Kysely<Database>, items: AsyncIterable<InputItem & { county?: string | undefined }>, options: BatchOptions,
): AsyncGenerator<IngestResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const ahead = readAhead(db, items, options, limits);
  const seen = new Set<string>();
  let exhausted = false;
  while (!exhausted) {
    const batch = await runBatch(db, ahead, options, seen);
    exhausted = batch.exhausted;
    yield* batch.results;
  }
}

type Slot = { input: IngestInput | null; prepared: PreparedFile | { kind: 'done'; result: IngestResult } };

/**
 * The files of `items`, each checked, looked up and read and parsed (`prepareFile`), in input
 * order, with up to AHEAD_FILES of them (AHEAD_BYTES) being prepared at once.
 */
async function* readAhead(
  db: Kysely<Database>, items: AsyncIterable<InputItem & { county?: string | undefined }>, options: BatchOptions, limits: IngestLimits,
): AsyncGenerator<Slot & { size: number }> {
  const { timings } = options;
  const prepare = options.prepare ?? prepareOffThread;
  const iterator = items[Symbol.asyncIterator]();
  const queue: Promise<Slot & { size: number }>[] = [];
  let queuedBytes = 0;
  let done = false;
  const fill = async () => {
    while (!done && queue.length < AHEAD_FILES && queuedBytes < AHEAD_BYTES) {
      const next = await timed(timings, 'read', () => iterator.next());
      if (next.done) {
        done = true;
        break;
      }
      const item = next.value;
      if (item.kind === 'error') {
        queue.push(Promise.resolve({ input: null, prepared: { kind: 'done', result: failedResult(item.label, item.reason) }, size: 0 }));
        continue;
      }
      const { onProgress } = options;
      const label = item.label;
      const input: IngestInput = {
        fileName: item.fileName, label, bytes: item.bytes, via: options.via, county: item.county ?? options.county,
        maxBytes: limits.maxFileBytes,
        // Without a callback the reader is passed as it is (the CLI's path, unchanged).
        prepare: onProgress ? (bytes, name) => prepare(bytes, name, { onProgress: (page, pages) => onProgress(label, page, pages) }) : prepare,
      };
      const size = item.bytes.length;
      queuedBytes += size;
      // No timings inside: files are prepared side by side, their times would overlap (the wait for them is `parse`).
      queue.push(prepareFile(db, input).then((prepared) => ({ input, prepared, size })));
    }
  };
  for (;;) {
    await fill();
    const first = queue.shift();
    if (!first) return;
    const slot = await timed(timings, 'parse', () => first);
    queuedBytes -= slot.size;
    yield slot;
  }
}

/**
 * One batch: read, check and parse files until a limit is reached, with no transaction open
 * (reading only sees what is committed; another process, the server or a second CLI, may write
 * meanwhile). Then one `BEGIN IMMEDIATE` transaction writes them, each in its savepoint, and the
 * flags, and commits: the write lock is held for the writing only, never while a file is parsed.
 * A file's bytes are looked up again inside the transaction, so the same bytes twice in a batch,
 * or stored by another process meanwhile, change nothing.
 */
async function runBatch(
  db: Kysely<Database>, ahead: AsyncIterator<Slot & { size: number }>, options: BatchOptions, seen: Set<string>,
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
    const next = await ahead.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    const { size, ...slot } = next.value;
    bytes += size;
    slots.push(slot);
  }
  if (slots.every((s) => s.prepared.kind === 'done')) return { results: slots.map((s) => (s.prepared as { result: IngestResult }).result), exhausted };

  // Bytes met before in this run may have been stored by then: those are looked up again. The
  // hash's first 16 digits are enough to remember (a false match only costs a lookup).
  const recheck = new Set<Slot>();
  for (const s of slots) {
    if (s.prepared.kind !== 'new') continue;
    const key = s.prepared.store.sha256.slice(0, 16);
    if (seen.has(key)) recheck.add(s);
    seen.add(key);
  }
  try {
    const results = await withBusyRetry(() => writeBatch(db, slots, timings, recheck));
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
async function writeBatch(db: Kysely<Database>, slots: readonly Slot[], timings: IngestTimings | undefined, recheck: ReadonlySet<Slot>): Promise<IngestResult[]> {
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
      const written = await timed(timings, 'store', () => writeInSavepoint(trx, p, s.input!.fileName, changed, organs, !recheck.has(s)));
      if (written.before) dropped.push({ at: results.length, before: written.before });
      results.push(written.result);
      // SQLite's statements are synchronous: without a turn of the event loop, the replies of
      // the read-and-parse threads would wait until the commit, and the threads, which get their
      // next file only when their reply is taken, would stand idle while the batch is written.
      await turn();
    }
    if (changed.reportIds.length || changed.organYears.length) await timed(timings, 'flags', () => recomputeChanged(trx, changed));
    for (const d of dropped) results[d.at] = withSupersededResult(results[d.at]!, await supersededAfter(trx, d.before));
    await timed(timings, 'commit', () => trx.commit().execute());
    return results;
  } catch (error) {
    await trx.rollback().execute().catch(() => undefined);
    throw error;
  }
}

/** One turn of the event loop (worker replies are taken, the threads get their next files). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const SAVEPOINT = 'ingest_file';

/** Write one prepared file inside its own savepoint; on failure roll back to it and say why. */
async function writeInSavepoint(
  trx: ControlledTransaction<Database>, prepared: Exclude<PreparedFile, { kind: 'done' }>, fileName: string, changed: Changed, organs: OrganCache,
  shaChecked: boolean,
): Promise<{ result: IngestResult; before?: SupersededBefore | undefined }> {
  let sp = await trx.savepoint(SAVEPOINT).execute();
  try {
    let written;
    try {
      // Looked up when prepared (outside the transaction); bytes met earlier in this run are looked up again.
      written = prepared.kind === 'known'
        ? await writeKnown(sp, prepared.reportId, prepared.county)
        : await writeReport(sp, prepared.store, { organs, shaChecked });
    } catch (error) {
      if (!(shaChecked && prepared.kind === 'new' && isDuplicateSha(error))) throw error;
      // Another process stored the same bytes since they were looked up: write them as known.
      organs.clear();
      const back = await sp.rollbackToSavepoint(SAVEPOINT).execute();
      await back.releaseSavepoint(SAVEPOINT).execute();
      sp = await trx.savepoint(SAVEPOINT).execute();
      written = await writeReport(sp, prepared.store, { organs });
    }
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

/** The document's unique hash refused the insert: the same bytes are stored already. */
function isDuplicateSha(error: unknown): boolean {
  return isUniqueViolation(error, 'document', 'sha256');
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
