/**
 * Which organ a report belongs to: the printed name, normalised, looked up by name and alias in
 * its county; organs met only in reports are added with in_registry = 0.
 */
import type { Kysely } from 'kysely';
import type { Database, OrganKind } from '../../db/schema.ts';
import { ensureCounty } from '../repositories/counties.repository.ts';
import { findOrgan, insertOrgan } from '../repositories/organs.repository.ts';
import { cleanName, fullName, parseOrganName } from '../../shared/organ-names.ts';

export interface ResolvedOrgan {
  organId: number;
  countyId: number | null;
  county: string | null;
  name: string;
  kind: OrganKind;
  /** True when this report is the first mention of the organ. */
  created: boolean;
}

/**
 * Organs already resolved inside one transaction, by county hint and printed name: a batch of
 * files from one county asks for the same few organs again and again. Valid only while nothing
 * of that transaction is undone: clear it when a savepoint in it rolls back.
 */
export type OrganCache = Map<string, ResolvedOrgan>;

export async function resolveOrgan(
  db: Kysely<Database>, printed: string, countyHint?: string | null, cache?: OrganCache,
): Promise<ResolvedOrgan> {
  if (!cache) return lookUpOrAdd(db, printed, countyHint);
  const key = `${countyHint ?? ''}\u0000${printed}`;
  const hit = cache.get(key);
  if (hit) return { ...hit, created: false };
  const organ = await lookUpOrAdd(db, printed, countyHint);
  cache.set(key, organ);
  return organ;
}

async function lookUpOrAdd(db: Kysely<Database>, printed: string, countyHint?: string | null): Promise<ResolvedOrgan> {
  const parsed = parseOrganName(printed, countyHint);
  const countyId = parsed.county ? await ensureCounty(db, parsed.county) : null;
  const found = await findOrgan(db, countyId, parsed.name);
  if (found) {
    return { organId: found.id, countyId, county: parsed.county, name: found.name, kind: found.kind, created: false };
  }
  const cleaned = cleanName(printed);
  const full = parsed.county && cleaned.startsWith(parsed.county) ? cleaned : fullName(parsed);
  const organId = await insertOrgan(db, { countyId, name: parsed.name, fullName: full, kind: parsed.kind, inRegistry: false });
  return { organId, countyId, county: parsed.county, name: parsed.name, kind: parsed.kind, created: true };
}
