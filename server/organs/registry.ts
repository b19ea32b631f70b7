/**
 * The county office's registry of organs (CSV: county,name,kind,aliases). Importing it marks the
 * organs in_registry = 1, so the checks can name the ones that did not report for a year.
 */
import type { Kysely } from 'kysely';
import type { Database, OrganKind } from '../../db/schema.ts';
import { writeWithFlags } from '../flags/write.ts';
import { ensureCounty } from '../repositories/counties.repository.ts';
import { addAliases, findOrgan, insertOrgan, updateOrgan } from '../repositories/organs.repository.ts';
import { decodeCsv, parseCsv } from './csv.ts';
import { cleanName, fullName, parseOrganName } from '../../shared/organ-names.ts';

export interface RegistryRow {
  line: number;
  county: string;
  name: string;
  kind: OrganKind | null;
  aliases: string[];
}

export interface RegistryProblem {
  line: number;
  reason: string;
}

const KIND_WORDS: Record<string, OrganKind> = {
  township: 'township', 乡: 'township', 镇: 'township', 乡镇: 'township',
  street: 'street', 街道: 'street', 街道办事处: 'street',
  department: 'department', 部门: 'department', 县直部门: 'department', 区直部门: 'department', 市直部门: 'department',
  county_government: 'county_government', 县政府: 'county_government', 区政府: 'county_government',
  县人民政府: 'county_government', 人民政府: 'county_government', 政府: 'county_government',
  unknown: 'unknown', 其他: 'unknown',
};

const HEADER = /^(county|县|区|县区|县（区）|县\(区\)|所属县区)$/i;

/** Read registry rows from CSV bytes; lines that cannot be used are returned as problems. */
export function readRegistryCsv(bytes: Buffer): { rows: RegistryRow[]; problems: RegistryProblem[]; encoding: string } {
  const { text, encoding } = decodeCsv(bytes);
  const rows: RegistryRow[] = [];
  const problems: RegistryProblem[] = [];
  for (const { line, fields } of parseCsv(text)) {
    const [county = '', name = '', kindText = '', aliasText = ''] = fields.map((f) => f.trim());
    if (HEADER.test(county)) continue;
    if (!county) { problems.push({ line, reason: '缺少所属县（区）' }); continue; }
    if (!name) { problems.push({ line, reason: '缺少机关名称' }); continue; }
    let kind: OrganKind | null = null;
    if (kindText) {
      kind = KIND_WORDS[kindText] ?? null;
      if (!kind) { problems.push({ line, reason: `类型“${kindText}”无法识别（可填：乡镇、街道、部门、县政府，或留空自动判断）` }); continue; }
    }
    const aliases = aliasText.split(/[;；]/).map((a) => a.trim()).filter(Boolean);
    rows.push({ line, county, name, kind, aliases });
  }
  return { rows, problems, encoding };
}

export interface RegistryImport {
  added: number;
  updated: number;
}

/**
 * Upsert registry organs and, in the same transaction, recompute the flags that depend on them:
 * an organ whose kind changed or that joined the registry has its reports' flags redone (per-kind
 * deadlines) and its county's years (missing reports, peers); a new registry organ redoes its
 * county's years (it may now be missing). Importing the same registry again recomputes nothing.
 */
export async function importRegistry(db: Kysely<Database>, rows: readonly RegistryRow[]): Promise<RegistryImport> {
  return writeWithFlags(db, async (trx) => {
    let added = 0;
    let updated = 0;
    const changedOrgans = new Set<number>();
    const changedCounties = new Set<number>();
    for (const row of rows) {
      const n = parseOrganName(row.name, row.county);
      const countyName = n.county ?? cleanName(row.county);
      const countyId = await ensureCounty(trx, countyName);
      const kind = row.kind ?? n.kind;
      const cleaned = cleanName(row.name);
      const full = cleaned.startsWith(countyName) ? cleaned : fullName({ ...n, county: countyName, kind });
      const aliases = row.aliases.map((a) => parseOrganName(a, countyName).name).filter((a) => a !== n.name);
      let existing = await findOrgan(trx, countyId, n.name);
      for (const a of aliases) existing ??= await findOrgan(trx, countyId, a);
      let organId: number;
      if (existing) {
        await updateOrgan(trx, existing.id, { fullName: full, kind, inRegistry: true });
        if (existing.kind !== kind || existing.in_registry !== 1) {
          changedOrgans.add(existing.id);
          changedCounties.add(countyId);
        }
        // Found by an alias: the registry's own name becomes an alias too.
        if (existing.name !== n.name) aliases.unshift(n.name);
        organId = existing.id;
        updated++;
      } else {
        organId = await insertOrgan(trx, { countyId, name: n.name, fullName: full, kind, inRegistry: true });
        changedCounties.add(countyId);
        added++;
      }
      await addAliases(trx, organId, aliases);
    }
    return { added, updated, changed: { organs: { organIds: [...changedOrgans], countyIds: [...changedCounties] } } };
  }, (_trx, { added, updated }) => ({ added, updated }));
}
