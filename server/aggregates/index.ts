/**
 * THE aggregates module: per organ (or county), the county total (the template's tables summed
 * over organs), trends by year, and organ × year comparisons with the change from the previous
 * year. The API, the CLI and the web read these; nobody recomputes them.
 */
import type { Kysely } from 'kysely';
import type { Database, OrganKind } from '../../db/schema.ts';
import { CELLS, emptyTables, setCell } from '../../shared/template.ts';
import type { Tables } from '../../shared/template.ts';
import { allYears, countFlags, isSqlMetric, sumValues } from '../repositories/aggregates.repository.ts';
import type { FlagCountRow, GroupBy, Scope, SumRow } from '../repositories/aggregates.repository.ts';
import { cached } from './cache.ts';
import { passesAll } from '../../shared/filters.ts';
import type { ValueFilter } from '../../shared/filters.ts';
import { cellsNeeded, computeMetrics, metricDef, round, sumGiven } from '../../shared/metrics.ts';


type Db = Kysely<Database>;
type Values = Record<string, number | null>;

function flagCounts(rows: readonly FlagCountRow[], key: (r: FlagCountRow) => string): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const k = key(r);
    const c = out.get(k) ?? { flags_error: 0, flags_warning: 0, flags_info: 0, flags_total: 0 };
    c[`flags_${r.severity}`] = (c[`flags_${r.severity}`] ?? 0) + r.n;
    c.flags_total = (c.flags_total ?? 0) + r.n;
    out.set(k, c);
  }
  return out;
}

const FLAG_METRICS = ['flags_error', 'flags_warning', 'flags_info', 'flags_total'] as const;
const needsFlags = (ids: readonly string[]) => ids.some((id) => id.startsWith('flags_'));

function countsOf(reports: number, flags: Readonly<Record<string, number>> | undefined): Record<string, number> {
  return {
    reports, flags_error: flags?.flags_error ?? 0, flags_warning: flags?.flags_warning ?? 0,
    flags_info: flags?.flags_info ?? 0, flags_total: flags?.flags_total ?? 0,
  };
}

function metricsOf(ids: readonly string[], row: SumRow, flags: Record<string, number> | undefined): Values {
  return computeMetrics(ids, row.sums, countsOf(row.reports, flags));
}

/** Groups added up: each cell summed over the groups, null only when every group left it blank. */
function addUp(rows: readonly SumRow[], keys: readonly string[]): SumRow {
  const sums = new Map<string, number | null>();
  for (const k of keys) sums.set(k, sumGiven(rows.map((r) => r.sums.get(k))));
  return { ...rows[0]!, reports: rows.reduce((n, r) => n + r.reports, 0), organs: rows.reduce((n, r) => n + r.organs, 0), sums, blanks: new Map() };
}

/** Which organs: a county (or all) and, optionally, only some kinds. The same on every aggregate. */
export interface OrganScope {
  countyId?: number | undefined;
  kinds?: readonly OrganKind[] | undefined;
}

function scopeOf(q: OrganScope, years: readonly number[]): Scope {
  return { years, ...(q.countyId !== undefined ? { countyId: q.countyId } : {}), ...(q.kinds?.length ? { kinds: q.kinds } : {}) };
}

export interface AggregateQuery extends OrganScope {
  year: number;
  by: 'organ' | 'county';
  metrics: readonly string[];
  filters: readonly ValueFilter[];
  /** a metric id or `name` */
  sort?: string | undefined;
  order?: 'asc' | 'desc' | undefined;
  limit: number;
  offset: number;
}

export interface AggregateRow {
  organId: number | null;
  organ: string | null;
  kind: string | null;
  countyId: number | null;
  county: string | null;
  reportId: number | null;
  values: Values;
}

/** One row per organ (or per county) for a year, filtered, sorted and paged; `sum` is over every row that passes. */
export function aggregateByGroup(db: Db, q: AggregateQuery): Promise<{ rows: AggregateRow[]; total: number; sum: Values }> {
  return cached(db, `groups:${JSON.stringify(q)}`, () => computeByGroup(db, q));
}

