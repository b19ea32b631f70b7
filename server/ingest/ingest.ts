/**
 * One file in, one outcome out: checks, reading, parsing (`prepareFile`), then storing, either
 * alone (`ingestBuffer`: its own transaction) or in a batch (batch.ts: a savepoint per file).
 * Never throws for a bad file: the result says why, in words a clerk understands.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ReportError } from '../report/errors.ts';
import { parseText } from '../report/parse.ts';
import type { ParseResult } from '../report/parse.ts';
import { readDocument } from '../report/readers/index.ts';
import type { ExtractedDocument } from '../report/readers/index.ts';
import type { PreparedText } from './prepare-read.ts';
import { findDocumentBySha } from '../repositories/documents.repository.ts';
import { checkBytes } from './guard.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { storeKnown, storeReport, unchangedResult } from './store.ts';
import type { StoreInput, StoreResult } from './store.ts';
import { supersededNote } from './superseded.ts';
import type { Superseded } from './superseded.ts';
import { withBusyRetry } from '../../db/open.ts';
import { timed } from './timings.ts';
import type { IngestTimings } from './timings.ts';

export type IngestOutcome = 'ingested' | 'unchanged' | 'replaced' | 'failed';

export interface IngestResult {
  file: string;
  outcome: IngestOutcome;
  needsReview: boolean;
  reportId: number | null;
  organ: string | null;
  county: string | null;
  year: number | null;
  reviewCount: number;
  /** Chinese, for a clerk: why the file failed, or a note (county unknown, county assigned now) when it did not. */
  reason: string | null;
  /** Bytes stored before with the county unknown, now filed under the county given (`--county`). */
  reassigned?: boolean;
  /** An older version re-sent and made current again (outcome `replaced`; the version it displaces stays as history). */
  restored?: boolean;
  /** Corrections and flag decisions of the replaced version that do not hold on the version now in force (`reason` says it too). */
  superseded?: Superseded;
}

export interface IngestInput {
  fileName: string;
  bytes: Buffer;
  via: 'cli' | 'upload' | 'seed';
  /** County to use when the report prints none (`--county`, the upload form). */
  county?: string | undefined;
  /** Defaults to 50 MB. */
  maxBytes?: number;
  /** How the file is named in the result (defaults to fileName; the CLI passes the path). */
  label?: string;
  /**
   * Reads and parses the bytes (defaults to `readDocument` then `parseText` on this thread; the
   * server passes `prepareOffThread`, prepare.ts, which gives the same result from a worker thread).
   */
  prepare?: (bytes: Buffer, fileName: string) => Promise<PreparedText>;
}

export const UNKNOWN_COUNTY_NOTE = '未能从报告标题中读出所属县（区），导入时也未指定，已记为“县区未知”。填写“所属县区”后再上传同一文件（命令行导入用 --county），报告即归入该县区。';

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function failedResult(file: string, reason: string): IngestResult {
  return { file, outcome: 'failed', needsReview: false, reportId: null, organ: null, county: null, year: null, reviewCount: 0, reason };
}

/** A reason a clerk can read for any error: our own messages as they are, anything else wrapped. */
export function reasonOf(error: unknown, fileName: string): string {
  if (error instanceof ReportError) return error.message;
  const detail = error instanceof Error ? error.message : String(error);
  return `保存文件“${fileName}”时出错，数据库未作任何改动。请把此文件和这段说明交给技术人员：${detail}`;
}

export const RESTORED_NOTE = '这份文件此前已导入过，是该机关该年度的旧版本；现已恢复为当前版本，原当前版本保留为历史版本。';

export const REASSIGNED_NOTE = (county: string | null) =>
  `这份文件此前已导入，当时读不出所属县（区），记为“县区未知”；现按指定的县（区）归入“${county ?? ''}”。`;

/** A file made ready for the database: a final result already, or what to write. */
export type PreparedFile =
  | { kind: 'done'; result: IngestResult }
  | { kind: 'known'; label: string; reportId: number | null; county: string | undefined }
  | { kind: 'new'; label: string; store: StoreInput };

