/**
 * The queries of a database copy (server/copy/copy.ts): reading a source's rows in batches and
 * writing them to a target in multi-row inserts. `db` may be a transaction.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { inList, onPostgres } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Bound parameters per statement: SQLite's limit is 32,766 (since 3.32), PostgreSQL's 65,535;
 * a little below both.
 */
export function parameterLimit(db: Db): number {
  return onPostgres(db) ? 65_000 : 32_000;
}

/** Ids (or names) per `in` list: the list is one bound parameter (db/dialect.ts `inList`), but keep statements small. */
export const LIST = 1000;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Insert rows (all with the same columns) in as few multi-row statements as the parameter
 * limit allows (`maxRows` further bounds a statement, e.g. for large values); with `returning`,
 * the given columns of every row inserted.
 */
export async function insertRows<R extends Record<string, unknown>>(
  db: Db, table: keyof Database, rows: readonly Record<string, unknown>[], options: { returning?: readonly string[]; maxRows?: number } = {},
): Promise<R[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!).length;
  const perStatement = Math.max(1, Math.min(options.maxRows ?? Infinity, Math.floor(parameterLimit(db) / columns)));
  const out: R[] = [];
  for (const part of chunks(rows, perStatement)) {
    const insert = (db as AnyDb).insertInto(table).values(part);
    if (options.returning) out.push(...(await insert.returning(options.returning as string[]).execute()) as R[]);
    else await insert.execute();
  }
  return out;
}

// ------------------------------------------------------------------ organs

export async function allCounties(db: Db) {
  return db.selectFrom('county').select(['id', 'name']).orderBy('id').execute();
}

export async function allOrgans(db: Db) {
  return db.selectFrom('organ').select(['id', 'county_id', 'name', 'full_name', 'kind', 'in_registry', 'created_at']).orderBy('id').execute();
}

export async function allAliases(db: Db) {
  return db.selectFrom('organ_alias').select(['organ_id', 'alias']).orderBy('id').execute();
}

/** Organs of the given counties, and those with no county when `withUnknown`. */
export async function organsOfCounties(db: Db, countyIds: readonly number[], withUnknown: boolean) {
  const out = [];
  for (const ids of chunks(countyIds, LIST)) {
    out.push(...await db.selectFrom('organ').select(['id', 'county_id', 'name']).where(inList(db, sql.ref('county_id'), ids)).execute());
  }
  if (withUnknown) out.push(...await db.selectFrom('organ').select(['id', 'county_id', 'name']).where('county_id', 'is', null).execute());
  return out;
}

export async function aliasesOfOrgans(db: Db, organIds: readonly number[]) {
  const out = [];
  for (const ids of chunks(organIds, LIST)) {
    out.push(...await db.selectFrom('organ_alias').select(['organ_id', 'alias']).where(inList(db, sql.ref('organ_id'), ids)).execute());
  }
  return out;
}

// ------------------------------------------------------------------ reports

/** The next batch of a source's reports after `afterId`, in id order, with their document's SHA-256. */
export async function reportBatch(db: Db, afterId: number, limit: number) {
  return db.selectFrom('report').innerJoin('document', 'document.id', 'report.document_id')
    .selectAll('report').select('document.sha256')
    .where('report.id', '>', afterId).orderBy('report.id').limit(limit).execute();
}
export type SourceReport = Awaited<ReturnType<typeof reportBatch>>[number];

