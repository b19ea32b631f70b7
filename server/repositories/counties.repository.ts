/** Counties: looked up and created by name. `db` may be a transaction. */
import type { Kysely } from 'kysely';
import { compiledOnce } from '../../db/open.ts';
import type { County, Database } from '../../db/schema.ts';
import { sortKey } from '../../db/sort-key.ts';

type Db = Kysely<Database>;

const selectByName = compiledOnce((db: Db, name: string) => db.selectFrom('county').select(['id', 'name']).where('name', '=', name).limit(1));

export async function findCountyByName(db: Db, name: string): Promise<County | undefined> {
  return (await selectByName(db, name))[0];
}

/** The county's id, creating the county on first mention. */
export async function ensureCounty(db: Db, name: string): Promise<number> {
  const found = await findCountyByName(db, name);
  if (found) return found.id;
  const row = await db.insertInto('county').values({ name, sort_key: sortKey(name) }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function listCounties(db: Db): Promise<County[]> {
  return db.selectFrom('county').select(['id', 'name']).orderBy('sort_key', (ob) => ob.asc().nullsFirst()).orderBy('id').execute();
}