/**
 * Everything before writing: size and junk checks, the bytes' hash, whether they are stored
 * already, reading and parsing. Only reads the database (so it may run on a batch's transaction).
 */
export async function prepareFile(db: Kysely<Database>, input: IngestInput, timings?: IngestTimings): Promise<PreparedFile> {
  const label = input.label ?? input.fileName;
  try {
    checkBytes(input.fileName, input.bytes, input.maxBytes ?? DEFAULT_LIMITS.maxFileBytes);
    const hash = sha256(input.bytes);
    // Fast path: bytes already stored need no reading or parsing.
    const known = await timed(timings, 'store', () => findDocumentBySha(db, hash));
    // Bytes kept only as a hand entry's attached scan are read as a report of their own.
    if (known && !known.attachmentOnly) {
      // Re-sent bytes of an older version go on to be written: they become current again.
      if (!input.county && known.settled) return { kind: 'done', result: toResult(label, await unchangedResult(db, known.reportId)) };
      return { kind: 'known', label, reportId: known.reportId, county: input.county };
    }
    let document: ExtractedDocument;
    let parsed: ParseResult;
    if (input.prepare) {
      ({ document, parsed } = await timed(timings, 'read', () => input.prepare!(input.bytes, input.fileName)));
    } else {
      document = await timed(timings, 'read', () => readDocument(input.bytes, input.fileName));
      const read = document;
      parsed = await timed(timings, 'parse', () => parseText(read.text, { exactCells: read.exactCells }));
    }
    if (!parsed.record) {
      return { kind: 'done', result: failedResult(label, parsed.error ?? `文件“${input.fileName}”没有读出年度报告的内容。`) };
    }
    if (!parsed.record.organ.trim()) {
      return { kind: 'done', result: failedResult(label, `文件“${input.fileName}”没有读出发布机关的名称：标题应为“××镇人民政府××××年政府信息公开工作年度报告”这样的一行。`) };
    }
    return {
      kind: 'new', label, store: {
        fileName: input.fileName, bytes: input.bytes, sha256: hash, via: input.via, county: input.county,
        document, record: parsed.record, review: parsed.review, lines: parsed.lines,
      },
    };
  } catch (error) {
    return { kind: 'done', result: failedResult(label, reasonOf(error, input.fileName)) };
  }
}

/** One file on its own: its own transaction and its own flag recompute (the API upload path). */
export async function ingestBuffer(db: Kysely<Database>, input: IngestInput): Promise<IngestResult> {
  const prepared = await prepareFile(db, input);
  if (prepared.kind === 'done') return prepared.result;
  try {
    // Another process (the CLI, the server) may hold the write lock: try the file again a few times.
    const stored = await withBusyRetry(() => prepared.kind === 'known'
      ? storeKnown(db, prepared.reportId, prepared.county)
      : storeReport(db, prepared.store));
    return toResult(prepared.label, stored);
  } catch (error) {
    return failedResult(prepared.label, reasonOf(error, input.fileName));
  }
}

export function toResult(file: string, s: StoreResult): IngestResult {
  const notes = [
    s.reassigned ? REASSIGNED_NOTE(s.county) : s.reportId !== null && s.county === null ? UNKNOWN_COUNTY_NOTE : null,
    s.restored ? RESTORED_NOTE : null,
    s.superseded ? supersededNote(s.superseded) : null,
  ].filter((n): n is string => n !== null);
  return {
    file, outcome: s.outcome, needsReview: s.reviewCount > 0, reportId: s.reportId, organ: s.organ, county: s.county,
    year: s.year, reviewCount: s.reviewCount, reason: notes.length ? notes.join('\n') : null, ...(s.reassigned ? { reassigned: true } : {}),
    ...(s.restored ? { restored: true } : {}), ...(s.superseded ? { superseded: s.superseded } : {}),
  };
}

/** A result with the replaced version's corrections and decisions that no longer hold (after a batch's flags). */
export function withSupersededResult(r: IngestResult, superseded: Superseded | undefined): IngestResult {
  if (!superseded) return r;
  const note = supersededNote(superseded);
  return { ...r, superseded, reason: r.reason ? `${r.reason}\n${note}` : note };
}
