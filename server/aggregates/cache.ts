/**
 * Aggregates are read far more than data changes, so results are kept until the data changes:
 * keyed by the query and by a version made of the database's shared `data_version` row (raised
 * by every write transaction of every process: this server, a second server behind the same
 * proxy, the ingest CLI; db/open.ts) and an in-process write generation (moves when this server
 * writes, so that nothing computed while its own transaction was open outlives it).
 *
 * Two stores share that version: computed values (`cached`, bounded by count) and serialised
 * response bodies (`cachedPayload`, bounded by bytes), because building a 100-organ JSON body
 * costs far more than the SQL behind it.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { dataVersion } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';

const MAX_ENTRIES = 500;
const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

interface Entry { version: string; value: Promise<unknown>; bytes: number }
interface State { generation: number; entries: Map<string, Entry>; payloads: Map<string, Entry>; payloadBytes: number }
const caches = new WeakMap<Kysely<Database>, State>();

function stateOf(db: Kysely<Database>): State {
  let s = caches.get(db);
  if (!s) caches.set(db, (s = { generation: 0, entries: new Map(), payloads: new Map(), payloadBytes: 0 }));
  return s;
}

/** Call when this process writes (before and after): cached aggregates are then recomputed. */
export function dataChanged(db: Kysely<Database>): void {
  const s = stateOf(db);
  s.generation++;
  s.entries.clear();
  s.payloads.clear();
  s.payloadBytes = 0;
}

async function versionOf(db: Kysely<Database>, s: State): Promise<string> {
  return `${s.generation}:${await dataVersion(db)}`;
}

/** Look up `key` in an LRU map (a Map keeps insertion order: the first key is the least recently used). */
function lookup(map: Map<string, Entry>, key: string, version: string): Entry | undefined {
  const hit = map.get(key);
  if (!hit || hit.version !== version) return undefined;
  map.delete(key);
  map.set(key, hit);
  return hit;
}

export async function cached<T>(db: Kysely<Database>, key: string, compute: () => Promise<T>): Promise<T> {
  const s = stateOf(db);
  const version = await versionOf(db, s);
  const hit = lookup(s.entries, key, version);
  if (hit) return hit.value as Promise<T>;
  const value = compute();
  s.entries.set(key, { version, value, bytes: 0 });
  value.catch(() => s.entries.delete(key));
  while (s.entries.size > MAX_ENTRIES) s.entries.delete(s.entries.keys().next().value!);
  return value;
}

export interface Payload {
  body: Buffer;
  /** A strong validator of the body, quoted as HTTP wants it. */
  etag: string;
}

/** A serialised response body, computed once per data version and kept within a byte budget. */
export async function cachedPayload(db: Kysely<Database>, key: string, serialise: () => Promise<string | Uint8Array | ArrayBuffer>): Promise<Payload> {
  const s = stateOf(db);
  const version = await versionOf(db, s);
  const hit = lookup(s.payloads, key, version);
  if (hit) return hit.value as Promise<Payload>;
  const value = serialise().then((text) => {
    const body = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text instanceof ArrayBuffer ? new Uint8Array(text) : text);
    return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
  });
  const entry: Entry = { version, value, bytes: 0 };
  const old = s.payloads.get(key);
  if (old) s.payloadBytes -= old.bytes;
  s.payloads.set(key, entry);
  value.then((p) => {
    if (s.payloads.get(key) !== entry) return;
    entry.bytes = p.body.length;
    s.payloadBytes += entry.bytes;
    while (s.payloadBytes > MAX_PAYLOAD_BYTES && s.payloads.size > 1) {
      const [k, e] = s.payloads.entries().next().value!;
      s.payloads.delete(k);
      s.payloadBytes -= e.bytes;
    }
  }, () => {
    if (s.payloads.get(key) === entry) s.payloads.delete(key);
  });
  return value;
}
