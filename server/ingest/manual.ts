/**
 * 手工录入: a report typed in by a clerk (its file could not be read, or it came on paper). It
 * becomes the same record as a parsed report, stored the same way, with the same checks. Its
 * "original" is the record written out as text in the template's grid, and that text is read
 * back through the parser: the record is stored only if the text says exactly what was typed,
 * so the 原文 panel and every cell's line agree with the numbers.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { parseText } from '../report/parse.ts';
import { renderText } from '../report/render.ts';
import { CELLS, getCell } from '../../shared/template.ts';
import type { NarrativeKey, ReportRecord, Tables } from '../../shared/template.ts';
import { storeReport } from './store.ts';
import type { StoreResult } from './store.ts';

export interface ManualEntry {
  organ: string;
  county?: string | undefined;
  year: number;
  published?: string | null | undefined;
  tables: Tables;
  narrative?: Partial<Record<NarrativeKey, string | null>> | undefined;
}

export class ManualEntryError extends Error {}

export async function storeManualReport(db: Kysely<Database>, entry: ManualEntry): Promise<StoreResult> {
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
  return storeReport(db, {
    fileName: `${organ}${entry.year}年政府信息公开工作年度报告（手工录入）.txt`,
    bytes, sha256: createHash('sha256').update(bytes).digest('hex'), via: 'manual', county: entry.county,
    document: { format: 'txt', extraction: 'manual', text, exactCells: true }, record, review: [], lines: parsed.lines,
  });
}
