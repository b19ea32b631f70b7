/**
 * Storing one parsed report: organ, document, report, 200 cells, the wide value row and the
 * flags, in one transaction. Shared by the CLI and the upload route; knows nothing of files.
 */
import type { Kysely } from 'kysely';
import type { Database, NewCell } from '../../db/schema.ts';
import { recomputeFlags } from '../checks/index.ts';
import { resolveOrgan } from '../organs/resolve.ts';
import type { ExtractedDocument } from '../report/readers/index.ts';
import { CELLS, cellKey, getCell } from '../report/template.ts';
import type { ReportRecord, ReviewEntry } from '../report/template.ts';
import { insertCells } from '../repositories/cells.repository.ts';
import { findDocumentBySha, insertDocument } from '../repositories/documents.repository.ts';
import { currentReportIds, insertReport, insertReportValues, reportSummary, retireReports } from '../repositories/reports.repository.ts';

export interface StoreInput {
  fileName: string;
  bytes: Buffer;
  sha256: string;
  via: 'cli' | 'upload' | 'seed';
  /** County to use when the report prints none. */
  county?: string | undefined;
  document: ExtractedDocument;
  record: ReportRecord;
  review: readonly ReviewEntry[];
}

export interface StoreResult {
  outcome: 'ingested' | 'unchanged' | 'replaced';
  reportId: number | null;
  organ: string | null;
  county: string | null;
  year: number | null;
  reviewCount: number;
}

/** The cell rows of a record: parsed value, value in force, review reason and line. */
export function cellRows(reportId: number, record: ReportRecord, review: readonly ReviewEntry[]): NewCell[] {
  const reviews = new Map<string, ReviewEntry[]>();
  for (const r of review) {
    const k = cellKey(r);
    reviews.set(k, [...(reviews.get(k) ?? []), r]);
  }
  return CELLS.map((c) => {
    const value = getCell(record, c);
    const rs = reviews.get(c.key);
    return {
      report_id: reportId, key: c.key, parsed: value, value,
      review: rs ? rs.map((r) => r.reason).join('；') : null,
      line: rs?.find((r) => r.line !== null)?.line ?? null,
      corrected: 0,
    };
  });
}

/**
 * Store one report in its own transaction; identical bytes already stored change nothing.
 * Any error rolls everything back and is rethrown.
 */
export async function storeReport(db: Kysely<Database>, input: StoreInput): Promise<StoreResult> {
  return db.transaction().execute(async (trx) => {
    const existing = await findDocumentBySha(trx, input.sha256);
    if (existing) return unchangedResult(trx, existing.reportId);

    const { record } = input;
    const organ = await resolveOrgan(trx, record.organ, input.county);
    const documentId = await insertDocument(trx, {
      sha256: input.sha256, fileName: input.fileName, format: input.document.format, extraction: input.document.extraction,
      content: input.bytes, text: input.document.text, via: input.via,
    });
    const previous = await currentReportIds(trx, organ.organId, record.year);
    await retireReports(trx, previous);
    const reportId = await insertReport(trx, {
      document_id: documentId, organ_id: organ.organId, county_id: organ.countyId, year: record.year,
      organ_printed: record.organ, published: record.published, published_source: record.published_source,
      template: record.template, status: input.review.length ? 'needs_review' : 'ok', current: 1, deleted_at: null,
      headings: JSON.stringify(record.headings), overview: record.narrative.overview,
      problems: record.narrative.problems, other: record.narrative.other,
    });
    const cells = cellRows(reportId, record, input.review);
    await insertCells(trx, cells);
    await insertReportValues(trx, reportId, new Map(cells.map((c) => [c.key, c.value ?? null])));
    await recomputeFlags(trx, { reportIds: [reportId, ...previous] });
    return {
      outcome: previous.length ? 'replaced' : 'ingested', reportId, organ: organ.name, county: organ.county, year: record.year,
      reviewCount: cells.filter((c) => c.review !== null).length,
    };
  });
}

/** The outcome for bytes already stored: what they became, nothing written. */
export async function unchangedResult(db: Kysely<Database>, reportId: number | null): Promise<StoreResult> {
  const s = reportId === null ? undefined : await reportSummary(db, reportId);
  return {
    outcome: 'unchanged', reportId: s?.reportId ?? null, organ: s?.organ ?? null, county: s?.county ?? null,
    year: s?.year ?? null, reviewCount: s?.reviewCount ?? 0,
  };
}
