/**
 * Aggregates are read far more than data changes, so results are kept until the data changes:
 * keyed by the query and by a version made of SQLite's `data_version` (moves when another
 * process, e.g. the ingest CLI, commits) and an in-process write generation (moves on every
 * write through this server, which `data_version` does not see).
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

const MAX_ENTRIES = 500;
const caches = new WeakMap<Kysely<Database>, { generation: number; entries: Map<string, { version: string; value: Promise<unknown> }> }>();

function stateOf(db: Kysely<Database>) {
  let s = caches.get(db);
  if (!s) caches.set(db, (s = { generation: 0, entries: new Map() }));
  return s;
}

/** Call when this process writes (before and after): cached aggregates are then recomputed. */
export function dataChanged(db: Kysely<Database>): void {
  const s = stateOf(db);
  s.generation++;
  s.entries.clear();
}

export async function cached<T>(db: Kysely<Database>, key: string, compute: () => Promise<T>): Promise<T> {
  const s = stateOf(db);
  const dv = await sql<{ data_version: number }>`pragma data_version`.execute(db);
  const version = `${s.generation}:${dv.rows[0]?.data_version ?? 0}`;
  const hit = s.entries.get(key);
  if (hit && hit.version === version) {
    // Refresh recency (Map keeps insertion order: the first key is the least recently used).
    s.entries.delete(key);
    s.entries.set(key, hit);
    return hit.value as Promise<T>;
  }
  const value = compute();
  s.entries.set(key, { version, value });
  value.catch(() => s.entries.delete(key));
  while (s.entries.size > MAX_ENTRIES) s.entries.delete(s.entries.keys().next().value!);
  return value;
}
