/**
 * 手工录入: a report typed in by a clerk (its file could not be read, or it came on paper). It
 * becomes the same record as a parsed report, stored the same way, with the same checks. Its
 * "original" is the record written out as text in the template's grid, and that text is read
 * back through the parser: the record is stored only if the text says exactly what was typed,
 * so the 原文 panel and every cell's line agree with the numbers.
 *
 * The clerk may attach the scanned file (PDF or image). It is never read into numbers: the
 * report is the typed record, and the scan is kept byte for byte beside it as a `document`
 * linked in `report_attachment`, written in the same transaction as the report.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { parseText } from '../report/parse.ts';
import { renderText } from '../report/render.ts';
import { ATTACHMENT_FORMATS } from '../../shared/enums.ts';
import { CELLS, getCell } from '../../shared/template.ts';
import type { NarrativeKey, ReportRecord, Tables } from '../../shared/template.ts';
import { writeWithFlags } from '../flags/write.ts';
import { attachToReport } from '../repositories/attachments.repository.ts';
import { withSuperseded, writeReport } from './store.ts';
import type { StoreResult } from './store.ts';
import { sha256 } from './ingest.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { supersededAfter } from './superseded.ts';

export interface ManualEntry {
  organ: string;
  county?: string | undefined;
  year: number;
  published?: string | null | undefined;
  tables: Tables;
  narrative?: Partial<Record<NarrativeKey, string | null>> | undefined;
  /** The scanned file, kept beside the report as it came (never read). */
  attachment?: { fileName: string; bytes: Buffer } | undefined;
}

export class ManualEntryError extends Error {}
/** The attachment is over the per-file limit (HTTP 413). */
export class AttachmentTooLargeError extends ManualEntryError {}

function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** The attachment checked: its name (control characters dropped), format, size. */
export function checkAttachment(file: { fileName: string; bytes: Buffer }, maxBytes: number): { fileName: string; format: string; bytes: Buffer; sha256: string } {
  // A name is data: kept as sent, never used as a path; it is only ever shown as text and sent
  // back through `safeFileName`.
  // eslint-disable-next-line no-control-regex
  const fileName = file.fileName.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!fileName) throw new ManualEntryError('扫描件没有文件名，未保存。');
  const ext = /\.([A-Za-z]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const format = ATTACHMENT_FORMATS[ext];
  if (!format) throw new ManualEntryError(`扫描件“${fileName}”不是 PDF、图片（JPG、PNG、TIF）或 Word 文件，未保存。`);
  if (file.bytes.length === 0) throw new ManualEntryError(`扫描件“${fileName}”是空的（0 字节），未保存。`);
  if (file.bytes.length > maxBytes) {
    throw new AttachmentTooLargeError(`扫描件“${fileName}”有 ${sizeText(file.bytes.length)}，超过了单个文件 ${sizeText(maxBytes)} 的上限，报告和扫描件都未保存。请压缩或分辨率调低后再附。`);
  }
  return { fileName, format, bytes: file.bytes, sha256: sha256(file.bytes) };
}

export interface ManualResult extends StoreResult {
  /** A scan was linked to the report by this request (false: none sent, or these bytes were already attached). */
  attached: boolean;
}

export async function storeManualReport(
  db: Kysely<Database>, entry: ManualEntry, options: { maxAttachmentBytes?: number } = {},
): Promise<ManualResult> {
  const scan = entry.attachment ? checkAttachment(entry.attachment, options.maxAttachmentBytes ?? DEFAULT_LIMITS.maxFileBytes) : undefined;
  const organ = entry.organ.trim();
  if (!organ) throw new ManualEntryError('请填写单位名称。');
  if (/[<>]/.test(organ)) throw new ManualEntryError('单位名称不能含有 < 或 >。');
  const typed: ReportRecord = {
    organ, year: entry.year, published: entry.published ?? null, published_source: entry.published ? 'report' : null, template: '2021',
    headings: [],
    narrative: { overview: entry.narrative?.overview ?? null, problems: entry.narrative?.problems ?? null, other: entry.narrative?.other ?? null },
    active: entry.tables.active, requests: entry.tables.requests, appeals: entry.tables.appeals,
  };
  const text = renderText(typed, 'exact-grid', { plain: true });
  const parsed = parseText(text, { exactCells: true });
  const read = parsed.record;
  const differs = !read || read.organ !== organ || read.year !== entry.year
    || CELLS.some((c) => getCell(read, c) !== getCell(typed, c));
  // A review entry can only be on a cell the text leaves blank (a number read elsewhere would
  // differ above): one the clerk typed blank, e.g. a table left empty. Blank is what was meant.
  if (differs) {
    throw new ManualEntryError(`录入内容无法按模板写成报告全文（${parsed.error ?? '写出的全文读回后与录入不一致'}），未保存。请检查单位名称和年度。`);
  }
  const record: ReportRecord = { ...typed, headings: read.headings, narrative: read.narrative };
  const bytes = Buffer.from(text, 'utf8');
  const input = {
    fileName: `${organ}${entry.year}年政府信息公开工作年度报告（手工录入）.txt`,
    bytes, sha256: sha256(bytes), via: 'manual' as const, county: entry.county,
    document: { format: 'txt', extraction: 'manual', text, exactCells: true }, record, review: [], lines: parsed.lines,
  };
  // One transaction: the report (or the one these bytes already are), its scan, the flags.
  return writeWithFlags(db, async (trx) => {
    const written = await writeReport(trx, input);
    const attached = scan && written.reportId !== null ? await attachToReport(trx, written.reportId, scan) : false;
    return { ...written, attached };
  }, async (trx, { changed: _changed, before, ...result }) => withSuperseded(result, before && await supersededAfter(trx, before)));
}
