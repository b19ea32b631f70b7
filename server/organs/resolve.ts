/**
 * Which organ a report belongs to: the printed name, normalised, looked up by name and alias in
 * its county; organs met only in reports are added with in_registry = 0.
 */
import type { Kysely } from 'kysely';
import type { Database, OrganKind } from '../../db/schema.ts';
import { ensureCounty } from '../repositories/counties.repository.ts';
import { findOrgan, insertOrgan } from '../repositories/organs.repository.ts';
import { cleanName, fullName, parseOrganName } from './normalize.ts';

export interface ResolvedOrgan {
  organId: number;
  countyId: number | null;
  county: string | null;
  name: string;
  kind: OrganKind;
  /** True when this report is the first mention of the organ. */
  created: boolean;
}

export async function resolveOrgan(db: Kysely<Database>, printed: string, countyHint?: string | null): Promise<ResolvedOrgan> {
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