/** Names sort by Chinese collation (pinyin), one collator for every comparison. */
const zh = new Intl.Collator('zh');

/**
 * Province-wide by organ, three narrow queries instead of one wide one: (1) every group's key,
 * report count and sort metric, filtered in SQL; (2) the asked metrics for the page of groups
 * only; (3) the cells summed over every group that passed. A province has 10,000 organs: summing
 * 40 cells per organ to show 50 of them cost more than everything else.
 */
async function computeByGroup(db: Db, q: AggregateQuery): Promise<{ rows: AggregateRow[]; total: number; sum: Values }> {
  const scope = scopeOf(q, [q.year]);
  const sortMetric = q.sort && q.sort !== 'name' ? q.sort : undefined;
  const ids = [...new Set([...q.metrics, ...q.filters.map((f) => f.metric), ...(sortMetric ? [sortMetric] : [])])];
  const groupBy: GroupBy = q.by;
  const keyOf = (r: { organId: number | null; countyId: number | null }) => (q.by === 'organ' ? r.organId : r.countyId);
  // Filters on report_value metrics run in SQL (HAVING): groups that fail never reach JS. Flag
  // counts live in another table and are filtered here, after the join by group key.
  const sqlFilters = q.filters.filter((f) => isSqlMetric(f.metric));
  const jsFilters = q.filters.filter((f) => !isSqlMetric(f.metric));
  const orderIds = [...new Set([...(sortMetric ? [sortMetric] : []), ...jsFilters.map((f) => f.metric)])];
  const keys = cellsNeeded(q.metrics);
  // A county's organs or the province's counties are a few hundred groups at most: one grouped
  // query with every cell is cheaper than three narrow ones.
  const wide = q.by === 'county' || q.countyId !== undefined;
  const [groups, flags] = await Promise.all([
    sumValues(db, scope, groupBy, wide ? [...new Set([...keys, ...cellsNeeded(orderIds)])] : cellsNeeded(orderIds), false, sqlFilters),
    needsFlags(ids) ? countFlags(db, scope, groupBy) : Promise.resolve([]),
  ]);
  const fc = flagCounts(flags, (r) => String(keyOf(r)));
  let all = groups.map((row) => ({ row, values: metricsOf(orderIds, row, fc.get(String(keyOf(row)))) }));
  if (jsFilters.length) all = all.filter((r) => passesAll(jsFilters, r.values));

  const dir = q.order === 'desc' ? -1 : 1;
  if (sortMetric) {
    all.sort((a, b) => {
      const av = a.values[sortMetric] ?? null;
      const bv = b.values[sortMetric] ?? null;
      // Blanks last whatever the order: a blank is not a small number.
      if (av === null || bv === null) return av === bv ? 0 : av === null ? 1 : -1;
      return dir * (av - bv);
    });
  } else {
    const name = (r: SumRow) => `${r.county ?? ''}|${r.kind ?? ''}|${r.organ ?? ''}`;
    all.sort((a, b) => dir * zh.compare(name(a.row), name(b.row)));
  }

  const page = all.slice(q.offset, q.offset + q.limit);
  const only = (rows: readonly { row: SumRow }[]): Scope => (q.by === 'organ'
    ? { ...scope, organIds: rows.map((r) => r.row.organId!) }
    : { ...scope, countyIds: rows.map((r) => r.row.countyId) });
  // The page holds every group that passed (a county's organs, the province's counties): one
  // grouped query gives both the rows and, added up here, the total.
  const wholePage = page.length === all.length;
  const [pageSums, totals] = wide ? [page.map((r) => r.row), all.length ? [addUp(all.map((r) => r.row), keys)] : []] : await Promise.all([
    page.length ? sumValues(db, wholePage && q.filters.length === 0 ? scope : only(page), groupBy, keys) : Promise.resolve([]),
    all.length === 0 || wholePage ? Promise.resolve([])
      // No filter: every group counts, so the whole scope, without a list of ids.
      : sumValues(db, q.filters.length === 0 ? scope : only(all), 'none', keys),
  ]);
  if (!wide && wholePage && pageSums.length) totals.push(addUp(pageSums, keys));

  const totalFlags: Record<string, number> = countsOf(totals[0]?.reports ?? 0, undefined);
  for (const r of all) {
    const f = fc.get(String(keyOf(r.row)));
    if (f) for (const k of FLAG_METRICS) totalFlags[k]! += f[k] ?? 0;
  }
  const sum = computeMetrics(q.metrics, totals[0]?.sums ?? new Map(), totalFlags);

  const byKey = new Map(pageSums.map((r) => [keyOf(r), r]));
  const rows = page.map(({ row }) => {
    const full = byKey.get(keyOf(row));
    const values = computeMetrics(q.metrics, full?.sums ?? new Map(), countsOf(row.reports, fc.get(String(keyOf(row)))));
    return {
      organId: row.organId, organ: row.organ, kind: row.kind, countyId: row.countyId, county: row.county,
      reportId: q.by === 'organ' ? row.reportId : null, values,
    };
  });
  return { rows, total: all.length, sum };
}

