/**
 * Ids inside stored text, remapped from a source database's ids to a target's: a flag identity
 * (`rule|organ|year|subject`, server/checks/run.ts) names the organ by id, and the JSON details of
 * flags and report actions name reports, organs and counties by id. Pure.
 */

/** Source id → target id, per kind of row. */
export interface IdMaps {
  counties: ReadonlyMap<number, number>;
  organs: ReadonlyMap<number, number>;
  reports: ReadonlyMap<number, number>;
}

/**
 * A flag identity with its organ id (the second field; `-` when none) replaced by the target's.
 * The subject after the year is kept as it is: no rule puts an id in it.
 */
export function remapIdentity(identity: string, maps: Pick<IdMaps, 'organs'>): string {
  const parts = identity.split('|');
  if (parts.length < 4 || parts[1] === '-' || !/^\d+$/.test(parts[1]!)) return identity;
  const to = maps.organs.get(Number(parts[1]));
  if (to === undefined) return identity;
  parts[1] = String(to);
  return parts.join('|');
}

type Kind = 'reports' | 'organs' | 'counties';

/**
 * Which map a JSON key's number (or array of numbers) belongs to: `reportId`,
 * `previousReportId`, `matchedReportId` (flag details); `organId`; `countyId`, `fromCountyId`,
 * `toCountyId`; `replaced` and `moved` (report actions: the versions displaced or moved);
 * `mergedFrom` and `into` (an organ merge's action).
 */
export function kindOfKey(key: string): Kind | null {
  if (key === 'reportId' || key.endsWith('ReportId') || key === 'replaced' || key === 'moved') return 'reports';
  if (key === 'organId' || key.endsWith('OrganId') || key === 'mergedFrom' || key === 'into') return 'organs';
  if (key === 'countyId' || key.endsWith('CountyId')) return 'counties';
  return null;
}

/**
 * A parsed JSON value with every id under a known key (`kindOfKey`) replaced by the target's
 * id; an id the maps do not know (a row the source no longer has, e.g. an organ merged away)
 * becomes null rather than pointing at an unrelated target row. Key order is kept.
 */
export function remapJson(value: unknown, maps: IdMaps, kind: Kind | null = null): unknown {
  if (typeof value === 'number' && kind) return maps[kind].get(value) ?? null;
  if (Array.isArray(value)) return value.map((v) => remapJson(v, maps, kind));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = remapJson(v, maps, kindOfKey(k));
    return out;
  }
  return value;
}

/** A JSON text with its ids remapped (null stays null; text that is not JSON is kept). */
export function remapJsonText(text: string | null, maps: IdMaps): string | null {
  if (text === null) return null;
  try {
    return JSON.stringify(remapJson(JSON.parse(text), maps));
  } catch {
    return text;
  }
}

/**
 * A JSON value written so that two equal contents compare equal as text: object keys sorted,
 * arrays of objects sorted too (a flag's matches are ordered by similarity, then organ id, and
 * the ids differ between databases).
 */
export function canonicalJson(value: unknown): string {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(walk);
      return items.every((i) => i && typeof i === 'object') ? items.map((i) => JSON.stringify(i)).sort().map((s) => JSON.parse(s) as unknown) : items;
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return JSON.stringify(walk(value));
}
