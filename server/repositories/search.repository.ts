/** Read side of counties and organs: lists with counts, search by part of a name, years present. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { containsText } from '../../db/dialect.ts';
import type { Database, OrganKind } from '../../db/schema.ts';
import type { OrganListRow } from './organs.repository.ts';

type Db = Kysely<Database>;

export interface CountyStats {
  id: number;
  name: string;
  organs: number;
  reports: number;
  years: number[];
}

export async function countiesWithStats(db: Db): Promise<CountyStats[]> {
  const counties = await db.selectFrom('county as c').select(['c.id', 'c.name'])
    .select((eb) => eb.selectFrom('organ').select(eb.fn.countAll<number>().as('n')).whereRef('organ.county_id', '=', 'c.id').as('organs'))
    .orderBy('c.name').execute();
  const years = await db.selectFrom('report').select(['county_id', 'year', (eb) => eb.fn.countAll<number>().as('n')])
    .where('current', '=', 1).where('deleted_at', 'is', null).groupBy(['county_id', 'year']).orderBy('year').execute();
  return counties.map((c) => {
    const mine = years.filter((y) => y.county_id === c.id);
    return { id: c.id, name: c.name, organs: Number(c.organs ?? 0), reports: mine.reduce((n, y) => n + Number(y.n), 0), years: mine.map((y) => y.year) };
  });
}

export interface OrganFilter {
  q?: string | undefined;
  countyId?: number | undefined;
  /** Any of these kinds. */
  kind?: readonly OrganKind[] | undefined;
  limit: number;
  offset: number;
}

/** An organ as `listOrgans` gives it, with its county's id and the years it has reports for. */
export interface OrganRow extends OrganListRow {
  countyId: number | null;
  years: number[];
}

function organQuery(db: Db, f: Omit<OrganFilter, 'limit' | 'offset'>) {
  let q = db.selectFrom('organ as o').leftJoin('county as c', 'c.id', 'o.county_id');
  if (f.countyId !== undefined) q = q.where('o.county_id', '=', f.countyId);
  if (f.kind?.length) q = q.where('o.kind', 'in', [...f.kind]);
  const text = f.q?.trim();
  if (text) {
    // A part of the name, with no LIKE wildcards to escape.
    q = q.where((eb) => eb.or([
      containsText(db, sql.ref('o.name'), text),
      containsText(db, sql.ref('o.full_name'), text),
      eb.exists(eb.selectFrom('organ_alias as a').select('a.id').whereRef('a.organ_id', '=', 'o.id').where(containsText(db, sql.ref('a.alias'), text))),
    ]));
  }
  return q;
}

export async function searchOrgans(db: Db, f: OrganFilter): Promise<{ rows: OrganRow[]; total: number }> {
  const rows = await organQuery(db, f)
    .select(['o.id', 'o.county_id', 'c.name as county', 'o.name', 'o.full_name', 'o.kind', 'o.in_registry'])
    .orderBy('c.sort_key', (ob) => ob.asc().nullsFirst()).orderBy('o.kind').orderBy('o.sort_key', (ob) => ob.asc().nullsFirst()).orderBy('o.id')
    .limit(f.limit).offset(f.offset).execute();
  const count = await organQuery(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const ids = rows.map((r) => r.id);
  const [aliases, years] = ids.length ? await Promise.all([
    db.selectFrom('organ_alias').select(['organ_id', 'alias']).where('organ_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('report').select(['organ_id', 'year']).distinct()
      .where('organ_id', 'in', ids).where('current', '=', 1).where('deleted_at', 'is', null).orderBy('year').execute(),
  ]) : [[], []];
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => {
      const ys = years.filter((y) => y.organ_id === r.id).map((y) => y.year);
      return {
        id: r.id, countyId: r.county_id, county: r.county, name: r.name, fullName: r.full_name, kind: r.kind,
        inRegistry: r.in_registry === 1, aliases: aliases.filter((a) => a.organ_id === r.id).map((a) => a.alias),
        reports: ys.length, years: ys,
      };
    }),
  };
}

export async function organById(db: Db, id: number): Promise<(OrganRow & { reportList: { id: number; year: number; status: string; published: string | null }[] }) | undefined> {
  const base = await db.selectFrom('organ as o').leftJoin('county as c', 'c.id', 'o.county_id')
    .select(['o.id', 'o.county_id', 'c.name as county', 'o.name', 'o.full_name', 'o.kind', 'o.in_registry'])
    .where('o.id', '=', id).executeTakeFirst();
  if (!base) return undefined;
  const [aliases, reports] = await Promise.all([
    db.selectFrom('organ_alias').select('alias').where('organ_id', '=', id).orderBy('id').execute(),
    db.selectFrom('report').select(['id', 'year', 'status', 'published'])
      .where('organ_id', '=', id).where('current', '=', 1).where('deleted_at', 'is', null).orderBy('year').execute(),
  ]);
  return {
    id: base.id, countyId: base.county_id, county: base.county, name: base.name, fullName: base.full_name, kind: base.kind,
    inRegistry: base.in_registry === 1, aliases: aliases.map((a) => a.alias), reports: reports.length,
    years: [...new Set(reports.map((r) => r.year))], reportList: reports,
  };
}

export async function countyExists(db: Db, id: number): Promise<boolean> {
  return !!(await db.selectFrom('county').select('id').where('id', '=', id).executeTakeFirst());
}

export async function countyName(db: Db, id: number): Promise<string | null> {
  return (await db.selectFrom('county').select('name').where('id', '=', id).executeTakeFirst())?.name ?? null;
}

/** The county an answer is scoped to, with its name; null for all counties. */
export async function countyRef(db: Db, id: number | undefined): Promise<{ id: number; name: string } | null> {
  return id === undefined ? null : { id, name: (await countyName(db, id)) ?? '' };
}

export async function organExists(db: Db, id: number): Promise<boolean> {
  return !!(await db.selectFrom('organ').select('id').where('id', '=', id).executeTakeFirst());
}

export async function totals(db: Db): Promise<{ counties: number; organs: number; reports: number }> {
  const r = await db.selectNoFrom([
    sql<number>`(select count(*) from county)`.as('counties'),
    sql<number>`(select count(*) from organ)`.as('organs'),
    sql<number>`(select count(*) from report where current = 1 and deleted_at is null)`.as('reports'),
  ]).executeTakeFirstOrThrow();
  return { counties: Number(r.counties), organs: Number(r.organs), reports: Number(r.reports) };
}
