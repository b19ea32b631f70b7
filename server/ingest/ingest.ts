/**
 * One file in, one outcome out: checks, reading, parsing, then `storeReport` in one transaction.
 * Never throws for a bad file: the result says why, in words a clerk understands.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ReportError } from '../report/errors.ts';
import { parseText } from '../report/parse.ts';
import { readDocument } from '../report/readers/index.ts';
import { findDocumentBySha } from '../repositories/documents.repository.ts';
import { checkBytes } from './guard.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { storeReport, unchangedResult } from './store.ts';
import type { StoreResult } from './store.ts';

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
  /** Chinese, for a clerk: why the file failed, or a warning (county unknown) when it did not. */
  reason: string | null;
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
}

export const UNKNOWN_COUNTY_NOTE = '未能从报告标题中读出所属县（区），导入时也未指定县（区），已记为“县区未知”。以后导入请用 --county（或在上传页选择县区）指明。';

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

export async function ingestBuffer(db: Kysely<Database>, input: IngestInput): Promise<IngestResult> {
  const label = input.label ?? input.fileName;
  try {
    checkBytes(input.fileName, input.bytes, input.maxBytes ?? DEFAULT_LIMITS.maxFileBytes);
    const hash = sha256(input.bytes);
    // Fast path: bytes already stored need no reading or parsing.
    const known = await findDocumentBySha(db, hash);
    if (known) return toResult(label, await unchangedResult(db, known.reportId));
    const document = await readDocument(input.bytes, input.fileName);
    const parsed = parseText(document.text, { exactCells: document.exactCells });
    if (!parsed.record) {
      return failedResult(label, parsed.error ?? `文件“${input.fileName}”没有读出年度报告的内容。`);
    }
    if (!parsed.record.organ.trim()) {
      return failedResult(label, `文件“${input.fileName}”没有读出发布机关的名称：标题应为“××镇人民政府××××年政府信息公开工作年度报告”这样的一行。`);
    }
    const stored = await storeReport(db, {
      fileName: input.fileName, bytes: input.bytes, sha256: hash, via: input.via, county: input.county,
      document, record: parsed.record, review: parsed.review,
    });
    return toResult(label, stored);
  } catch (error) {
    return failedResult(label, reasonOf(error, input.fileName));
  }
}

function toResult(file: string, s: StoreResult): IngestResult {
  return {
    file, outcome: s.outcome, needsReview: s.reviewCount > 0, reportId: s.reportId, organ: s.organ, county: s.county,
    year: s.year, reviewCount: s.reviewCount,
    reason: s.reportId !== null && s.county === null ? UNKNOWN_COUNTY_NOTE : null,
  };
}
