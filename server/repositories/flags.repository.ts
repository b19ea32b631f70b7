/**
 * Every query the checks need: loading report contexts and county-years, replacing flags,
 * listing them with their review state, and recording decisions. `db` may be a transaction.
 */
import type { Kysely, RawBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { Database, OrganKind, Severity } from '../../db/schema.ts';
import { valueColumn } from '../../db/schema.ts';
import { CELLS } from '../../shared/template.ts';
import type { NarrativeKey, Tables } from '../../shared/template.ts';
import type { RuleId } from '../checks/registry.ts';
import type { CheckContext, CountyReport, PlacedFlag, RegistryOrgan } from '../checks/types.ts';

type Db = Kysely<Database>;

// Ids per `in (...)` list: far below SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface ReportKey {
  reportId: number;
  organId: number;
  countyId: number | null;
  year: number;
}

/**
 * Organ, county and year of the given reports, whatever their state (deleted ones too), in id
 * order. `known` gives them for reports the caller has just written, which need no query.
 */
export async function reportKeys(db: Db, reportIds: readonly number[], known?: (id: number) => ReportKey | undefined): Promise<ReportKey[]> {
  const out: ReportKey[] = [];
  for (const ids of chunks([...new Set(reportIds)])) {
    const keys = ids.flatMap((id) => known?.(id) ?? []);
    const ask = keys.length === ids.length ? [] : ids.filter((id) => !known?.(id));
    if (ask.length) {
      const rows = await db.selectFrom('report').select(['id', 'organ_id', 'county_id', 'year']).where('id', 'in', ask).execute();
      keys.push(...rows.map((r) => ({ reportId: r.id, organId: r.organ_id, countyId: r.county_id, year: r.year })));
    }
    out.push(...keys.sort((a, b) => a.reportId - b.reportId));
  }
  return out;
}

const pairKey = (organId: number, year: number): string => `${organId}|${year}`;

