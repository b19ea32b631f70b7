/**
 * Storing one parsed report: organ, document, report (with its cells' lines), the wide value row
 * and a row for each cell the parser was not sure of.
 * `writeReport` writes without a transaction of its own and without flags, so a batch can run
 * many files (each in a savepoint) and recompute the flags once; `storeReport` is the one-file
 * path (API upload, tests): its own transaction with the flags. Knows nothing of files.
 */
import type { Kysely } from 'kysely';
import type { Database, NewCell } from '../../db/schema.ts';
import { contextFromRecord } from '../checks/index.ts';
import { writeWithFlags as inWriteTransaction } from '../flags/write.ts';
import type { CheckContext } from '../checks/index.ts';
import { resolveOrgan } from '../organs/resolve.ts';
import type { OrganCache } from '../organs/resolve.ts';
import type { ExtractedDocument } from '../report/readers/index.ts';
import { CELLS, cellKey, getCell } from '../report/template.ts';
import type { ReportRecord, ReviewEntry } from '../report/template.ts';
import { encodeCellLines, insertCells } from '../repositories/cells.repository.ts';
import { adoptDocument, findDocumentBySha, insertDocument } from '../repositories/documents.repository.ts';
import { deleteOrganIfOrphan } from '../repositories/organs.repository.ts';
import {
  currentReportIds, insertReport, insertReportValues, makeCurrent, moveReport, reportPlace, reportSummary, retireReports,
} from '../repositories/reports.repository.ts';
import { supersededAfter, supersededBefore } from './superseded.ts';
import type { Superseded, SupersededBefore } from './superseded.ts';

export interface StoreInput {
  fileName: string;
  bytes: Buffer;
  sha256: string;
  /** How it came: the ingest CLI, an upload, the demo/seed loader, or typed in by hand (手工录入). */
  via: 'cli' | 'upload' | 'seed' | 'manual';
  /** County to use when the report prints none. */
  county?: string | undefined;
  document: ExtractedDocument;
  record: ReportRecord;
  review: readonly ReviewEntry[];
  /** Cell key -> 1-based line of `document.text` where the parser read the value. */
  lines?: Readonly<Record<string, number>>;
}

export interface StoreResult {
  outcome: 'ingested' | 'unchanged' | 'replaced';
  reportId: number | null;
  organ: string | null;
  county: string | null;
  year: number | null;
  reviewCount: number;
  /** The stored report had no county and was moved to the county given now (`--county`). */
  reassigned?: boolean;
  /** Bytes of an older version re-sent: that version is in force again (outcome `replaced`). */
  restored?: boolean;
  /** Corrections and flag decisions of the replaced version that do not hold on the one now in force. */
  superseded?: Superseded;
}

/**
 * What a write changed, for the flags: reports written or retired, organ-years left behind, and
 * the check contexts of the reports just written (exactly what was stored, so the checks need
 * not read it back; a report moved or changed since must not be in it).
 */
export interface Changed {
  reportIds: number[];
  organYears: { organId: number; year: number }[];
  contexts?: Map<number, CheckContext>;
}

export interface WriteResult extends StoreResult {
  changed: Changed;
  /** Read before a replacement, for `supersededAfter` once the flags are recomputed. */
  before?: SupersededBefore | undefined;
}

const NOTHING_CHANGED: Changed = { reportIds: [], organYears: [] };

/**
 * The cell rows of a new report: one for each cell the parser was not sure of (every other cell
 * is its value in `report_value` and its line in `report.cell_lines`, see cells.repository). The
 * row's line is the review entry's when it names one, since it points at the doubt; else the
 * parser's line.
 */
export function doubtRows(
  reportId: number, record: ReportRecord, review: readonly ReviewEntry[], lines: Readonly<Record<string, number>> = {},
): NewCell[] {
  if (review.length === 0) return [];
  const reviews = new Map<string, ReviewEntry[]>();
  for (const r of review) {
    const k = cellKey(r);
    reviews.set(k, [...(reviews.get(k) ?? []), r]);
  }
  // In template order, like every list of cells.
  return CELLS.filter((c) => reviews.has(c.key)).map((c) => {
    const rs = reviews.get(c.key)!;
    const value = getCell(record, c);
    return {
      report_id: reportId, key: c.key, parsed: value, value, review: rs.map((r) => r.reason).join('；'),
      line: rs.find((r) => r.line !== null)?.line ?? lines[c.key] ?? null, corrected: 0,
    };
  });
}

/**
 * Store one report in its own transaction, flags included; identical bytes already stored
 * change nothing (unless they were stored without a county and one is given now).
 * Any error rolls everything back and is rethrown.
 */
export async function storeReport(db: Kysely<Database>, input: StoreInput): Promise<StoreResult> {
  return writeWithFlags(db, (trx) => writeReport(trx, input));
}

/** Bytes already stored, in their own transaction (flags included when the report moves or is restored). */
export async function storeKnown(db: Kysely<Database>, reportId: number | null, county: string | undefined): Promise<StoreResult> {
  return writeWithFlags(db, (trx) => writeKnown(trx, reportId, county));
}

/** One transaction: the write, then the flags of what it changed, then what the replaced version loses. */
async function writeWithFlags(db: Kysely<Database>, write: (trx: Kysely<Database>) => Promise<WriteResult>): Promise<StoreResult> {
  return inWriteTransaction(db, write, async (trx, { changed: _changed, before, ...result }) => withSuperseded(result, before && await supersededAfter(trx, before)));
}

/** The result with the replaced version's corrections and decisions that no longer hold, when any. */
export function withSuperseded<R extends { superseded?: Superseded }>(result: R, superseded: Superseded | undefined): R {
  return superseded ? { ...result, superseded } : result;
}

