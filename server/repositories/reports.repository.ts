/** Reports: one row per parsed document; `current` marks the one in force for its organ and year. */
import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';
import { compiledOnce } from '../../db/open.ts';
import type { Database, NewReport } from '../../db/schema.ts';
import { valueColumn } from '../../db/schema.ts';
import { CELLS, getCell } from '../../shared/template.ts';
import type { Tables } from '../../shared/template.ts';

type Db = Kysely<Database>;

/** The current reports of an organ and year (normally one). */
const selectCurrent = compiledOnce((db: Db, organId: number, year: number) => db.selectFrom('report').select('id')
  .where('organ_id', '=', organId).where('year', '=', year).where('current', '=', 1));

export async function currentReportIds(db: Db, organId: number, year: number): Promise<number[]> {
  return (await selectCurrent(db, organId, year)).map((r) => r.id);
}

/** The reports in force of an organ and year: current and not deleted (normally one, or none). */
export async function inForceReportIds(db: Db, organId: number, year: number): Promise<number[]> {
  const rows = await db.selectFrom('report').select('id')
    .where('organ_id', '=', organId).where('year', '=', year).where('current', '=', 1).where('deleted_at', 'is', null).execute();
  return rows.map((r) => r.id);
}

/** Make the given reports history (they stay, no longer in force). */
export async function retireReports(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('report').set({ current: 0 }).where('id', 'in', [...ids]).execute();
}

/** Put a report back in force (the caller retires the one it displaces). */
export async function makeCurrent(db: Db, reportId: number): Promise<void> {
  await db.updateTable('report').set({ current: 1 }).where('id', '=', reportId).execute();
}

export interface ReportPlace {
  reportId: number;
  organId: number;
  countyId: number | null;
  year: number;
  organPrinted: string;
  /** In force: current and not deleted. */
  current: boolean;
  /** Deleted (hidden) by a person. */
  deleted: boolean;
}

/** Where a report is filed: organ, county, year, and whether it is the one in force. */
export async function reportPlace(db: Db, reportId: number): Promise<ReportPlace | undefined> {
  const r = await db.selectFrom('report').select(['id', 'organ_id', 'county_id', 'year', 'organ_printed', 'current', 'deleted_at'])
    .where('id', '=', reportId).executeTakeFirst();
  return r && {
    reportId: r.id, organId: r.organ_id, countyId: r.county_id, year: r.year, organPrinted: r.organ_printed,
    current: r.current === 1 && r.deleted_at === null, deleted: r.deleted_at !== null,
  };
}

/** File a report under another organ (and its county). */
export async function moveReport(db: Db, reportId: number, organId: number, countyId: number | null): Promise<void> {
  await db.updateTable('report').set({ organ_id: organId, county_id: countyId }).where('id', '=', reportId).execute();
}

// Every column of a new report, in a fixed order, so the insert is compiled once.
const REPORT_COLUMNS = [
  'document_id', 'organ_id', 'county_id', 'year', 'organ_printed', 'published', 'published_source', 'template', 'status',
  'current', 'deleted_at', 'headings', 'overview', 'problems', 'other', 'cell_lines',
] as const satisfies readonly (keyof NewReport)[];

const insertReportRow = compiledOnce((db: Db, ...values: unknown[]) =>
  db.insertInto('report').values(Object.fromEntries(REPORT_COLUMNS.map((c, i) => [c, values[i]])) as unknown as NewReport).returning('id'));

export async function insertReport(db: Db, report: NewReport): Promise<number> {
  const [row] = await insertReportRow(db, ...REPORT_COLUMNS.map((c) => report[c] ?? null));
  if (!row) throw new Error('report insert returned no id');
  return row.id;
}

// Compiled once per dialect (adapter): building a 201-column insert costs more than running it.
const valueInsertSql = new WeakMap<object, string>();

/** The wide row of values in force of a new report: one column per template cell, as the record has them. */
export async function insertReportValues(db: Db, reportId: number, record: Tables): Promise<void> {
  const adapter = db.getExecutor().adapter;
  let text = valueInsertSql.get(adapter);
  if (!text) {
    const row: Record<string, number | null> = { report_id: 0 };
    for (const c of CELLS) row[valueColumn(c.key)] = null;
    text = db.insertInto('report_value').values(row as never).compile().sql;
    valueInsertSql.set(adapter, text);
  }
  const params: (number | null)[] = [reportId];
  for (const c of CELLS) params.push(getCell(record, c));
  await db.executeQuery(CompiledQuery.raw(text, params));
}

export async function countReports(db: Db, filter: { currentOnly?: boolean } = {}): Promise<number> {
  let q = db.selectFrom('report').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.currentOnly) q = q.where('current', '=', 1).where('deleted_at', 'is', null);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface ReportSummary {
  reportId: number;
  organ: string;
  county: string | null;
  year: number;
  status: string;
  reviewCount: number;
}

/** Organ, county, year and open review count of one report (for telling the uploader what is stored). */
export async function reportSummary(db: Db, reportId: number): Promise<ReportSummary | undefined> {
  const r = await db.selectFrom('report').innerJoin('organ', 'organ.id', 'report.organ_id')
    .leftJoin('county', 'county.id', 'report.county_id')
    .select(['report.id', 'organ.name as organ', 'county.name as county', 'report.year', 'report.status'])
    .select((eb) => eb.selectFrom('cell').select(eb.fn.countAll<number>().as('n'))
      .whereRef('cell.report_id', '=', 'report.id').where('cell.review', 'is not', null).where('cell.corrected', '=', 0).as('reviews'))
    .where('report.id', '=', reportId).executeTakeFirst();
  return r && { reportId: r.id, organ: r.organ, county: r.county, year: r.year, status: r.status, reviewCount: Number(r.reviews ?? 0) };
}

/** Every report in force (any year) of the given organs. */
export async function currentReportsOfOrgans(db: Db, organIds: readonly number[]): Promise<number[]> {
  const out: number[] = [];
  const ids = [...new Set(organIds)];
  // Chunked: far below SQLite's and PostgreSQL's bound-parameter limits.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('report').select('id')
      .where('organ_id', 'in', ids.slice(i, i + 500)).where('current', '=', 1).where('deleted_at', 'is', null).execute();
    out.push(...rows.map((r) => r.id));
  }
  return out;
}

/** One current report of each year of the given counties (enough to make the checks redo those county-years). */
export async function oneReportPerCountyYear(db: Db, countyIds: readonly number[]): Promise<number[]> {
  if (countyIds.length === 0) return [];
  const rows = await db.selectFrom('report').select((eb) => eb.fn.min('id').as('id'))
    .where('county_id', 'in', [...countyIds]).where('current', '=', 1).where('deleted_at', 'is', null)
    .groupBy(['county_id', 'year']).execute();
  return rows.map((r) => Number(r.id));
}

/**
 * The newest version of an organ and year uploaded before `beforeId` that is not deleted: the one
 * that comes back in force when the version in force is deleted or moved away (undefined: none).
 */
export async function latestEarlierVersion(db: Db, organId: number, year: number, beforeId: number): Promise<number | undefined> {
  const r = await db.selectFrom('report').select('id')
    .where('organ_id', '=', organId).where('year', '=', year).where('id', '<', beforeId).where('deleted_at', 'is', null)
    .orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r?.id;
}