export interface CountyTotal {
  year: number;
  reports: number;
  organs: number;
  tables: Tables;
  /** Cells that some reports left blank: how many did. */
  blanks: Record<string, number>;
  values: Values;
}

/**
 * The consolidated tables of a county (or all counties) for a year: every cell summed over organs
 * (over organs of the given kinds only, when `kinds` is given).
 */
export function countyTotal(db: Db, year: number, countyId?: number, metrics: readonly string[] = [], kinds: readonly OrganKind[] = []): Promise<CountyTotal> {
  return cached(db, `total:${year}:${countyId}:${metrics.join(',')}:${kinds.join(',')}`, () => computeTotal(db, year, { countyId, kinds }, metrics));
}

async function computeTotal(db: Db, year: number, organs: OrganScope, metrics: readonly string[]): Promise<CountyTotal> {
  const scope = scopeOf(organs, [year]);
  const keys = CELLS.map((c) => c.key);
  const [rows, flags] = await Promise.all([
    sumValues(db, scope, 'none', keys, true),
    needsFlags(metrics) ? countFlags(db, scope, 'none') : Promise.resolve([]),
  ]);
  const row = rows[0];
  const tables = emptyTables();
  const blanks: Record<string, number> = {};
  for (const c of CELLS) {
    setCell(tables, c, row?.sums.get(c.key) ?? null);
    const b = row?.blanks.get(c.key) ?? 0;
    if (b > 0) blanks[c.key] = b;
  }
  const fc = flagCounts(flags, () => 'all').get('all');
  const values = computeMetrics(metrics, row?.sums ?? new Map(), countsOf(row?.reports ?? 0, fc));
  return { year, reports: row?.reports ?? 0, organs: row?.organs ?? 0, tables, blanks, values };
}

export interface TrendRow {
  year: number;
  values: Values;
  /** value − previous year's value (null when either is blank or the previous year is absent). */
  change: Values;
}

function change(cur: number | null | undefined, prev: number | null | undefined): number | null {
  return cur === null || cur === undefined || prev === null || prev === undefined ? null : round(cur - prev, 6);
}

/** The metrics year by year, for one organ, one county or everything. */
type TrendQuery = OrganScope & { organId?: number | undefined; metrics: readonly string[]; from?: number | undefined; to?: number | undefined };
export function trends(db: Db, q: TrendQuery): Promise<TrendRow[]> {
  return cached(db, `trends:${JSON.stringify(q)}`, () => computeTrends(db, q));
}