/**
 * Write one report inside the caller's transaction, without flags: the caller recomputes them
 * for `changed` before committing. Bytes already stored go to `writeKnown`.
 */
export async function writeReport(
  db: Kysely<Database>, input: StoreInput, options: { shaChecked?: boolean; organs?: OrganCache } = {},
): Promise<WriteResult> {
  // `shaChecked`: the caller looked the bytes up on this same transaction just before.
  // `organs`: organs resolved earlier in this transaction (a batch), see OrganCache.
  const existing = options.shaChecked ? undefined : await findDocumentBySha(db, input.sha256);
  if (existing && !existing.attachmentOnly) return writeKnown(db, existing.reportId, input.county);

  const { record } = input;
  const organ = await resolveOrgan(db, record.organ, input.county, options.organs);
  const read = {
    fileName: input.fileName, format: input.document.format, extraction: input.document.extraction, text: input.document.text, via: input.via,
    scan: input.document.scan,
  };
  const documentId = existing
    ? await adoptDocument(db, existing.documentId, read)
    : await insertDocument(db, { ...read, sha256: input.sha256, content: input.bytes });
  const previous = await currentReportIds(db, organ.organId, record.year);
  await retireReports(db, previous);
  const lines = input.lines ?? {};
  const reportId = await insertReport(db, {
    document_id: documentId, organ_id: organ.organId, county_id: organ.countyId, year: record.year,
    organ_printed: record.organ, published: record.published, published_source: record.published_source,
    template: record.template, status: input.review.length ? 'needs_review' : 'ok', current: 1, deleted_at: null,
    headings: JSON.stringify(record.headings), overview: record.narrative.overview,
    problems: record.narrative.problems, other: record.narrative.other, cell_lines: encodeCellLines(lines),
  });
  const review = doubtRows(reportId, record, input.review, lines);
  await insertCells(db, review);
  await insertReportValues(db, reportId, record);
  const before = await supersededBefore(db, reportId, previous);
  // The context the checks would load back: values in force (= parsed), review cells as stored, the organ's kind.
  const context = contextFromRecord(record, [], { reportId, organId: organ.organId, countyId: organ.countyId, organKind: organ.kind });
  context.review = review.map((c) => ({ key: c.key, reason: c.review!, line: c.line ?? null }));
  return {
    outcome: previous.length ? 'replaced' : 'ingested', reportId, organ: organ.name, county: organ.county, year: record.year,
    reviewCount: review.length,
    changed: { reportIds: [reportId, ...previous], organYears: [], contexts: new Map([[reportId, context]]) }, before,
  };
}

/**
 * Bytes already stored. When they are an older version of their organ and year (another report
 * replaced them), re-sending them is a clerk saying “this one”: that version is in force again
 * and the one it displaces stays as history (`replaced`, `restored`). The version in force, or a
 * report deleted by a person, is left as it is (`unchanged`). Otherwise nothing changes, except that a report stored with its county unknown
 * (not printed, not given) moves to the county given now. The clerk's `--county` is an
 * explicit instruction and a report with no county is invisible to every county view, so
 * ignoring it would leave the report stranded. A report that has a county (printed or given
 * earlier) is never moved by `--county`: the printed name wins, and files do not flip between
 * counties with each run. Only the report in force moves; history stays where it was.
 */
export async function writeKnown(db: Kysely<Database>, reportId: number | null, county: string | undefined): Promise<WriteResult> {
  const place = reportId !== null ? await reportPlace(db, reportId) : undefined;
  if (place && !place.current && !place.deleted) return restoreReport(db, place.reportId, place.organId, place.year);
  if (!county || !place || place.countyId !== null || !place.current) {
    return { ...(await unchangedResult(db, reportId)), changed: NOTHING_CHANGED };
  }
  const organ = await resolveOrgan(db, place.organPrinted, county);
  if (organ.countyId === null) return { ...(await unchangedResult(db, reportId)), changed: NOTHING_CHANGED };
  const previous = (await currentReportIds(db, organ.organId, place.year)).filter((id) => id !== place.reportId);
  await retireReports(db, previous);
  await moveReport(db, place.reportId, organ.organId, organ.countyId);
  // The organ with no county existed only because of this report: drop it when nothing else uses it.
  const dropped = await deleteOrganIfOrphan(db, place.organId);
  const summary = await unchangedResult(db, place.reportId);
  return {
    ...summary, outcome: previous.length ? 'replaced' : 'ingested', reassigned: true,
    changed: { reportIds: [place.reportId, ...previous], organYears: dropped ? [] : [{ organId: place.organId, year: place.year }] },
  };
}

/** Put an older version back in force; the report(s) in force for its organ and year become history. */
async function restoreReport(db: Kysely<Database>, reportId: number, organId: number, year: number): Promise<WriteResult> {
  const previous = (await currentReportIds(db, organId, year)).filter((id) => id !== reportId);
  await retireReports(db, previous);
  await makeCurrent(db, reportId);
  const before = await supersededBefore(db, reportId, previous);
  const summary = await unchangedResult(db, reportId);
  return { ...summary, outcome: 'replaced', restored: true, changed: { reportIds: [reportId, ...previous], organYears: [] }, before };
}

/** The outcome for bytes already stored: what they became, nothing written. */
export async function unchangedResult(db: Kysely<Database>, reportId: number | null): Promise<StoreResult> {
  const s = reportId === null ? undefined : await reportSummary(db, reportId);
  return {
    outcome: 'unchanged', reportId: s?.reportId ?? null, organ: s?.organ ?? null, county: s?.county ?? null,
    year: s?.year ?? null, reviewCount: s?.reviewCount ?? 0,
  };
}
