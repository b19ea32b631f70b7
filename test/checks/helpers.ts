/** Generated reports for the rule tests, and small helpers to put them in a real SQLite file (../support/db.ts). */
import type { OrganKind } from '../../db/schema.ts';
import { contextFromRecord } from '../../server/checks/context.ts';
import type { CheckContext } from '../../server/checks/types.ts';
import { CELLS, SECTIONS, cellDef, emptyTables, setCell } from '../../shared/template.ts';
import type { ReportRecord, ReviewEntry, Value } from '../../shared/template.ts';
import { doubtRows } from '../../server/ingest/store.ts';
import { encodeCellLines, insertCells } from '../../server/repositories/cells.repository.ts';
import { insertCorrection, setValueInForce } from '../../server/repositories/corrections.repository.ts';
import { insertDocument } from '../../server/repositories/documents.repository.ts';
import { currentReportIds, insertReport, insertReportValues, retireReports } from '../../server/repositories/reports.repository.ts';
import type { TestDb } from '../support/db.ts';

/** A complete, consistent 2021-form report: every cell 0, sections 一–六, dated in time. */
export function generatedRecord(over: Partial<ReportRecord> = {}): ReportRecord {
  const tables = emptyTables();
  for (const c of CELLS) setCell(tables, c, 0);
  return {
    organ: '东风镇',
    year: 2024,
    published: '2025-01-20',
    published_source: 'report',
    template: '2021',
    headings: SECTIONS.map((s, i) => ({ no: s.no, title: s.title, line: i * 10 + 1 })),
    narrative: {
      overview: '2024年，东风镇认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。',
      problems: '存在的问题：公开内容不够丰富。改进措施：加强培训，丰富公开内容。',
      other: '本年度未收取信息处理费。',
    },
    ...tables,
    ...over,
  };
}

/** Set cells by key on a record (mutates and returns it). */
export function withCells(record: ReportRecord, values: Record<string, Value>): ReportRecord {
  for (const [key, v] of Object.entries(values)) setCell(record, cellDef(key)!, v);
  return record;
}

export function ctxOf(record: ReportRecord, review: ReviewEntry[] = [], organKind?: OrganKind): CheckContext {
  return contextFromRecord(record, review, organKind ? { organKind } : {});
}

export function review(key: string, reason = '表格空格丢失，无法确定所在列', line: number | null = 40): ReviewEntry {
  const d = cellDef(key)!;
  return { section: d.section, row: d.row, column: d.column, reason, line };
}

// ------------------------------------------------------------------ database

export async function addCounty(t: TestDb, name = '东风县'): Promise<number> {
  const r = await t.db.insertInto('county').values({ name }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function addOrgan(t: TestDb, countyId: number | null, name: string, kind: OrganKind = 'township', inRegistry = 1): Promise<number> {
  const r = await t.db.insertInto('organ').values({ county_id: countyId, name, full_name: name, kind, in_registry: inRegistry })
    .returning('id').executeTakeFirstOrThrow();
  return r.id;
}

let docSeq = 0;

/**
 * Store a report through the repositories ingest writes with (document, report, cells,
 * report_value), making it the current one for its organ and year. Returns the report id.
 */
export async function addReport(t: TestDb, organId: number, record: ReportRecord, reviewEntries: ReviewEntry[] = []): Promise<number> {
  const organ = await t.db.selectFrom('organ').select(['county_id']).where('id', '=', organId).executeTakeFirstOrThrow();
  const documentId = await insertDocument(t.db, {
    sha256: `test-${++docSeq}-${Date.now()}`, fileName: `${record.organ}-${record.year}.txt`, format: 'txt', extraction: 'utf-8',
    content: Buffer.from('x'), text: 'x', via: 'cli',
  });
  await retireReports(t.db, await currentReportIds(t.db, organId, record.year));
  const reportId = await insertReport(t.db, {
    document_id: documentId, organ_id: organId, county_id: organ.county_id, year: record.year, organ_printed: record.organ,
    published: record.published, published_source: record.published_source, template: record.template,
    status: reviewEntries.length ? 'needs_review' : 'ok', current: 1, deleted_at: null,
    headings: JSON.stringify(record.headings), overview: record.narrative.overview, problems: record.narrative.problems, other: record.narrative.other,
    cell_lines: encodeCellLines({}),
  });
  await insertCells(t.db, doubtRows(reportId, record, reviewEntries));
  await insertReportValues(t.db, reportId, record);
  return reportId;
}

/** Correct one cell the way the API does: correction row, then the value in force. */
export async function correctCell(t: TestDb, reportId: number, key: string, value: Value): Promise<void> {
  await insertCorrection(t.db, { reportId, key, value, reason: '核对原件', author: '审核员' });
  await setValueInForce(t.db, reportId, key, value);
}

export async function deleteReport(t: TestDb, reportId: number): Promise<void> {
  await t.db.updateTable('report').set({ deleted_at: new Date().toISOString(), current: 0 }).where('id', '=', reportId).execute();
}

export function rules(flags: readonly { rule: string }[]): string[] {
  return flags.map((f) => f.rule);
}