async function computeTrends(db: Db, q: TrendQuery): Promise<TrendRow[]> {
  const years = (await allYears(db)).filter((y) => (q.from === undefined || y >= q.from - 1) && (q.to === undefined || y <= q.to));
  const scope: Scope = { ...scopeOf(q, years), ...(q.organId !== undefined ? { organId: q.organId } : {}) };
  const keys = cellsNeeded(q.metrics);
  const [sums, flags] = await Promise.all([
    sumValues(db, scope, 'year', keys),
    needsFlags(q.metrics) ? countFlags(db, scope, 'year') : Promise.resolve([]),
  ]);
  const fc = flagCounts(flags, (r) => String(r.year));
  const byYear = new Map(sums.map((s) => [s.year!, metricsOf(q.metrics, s, fc.get(String(s.year)))]));
  return [...byYear.keys()].sort((a, b) => a - b)
    .filter((y) => q.from === undefined || y >= q.from)
    .map((year) => {
      const values = byYear.get(year)!;
      const prev = byYear.get(year - 1);
      return { year, values, change: Object.fromEntries(q.metrics.map((m) => [m, change(values[m], prev?.[m])])) };
    });
}

export interface CompareCell {
  year: number;
  value: number | null;
  change: number | null;
  changeRate: number | null;
}

export interface CompareRow {
  organId: number;
  organ: string;
  kind: string | null;
  countyId: number | null;
  county: string | null;
  cells: CompareCell[];
}

/** One metric, organ × year, with the change from each organ's previous calendar year. */
type CompareQuery = OrganScope & { metric: string; years?: readonly number[] | undefined; filters: readonly ValueFilter[]; sort?: 'name' | 'value'; order?: 'asc' | 'desc' };
export function compare(db: Db, q: CompareQuery): Promise<{ years: number[]; rows: CompareRow[] }> {
  return cached(db, `compare:${JSON.stringify(q)}`, () => computeCompare(db, q));
}

async function computeCompare(db: Db, q: CompareQuery): Promise<{ years: number[]; rows: CompareRow[] }> {
  const present = await allYears(db);
  const years = (q.years?.length ? [...q.years] : present).sort((a, b) => a - b);
  const fetchYears = [...new Set([...years, ...years.map((y) => y - 1)])].filter((y) => present.includes(y));
  const ids = [...new Set([q.metric, ...q.filters.map((f) => f.metric)])];
  const scope = scopeOf(q, fetchYears);
  const [sums, flags] = await Promise.all([
    sumValues(db, scope, 'organ_year', cellsNeeded(ids)),
    needsFlags(ids) ? countFlags(db, scope, 'organ_year') : Promise.resolve([]),
  ]);
  const fc = flagCounts(flags, (r) => `${r.organId}|${r.year}`);
  const organs = new Map<number, { row: SumRow; byYear: Map<number, Values> }>();
  for (const s of sums) {
    const o = organs.get(s.organId!) ?? { row: s, byYear: new Map<number, Values>() };
    o.byYear.set(s.year!, metricsOf(ids, s, fc.get(`${s.organId}|${s.year}`)));
    organs.set(s.organId!, o);
  }
  const latest = years[years.length - 1];
  const rows: CompareRow[] = [];
  for (const [organId, o] of organs) {
    if (q.filters.length && !passesAll(q.filters, o.byYear.get(latest ?? -1) ?? {})) continue;
    const cells = years.map((year) => {
      const value = o.byYear.get(year)?.[q.metric] ?? null;
      const prev = o.byYear.get(year - 1)?.[q.metric] ?? null;
      const d = change(value, prev);
      return { year, value, change: d, changeRate: d === null || !prev ? null : round(d / prev, 6) };
    });
    if (cells.every((c) => c.value === null) && !years.some((y) => o.byYear.has(y))) continue;
    rows.push({ organId, organ: o.row.organ ?? '', kind: o.row.kind, countyId: o.row.countyId, county: o.row.county, cells });
  }
  const dir = q.order === 'desc' ? -1 : 1;
  rows.sort((a, b) => {
    if (q.sort === 'value') {
      const av = a.cells[a.cells.length - 1]?.value ?? null;
      const bv = b.cells[b.cells.length - 1]?.value ?? null;
      if (av === null || bv === null) return av === bv ? 0 : av === null ? 1 : -1;
      return dir * (av - bv);
    }
    return dir * `${a.county ?? ''}|${a.kind ?? ''}|${a.organ}`.localeCompare(`${b.county ?? ''}|${b.kind ?? ''}|${b.organ}`, 'zh');
  });
  return { years, rows };
}

