/**
 * Names in the order a Chinese reader expects (by pinyin, as Excel and WPS sort them), from the
 * database's plain ORDER BY. `sortKey` maps each character to five hex digits: characters before
 * the CJK blocks keep their code point, CJK ideographs follow in the order ICU's Chinese collation
 * (`Intl.Collator('zh')`, the one `localeCompare(…, 'zh')` uses) gives them, anything else comes
 * last. ASCII hex compares alike in SQLite and in any PostgreSQL collation.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

const CJK_FIRST = 0x3400; // CJK Unified Ideographs Extension A, then the main block
const CJK_LAST = 0x9fff;

let ranks: Uint16Array | null = null;

/** Each ideograph's place in the Chinese collation, built once (about 70 ms) on first use. */
function cjkRanks(): Uint16Array {
  if (ranks) return ranks;
  const chars = Array.from({ length: CJK_LAST - CJK_FIRST + 1 }, (_, i) => String.fromCharCode(CJK_FIRST + i));
  chars.sort(new Intl.Collator('zh').compare);
  const out = new Uint16Array(chars.length);
  chars.forEach((c, rank) => { out[c.charCodeAt(0) - CJK_FIRST] = rank; });
  return (ranks = out);
}

export function sortKey(name: string): string {
  let key = '';
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    let weight: number;
    if (cp < CJK_FIRST) weight = cp;
    else if (cp <= CJK_LAST) weight = 0x10000 + cjkRanks()[cp - CJK_FIRST]!;
    else weight = 0x20000 + Math.min(cp, 0xdffff); // at most 0xfffff: five digits
    key += weight.toString(16).padStart(5, '0');
  }
  return key;
}

/**
 * Give every county and organ an earlier version left without a sort key its key. Run when the
 * database is opened (db/open.ts); once every row has one it is a single empty lookup per table.
 */
export async function fillSortKeys(db: Kysely<Database>): Promise<void> {
  for (const table of ['county', 'organ'] as const) {
    const missing = await db.selectFrom(table).select(['id', 'name']).where('sort_key', 'is', null).execute();
    for (const row of missing) await db.updateTable(table).set({ sort_key: sortKey(row.name) }).where('id', '=', row.id).execute();
  }
}