/** The report in force for each (organ, year) asked, keyed `organ|year`. */
export async function currentReports(db: Db, pairs: readonly { organId: number; year: number }[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (pairs.length === 0) return out;
  const years = [...new Set(pairs.map((p) => p.year))];
  const rows = [];
  for (const organs of chunks([...new Set(pairs.map((p) => p.organId))])) {
    rows.push(...await db.selectFrom('report').select(['id', 'organ_id', 'year'])
      .where('organ_id', 'in', organs).where('year', 'in', years)
      .where('current', '=', 1).where('deleted_at', 'is', null)
      .orderBy('id').execute());
  }
  rows.sort((a, b) => a.id - b.id);
  const wanted = new Set(pairs.map((p) => pairKey(p.organId, p.year)));
  for (const r of rows) if (wanted.has(pairKey(r.organ_id, r.year))) out.set(pairKey(r.organ_id, r.year), r.id);
  return out;
}
export { pairKey };

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

// Each template cell with its report_value column, computed once rather than per report.
const CELL_COLUMNS = CELLS.map((c) => ({ section: c.section, row: c.row, column: c.column, valueColumn: valueColumn(c.key) }));

/** The three tables from a report_value row (every cell null without one), built in one pass over CELLS. */
function tablesOf(row: Record<string, number | null> | undefined): Tables {
  const tables: Record<string, Record<string, Record<string, number | null>>> = { active: {}, requests: {}, appeals: {} };
  for (const c of CELL_COLUMNS) {
    const section = tables[c.section]!;
    const cells = section[c.row] ?? (section[c.row] = {});
    cells[c.column] = row?.[c.valueColumn] ?? null;
  }
  return tables as unknown as Tables;
}

/** Full contexts (values in force, review cells, headings, narrative) of the given reports. */
export async function loadContexts(db: Db, reportIds: readonly number[]): Promise<Map<number, CheckContext>> {
  const out = new Map<number, CheckContext>();
  for (const ids of chunks([...new Set(reportIds)])) {
    const reports = await db.selectFrom('report').innerJoin('organ', 'organ.id', 'report.organ_id')
      .select(['report.id', 'report.organ_id', 'report.county_id', 'report.year', 'report.organ_printed', 'report.published',
        'report.published_source', 'report.template', 'report.headings', 'report.overview', 'report.problems', 'report.other',
        'report.status', 'organ.kind'])
      .where('report.id', 'in', ids).execute();
    const values = await db.selectFrom('report_value').selectAll().where('report_id', 'in', ids).execute();
    const valuesById = new Map(values.map((v) => [v.report_id, v as Record<string, number | null>]));
    // Only a report marked needs_review has uncorrected review cells (corrections keep the status in step).
    const unsure = reports.filter((r) => r.status === 'needs_review').map((r) => r.id);
    const reviews = unsure.length === 0 ? [] : await db.selectFrom('cell').select(['report_id', 'key', 'review', 'line'])
      .where('report_id', 'in', unsure).where('review', 'is not', null).where('corrected', '=', 0).execute();
    const reviewsById = new Map<number, CheckContext['review']>();
    for (const c of reviews) {
      const list = reviewsById.get(c.report_id) ?? [];
      list.push({ key: c.key, reason: c.review ?? '', line: c.line });
      reviewsById.set(c.report_id, list);
    }
    for (const r of reports) {
      const tables = tablesOf(valuesById.get(r.id));
      const narrative: Record<NarrativeKey, string | null> = { overview: r.overview, problems: r.problems, other: r.other };
      out.set(r.id, {
        reportId: r.id, organId: r.organ_id, countyId: r.county_id,
        organ: r.organ_printed, organKind: r.kind, year: r.year,
        published: r.published, publishedSource: r.published_source, template: r.template,
        headings: parseJson(r.headings, []), narrative, tables,
        review: reviewsById.get(r.id) ?? [],
      });
    }
  }
  return out;
}

export interface CountyYear {
  countyId: number;
  year: number;
}

export const countyYearKey = (countyId: number, year: number): string => `${countyId}|${year}`;

// County-years per statement: two bound values each, far below the parameter limits.
const PAIRS = 200;

/**
 * The current reports of each county-year, with only what the county-wide rules read, keyed
 * `county|year` (every county-year asked has an entry), in report id order. One statement for
 * all the county-years a batch touched: each statement costs more to build than to run.
 */
export async function loadCountyReports(db: Db, countyYears: readonly CountyYear[], keys: readonly string[]): Promise<Map<string, CountyReport[]>> {
  const out = new Map(countyYears.map((cy): [string, CountyReport[]] => [countyYearKey(cy.countyId, cy.year), []]));
  const cols = keys.map((k) => valueColumn(k));
  const keyCols = keys.map((k, i) => [k, cols[i]!] as const);
  for (const pairs of chunks(countyYears, PAIRS)) {
    const rows = await db.selectFrom('report')
      .innerJoin('organ', 'organ.id', 'report.organ_id')
      .leftJoin('report_value', 'report_value.report_id', 'report.id')
      .select(['report.id', 'report.organ_id', 'report.county_id', 'report.year', 'report.organ_printed', 'report.problems', 'organ.kind'])
      .select(cols.map((c) => sql<number | null>`report_value.${sql.ref(c)}`.as(c)))
      .where((eb) => eb.or(pairs.map((p) => eb.and([eb('report.county_id', '=', p.countyId), eb('report.year', '=', p.year)]))))
      .where('report.current', '=', 1).where('report.deleted_at', 'is', null)
      .orderBy('report.id').execute();
    for (const r of rows) {
      const rec = r as Record<string, number | null>;
      out.get(countyYearKey(r.county_id!, r.year))?.push({
        reportId: r.id, organId: r.organ_id, organ: r.organ_printed, organKind: r.kind as OrganKind, problems: r.problems,
        values: Object.fromEntries(keyCols.map(([k, c]) => [k, rec[c] ?? null])),
      });
    }
  }
  return out;
}

/** The registry of each county asked (every one has an entry), in organ id order. */
export async function loadRegistries(db: Db, countyIds: readonly number[]): Promise<Map<number, RegistryOrgan[]>> {
  const out = new Map(countyIds.map((id): [number, RegistryOrgan[]] => [id, []]));
  for (const ids of chunks([...new Set(countyIds)])) {
    const rows = await db.selectFrom('organ').select(['id', 'name', 'kind', 'county_id'])
      .where('county_id', 'in', ids).where('in_registry', '=', 1).orderBy('id').execute();
    for (const r of rows) out.get(r.county_id!)?.push({ organId: r.id, name: r.name, kind: r.kind });
  }
  return out;
}

/**
 * Remove the flags of the given rules for the given organ-years: one statement for all (per
 * 500 organs), each year with its own organs.
 */
export async function deleteOrganFlags(db: Db, rules: readonly RuleId[], pairs: readonly { organId: number; year: number }[]): Promise<void> {
  if (rules.length === 0 || pairs.length === 0) return;
  const byYear = new Map<number, Set<number>>();
  for (const p of pairs) byYear.set(p.year, (byYear.get(p.year) ?? new Set()).add(p.organId));
  const groups = [...byYear].flatMap(([year, organs]) => chunks([...organs]).map((ids) => ({ year, ids })));
  for (const part of bounded(groups, (g) => g.ids.length)) {
    await db.deleteFrom('flag').where('rule', 'in', [...rules])
      .where((eb) => eb.or(part.map((g) => eb.and([eb('year', '=', g.year), eb('organ_id', 'in', g.ids)]))))
      .execute();
  }
}

/** Items grouped so that each group's total `size` stays within CHUNK (an item larger than that goes alone). */
function bounded<T>(items: readonly T[], size: (item: T) => number): T[][] {
  const out: T[][] = [];
  let group: T[] = [];
  let total = 0;
  for (const item of items) {
    const n = size(item);
    if (group.length && total + n > CHUNK) {
      out.push(group);
      group = [];
      total = 0;
    }
    group.push(item);
    total += n;
  }
  if (group.length) out.push(group);
  return out;
}

/**
 * Remove the flags of the given rules in the given county-years, all their organs or, when a
 * county-year names `organIds`, only those (none named: nothing removed there).
 */
export async function deleteCountyFlags(
  db: Db, rules: readonly RuleId[], targets: readonly (CountyYear & { organIds?: readonly number[] })[],
): Promise<void> {
  const wanted = targets.filter((t) => !t.organIds || t.organIds.length > 0);
  if (rules.length === 0 || wanted.length === 0) return;
  for (const part of bounded(wanted, (t) => 2 + (t.organIds?.length ?? 0))) {
    await db.deleteFrom('flag').where('rule', 'in', [...rules])
      .where((eb) => eb.or(part.map((t) => eb.and([
        eb('county_id', '=', t.countyId), eb('year', '=', t.year), ...(t.organIds ? [eb('organ_id', 'in', [...t.organIds])] : []),
      ]))))
      .execute();
  }
}

/** Stored flags of one rule in the given county-years, keyed `county|year`: organ and details (to find who matched whom). */
export async function countyFlags(
  db: Db, rule: RuleId, countyYears: readonly CountyYear[],
): Promise<Map<string, { organId: number | null; detail: Record<string, unknown> }[]>> {
  const out = new Map<string, { organId: number | null; detail: Record<string, unknown> }[]>();
  for (const pairs of chunks(countyYears, PAIRS)) {
    const rows = await db.selectFrom('flag').select(['organ_id', 'detail', 'county_id', 'year'])
      .where('rule', '=', rule)
      .where((eb) => eb.or(pairs.map((p) => eb.and([eb('county_id', '=', p.countyId), eb('year', '=', p.year)]))))
      .execute();
    for (const r of rows) {
      const k = countyYearKey(r.county_id!, r.year);
      const list = out.get(k) ?? [];
      list.push({ organId: r.organ_id, detail: parseJson(r.detail, {}) });
      out.set(k, list);
    }
  }
  return out;
}

export async function insertFlags(db: Db, flags: readonly PlacedFlag[]): Promise<void> {
  // SQLite limits bound parameters per statement; 11 columns × 80 rows stays well below.
  for (let i = 0; i < flags.length; i += 80) {
    await db.insertInto('flag').values(flags.slice(i, i + 80).map((f) => ({
      identity: f.identity, fingerprint: f.fingerprint, rule: f.rule, severity: f.severity, message: f.message,
      report_id: f.reportId, organ_id: f.organId, county_id: f.countyId, year: f.year,
      cells: JSON.stringify(f.cells), detail: JSON.stringify(f.detail),
    }))).execute();
  }
}

// ------------------------------------------------------------------ reading and deciding

export type ReviewState = 'open' | 'confirmed' | 'dismissed';

/**
 * A flag's review state is its latest decision on its identity that still matches its numbers
 * (fingerprint); none: open. The SQL tests of it over a flag aliased `f`, defined here once for
 * every list, count and summary; the JS reading of the same rule is `toView` in flags/review.ts.
 */
const latestDecision = sql<string | null>`(select d.state from flag_decision d where d.identity = f.identity and d.fingerprint = f.fingerprint order by d.id desc limit 1)`;

/** A flag counts unless its latest decision (for its current numbers) dismissed it. */
export const notDismissed = sql<SqlBool>`not exists (
  select 1 from flag_decision d where d.identity = f.identity and d.fingerprint = f.fingerprint and d.state = 'dismissed'
  and d.id = (select max(d2.id) from flag_decision d2 where d2.identity = f.identity and d2.fingerprint = f.fingerprint))`;

/** Flags in a review state (alias f); no state: every flag not dismissed. */
export function reviewStateSql(state: ReviewState | undefined): RawBuilder<SqlBool> {
  if (!state) return notDismissed;
  // 'open': no decision, or the latest one undone.
  return state === 'open' ? sql<SqlBool>`coalesce(${latestDecision}, 'open') = 'open'` : sql<SqlBool>`${latestDecision} = ${state}`;
}

export interface FlagFilter {
  rule?: string;
  severity?: Severity;
  state?: ReviewState;
  countyId?: number;
  organId?: number;
  reportId?: number;
  year?: number;
  limit?: number;
  offset?: number;
}

function filtered(db: Db, f: FlagFilter) {
  let q = db.selectFrom('flag as f')
    .leftJoin('organ as o', 'o.id', 'f.organ_id')
    .leftJoin('county as c', 'c.id', 'f.county_id');
  if (f.rule) q = q.where('f.rule', '=', f.rule);
  if (f.severity) q = q.where('f.severity', '=', f.severity);
  if (f.countyId !== undefined) q = q.where('f.county_id', '=', f.countyId);
  if (f.organId !== undefined) q = q.where('f.organ_id', '=', f.organId);
  if (f.reportId !== undefined) q = q.where('f.report_id', '=', f.reportId);
  if (f.year !== undefined) q = q.where('f.year', '=', f.year);
  if (f.state) q = q.where(reviewStateSql(f.state));
  return q;
}

const FLAG_COLUMNS = [
  'f.id', 'f.identity', 'f.fingerprint', 'f.rule', 'f.severity', 'f.message', 'f.report_id', 'f.organ_id', 'o.name as organ_name',
  'f.county_id', 'c.name as county_name', 'f.year', 'f.cells', 'f.detail', 'f.created_at',
] as const;

/** A stored flag with its organ's and county's names (Kysely's row type of FLAG_COLUMNS). */
export type FlagRow = NonNullable<Awaited<ReturnType<typeof selectFlag>>>;

export async function selectFlags(db: Db, f: FlagFilter): Promise<{ rows: FlagRow[]; total: number }> {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 1000);
  const offset = Math.max(f.offset ?? 0, 0);
  const rows = await filtered(db, f).select(FLAG_COLUMNS)
    .orderBy(sql`case f.severity when 'error' then 0 when 'warning' then 1 else 2 end`)
    .orderBy('f.year', 'desc').orderBy('f.county_id', (ob) => ob.asc().nullsFirst()).orderBy('f.organ_id', (ob) => ob.asc().nullsFirst()).orderBy('f.rule').orderBy('f.id')
    .limit(limit).offset(offset).execute();
  const count = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return { rows, total: Number(count?.n ?? 0) };
}

export async function selectFlag(db: Db, id: number) {
  return filtered(db, {}).select(FLAG_COLUMNS).where('f.id', '=', id).executeTakeFirst();
}

export interface DecisionRow {
  id: number;
  identity: string;
  fingerprint: string;
  /** 'open': a decision undone. */
  state: 'confirmed' | 'dismissed' | 'open';
  reason: string;
  author: string;
  created_at: string;
}

/** All decisions on the given identities, newest first. */
export async function decisionsFor(db: Db, identities: readonly string[]): Promise<DecisionRow[]> {
  if (identities.length === 0) return [];
  return db.selectFrom('flag_decision').select(['id', 'identity', 'fingerprint', 'state', 'reason', 'author', 'created_at'])
    .where('identity', 'in', [...identities]).orderBy('id', 'desc').execute();
}

export async function insertDecision(db: Db, d: { identity: string; fingerprint: string; state: 'confirmed' | 'dismissed' | 'open'; reason: string; author: string }): Promise<void> {
  await db.insertInto('flag_decision').values(d).execute();
}
