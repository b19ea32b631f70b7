/** Organs and their aliases. Names passed here are already normalised (shared/organ-names.ts). */
import type { Kysely } from 'kysely';
import { compiledOnce } from '../../db/open.ts';
import type { Database, Organ, OrganKind } from '../../db/schema.ts';
import { sortKey } from '../../db/sort-key.ts';

type Db = Kysely<Database>;

const ORGAN_COLUMNS = ['organ.id', 'organ.county_id', 'organ.name', 'organ.full_name', 'organ.kind', 'organ.in_registry', 'organ.created_at'] as const;

// Four fixed queries (by name or alias, in a county or with the county unknown), compiled once.
const byNameIn = compiledOnce((db: Db, countyId: number, name: string) =>
  db.selectFrom('organ').select(ORGAN_COLUMNS).where('organ.name', '=', name).where('organ.county_id', '=', countyId).limit(1));
const byNameUnknown = compiledOnce((db: Db, name: string) =>
  db.selectFrom('organ').select(ORGAN_COLUMNS).where('organ.name', '=', name).where('organ.county_id', 'is', null).limit(1));
const byAliasIn = compiledOnce((db: Db, countyId: number, name: string) =>
  db.selectFrom('organ_alias').innerJoin('organ', 'organ.id', 'organ_alias.organ_id').select(ORGAN_COLUMNS)
    .where('organ_alias.alias', '=', name).where('organ.county_id', '=', countyId).orderBy('organ.id').limit(1));
const byAliasUnknown = compiledOnce((db: Db, name: string) =>
  db.selectFrom('organ_alias').innerJoin('organ', 'organ.id', 'organ_alias.organ_id').select(ORGAN_COLUMNS)
    .where('organ_alias.alias', '=', name).where('organ.county_id', 'is', null).orderBy('organ.id').limit(1));

/** The organ of a county (null: county unknown) whose name or one of whose aliases is `name`. */
export async function findOrgan(db: Db, countyId: number | null, name: string): Promise<Organ | undefined> {
  const [direct] = countyId === null ? await byNameUnknown(db, name) : await byNameIn(db, countyId, name);
  if (direct) return direct;
  const [alias] = countyId === null ? await byAliasUnknown(db, name) : await byAliasIn(db, countyId, name);
  return alias;
}

export async function insertOrgan(
  db: Db, organ: { countyId: number | null; name: string; fullName: string; kind: OrganKind; inRegistry: boolean },
): Promise<number> {
  const row = await db.insertInto('organ').values({
    county_id: organ.countyId, name: organ.name, sort_key: sortKey(organ.name), full_name: organ.fullName, kind: organ.kind, in_registry: organ.inRegistry ? 1 : 0,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateOrgan(db: Db, id: number, change: { fullName?: string; kind?: OrganKind; inRegistry?: boolean }): Promise<void> {
  const set: { full_name?: string; kind?: OrganKind; in_registry?: number } = {};
  if (change.fullName !== undefined) set.full_name = change.fullName;
  if (change.kind !== undefined) set.kind = change.kind;
  if (change.inRegistry !== undefined) set.in_registry = change.inRegistry ? 1 : 0;
  if (Object.keys(set).length === 0) return;
  await db.updateTable('organ').set(set).where('id', '=', id).execute();
}

/** Add aliases an organ does not have yet. */
export async function addAliases(db: Db, organId: number, aliases: readonly string[]): Promise<void> {
  const wanted = [...new Set(aliases)];
  if (wanted.length === 0) return;
  const have = await db.selectFrom('organ_alias').select('alias').where('organ_id', '=', organId).where('alias', 'in', wanted).execute();
  const known = new Set(have.map((a) => a.alias));
  const fresh = wanted.filter((a) => !known.has(a));
  if (fresh.length) await db.insertInto('organ_alias').values(fresh.map((alias) => ({ organ_id: organId, alias }))).execute();
}

export interface OrganListRow {
  id: number;
  county: string | null;
  name: string;
  fullName: string;
  kind: OrganKind;
  inRegistry: boolean;
  aliases: string[];
  reports: number;
}

/** Every organ with its county, aliases and number of current reports, by county then name. */
export async function listOrgans(db: Db, filter: { countyId?: number } = {}): Promise<OrganListRow[]> {
  let q = db.selectFrom('organ').leftJoin('county', 'county.id', 'organ.county_id')
    .select(['organ.id', 'organ.name', 'organ.full_name', 'organ.kind', 'organ.in_registry', 'county.name as county'])
    .select((eb) => eb.selectFrom('report').select(eb.fn.countAll<number>().as('n'))
      .whereRef('report.organ_id', '=', 'organ.id').where('report.current', '=', 1).where('report.deleted_at', 'is', null).as('reports'))
    .orderBy('county.sort_key', (ob) => ob.asc().nullsFirst()).orderBy('organ.kind').orderBy('organ.sort_key', (ob) => ob.asc().nullsFirst());
  if (filter.countyId !== undefined) q = q.where('organ.county_id', '=', filter.countyId);
  const rows = await q.execute();
  const aliases = await db.selectFrom('organ_alias').select(['organ_id', 'alias']).orderBy('id').execute();
  const byOrgan = new Map<number, string[]>();
  for (const a of aliases) byOrgan.set(a.organ_id, [...(byOrgan.get(a.organ_id) ?? []), a.alias]);
  return rows.map((r) => ({
    id: r.id, county: r.county, name: r.name, fullName: r.full_name, kind: r.kind, inRegistry: r.in_registry === 1,
    aliases: byOrgan.get(r.id) ?? [], reports: Number(r.reports ?? 0),
  }));
}

/**
 * Delete an organ that only reports made (not in the registry) once no report is filed under it,
 * with its aliases and the flags about it. True when it was deleted.
 */
export async function deleteOrganIfOrphan(db: Db, organId: number): Promise<boolean> {
  const organ = await db.selectFrom('organ').select('in_registry').where('id', '=', organId).executeTakeFirst();
  if (!organ || organ.in_registry === 1) return false;
  const used = await db.selectFrom('report').select('id').where('organ_id', '=', organId).limit(1).executeTakeFirst();
  if (used) return false;
  await db.deleteFrom('flag').where('organ_id', '=', organId).execute();
  await db.deleteFrom('organ_alias').where('organ_id', '=', organId).execute();
  await db.deleteFrom('organ').where('id', '=', organId).execute();
  return true;
}

export async function countOrgans(db: Db): Promise<number> {
  const r = await db.selectFrom('organ').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** An organ's row as stored (for merging): county, names, registry membership, aliases. */
export async function organForMerge(db: Db, id: number) {
  const o = await db.selectFrom('organ').select(['id', 'county_id', 'name', 'full_name', 'in_registry']).where('id', '=', id).executeTakeFirst();
  if (!o) return undefined;
  const aliases = await db.selectFrom('organ_alias').select('alias').where('organ_id', '=', id).execute();
  return { ...o, aliases: aliases.map((a) => a.alias) };
}

/** Delete an organ that no report is filed under any more, with its aliases and the flags about it. */
export async function deleteOrgan(db: Db, organId: number): Promise<void> {
  await db.deleteFrom('flag').where('organ_id', '=', organId).execute();
  await db.deleteFrom('organ_alias').where('organ_id', '=', organId).execute();
  await db.deleteFrom('organ').where('id', '=', organId).execute();
}