export async function countRows(db: Db, table: 'report' | 'report_action' | 'flag_decision'): Promise<number> {
  const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function documentsBySha(db: Db, shas: readonly string[]) {
  const out = [];
  for (const part of chunks([...new Set(shas)], LIST)) {
    out.push(...await db.selectFrom('document').select(['id', 'sha256']).where(inList(db, sql.ref('sha256'), part)).execute());
  }
  return out;
}

export async function documentSizes(db: Db, ids: readonly number[]) {
  const out = [];
  for (const part of chunks([...new Set(ids)], LIST)) {
    out.push(...await db.selectFrom('document').select(['id', 'size']).where(inList(db, sql.ref('id'), part)).orderBy('id').execute());
  }
  return out;
}

/** Attached scans after `afterReportId`, in report order, with their file's SHA-256. */
export async function attachmentBatch(db: Db, afterReportId: number, limit: number) {
  return db.selectFrom('report_attachment as a').innerJoin('document as d', 'd.id', 'a.document_id')
    .select(['a.report_id', 'a.document_id', 'd.sha256']).where('a.report_id', '>', afterReportId).orderBy('a.report_id').limit(limit).execute();
}

/** Which of these reports already have an attachment. */
export async function attachedReports(db: Db, reportIds: readonly number[]): Promise<number[]> {
  const out: number[] = [];
  for (const part of chunks([...new Set(reportIds)], LIST)) {
    out.push(...(await db.selectFrom('report_attachment').select('report_id').where(inList(db, sql.ref('report_id'), part)).execute()).map((r) => r.report_id));
  }
  return out;
}

/** Whole documents (bytes and text): call with a few at a time. */
export async function documentsWhole(db: Db, ids: readonly number[]) {
  return db.selectFrom('document').select(['sha256', 'file_name', 'format', 'extraction', 'size', 'content', 'text', 'received_at', 'received_via', 'scan'])
    .where(inList(db, sql.ref('id'), ids)).orderBy('id').execute();
}

/** Reports made from the given documents: to find a source report already in the target. */
export async function reportsOfDocuments(db: Db, documentIds: readonly number[]) {
  const out = [];
  for (const part of chunks([...new Set(documentIds)], LIST)) {
    out.push(...await db.selectFrom('report').select(['id', 'document_id', 'organ_id', 'year'])
      .where(inList(db, sql.ref('document_id'), part)).orderBy('id').execute());
  }
  return out;
}

/** The reports holding the `current` mark for the given organs in the given years (deleted ones too). */
export async function currentHolders(db: Db, organIds: readonly number[], years: readonly number[]) {
  const out = [];
  for (const part of chunks([...new Set(organIds)], LIST)) {
    out.push(...await db.selectFrom('report').select(['id', 'organ_id', 'year', 'created_at', 'deleted_at'])
      .where(inList(db, sql.ref('organ_id'), part)).where(inList(db, sql.ref('year'), [...new Set(years)]))
      .where('current', '=', 1).execute());
  }
  return out;
}

export async function retire(db: Db, ids: readonly number[]): Promise<void> {
  for (const part of chunks(ids, LIST)) await db.updateTable('report').set({ current: 0 }).where(inList(db, sql.ref('id'), part)).execute();
}

export async function valueRows(db: Db, reportIds: readonly number[]) {
  const out = [];
  for (const part of chunks(reportIds, LIST)) out.push(...await db.selectFrom('report_value').selectAll().where(inList(db, sql.ref('report_id'), part)).execute());
  return out as Record<string, number | null>[];
}

export async function cellRows(db: Db, reportIds: readonly number[]) {
  const out = [];
  for (const part of chunks(reportIds, LIST)) {
    out.push(...await db.selectFrom('cell').selectAll().where(inList(db, sql.ref('report_id'), part)).orderBy('report_id').orderBy('key').execute());
  }
  return out;
}

export async function correctionRows(db: Db, reportIds: readonly number[]) {
  const out = [];
  for (const part of chunks(reportIds, LIST)) {
    out.push(...await db.selectFrom('correction').select(['id', 'report_id', 'key', 'value', 'reason', 'author', 'created_at'])
      .where(inList(db, sql.ref('report_id'), part)).orderBy('id').execute());
  }
  return out;
}

/** Put one cell's state (its row and its column of report_value) as given, and the report's status from its cells. */
export async function setCellState(
  db: Db, reportId: number, cell: { key: string; parsed: number | null; value: number | null; review: string | null; line: number | null; corrected: number },
  column: string, value: number | null,
): Promise<void> {
  await db.deleteFrom('cell').where('report_id', '=', reportId).where('key', '=', cell.key).execute();
  await db.insertInto('cell').values({ report_id: reportId, ...cell }).execute();
  await db.updateTable('report_value').set({ [column]: value } as never).where('report_id', '=', reportId).execute();
  const open = await db.selectFrom('cell').select('key').where('report_id', '=', reportId)
    .where('review', 'is not', null).where('corrected', '=', 0).limit(1).executeTakeFirst();
  await db.updateTable('report').set({ status: open ? 'needs_review' : 'ok' }).where('id', '=', reportId).execute();
}

// ------------------------------------------------------------------ actions, decisions, flags

export async function actionBatch(db: Db, afterId: number, limit: number) {
  return db.selectFrom('report_action').select(['id', 'report_id', 'action', 'reason', 'author', 'detail', 'created_at'])
    .where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export async function actionsOfReports(db: Db, reportIds: readonly number[]) {
  const out = [];
  for (const part of chunks([...new Set(reportIds)], LIST)) {
    out.push(...await db.selectFrom('report_action').select(['report_id', 'action', 'reason', 'author', 'detail', 'created_at'])
      .where(inList(db, sql.ref('report_id'), part)).execute());
  }
  return out;
}

export async function decisionBatch(db: Db, afterId: number, limit: number) {
  return db.selectFrom('flag_decision').select(['id', 'identity', 'fingerprint', 'state', 'reason', 'author', 'created_at'])
    .where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export async function decisionsOf(db: Db, identities: readonly string[]) {
  const out = [];
  for (const part of chunks([...new Set(identities)], LIST)) {
    out.push(...await db.selectFrom('flag_decision').select(['identity', 'fingerprint', 'state', 'reason', 'author', 'created_at'])
      .where(inList(db, sql.ref('identity'), part)).execute());
  }
  return out;
}

export async function flagsOf(db: Db, identities: readonly string[]) {
  const out = [];
  for (const part of chunks([...new Set(identities)], LIST)) {
    out.push(...await db.selectFrom('flag').select(['identity', 'fingerprint', 'rule', 'message', 'cells', 'detail'])
      .where(inList(db, sql.ref('identity'), part)).execute());
  }
  return out;
}
