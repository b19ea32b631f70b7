/**
 * The admin token: NIANBAO_ADMIN_TOKEN; else, on SQLite, generated at first start and kept beside
 * the database file (owner-only permissions) so it survives restarts; on PostgreSQL, where no
 * file sits beside the database and several servers share it, generated at first start and kept
 * in the database as its SHA-256 only (`setting.admin_token_sha256`), printed once. Requests are
 * checked against the SHA-256, in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { OpenedDb } from '../db/open.ts';

export interface AdminToken {
  /** The token itself, when this process knows it (from the environment, the file, or just made). */
  token: string | null;
  /** Its SHA-256, hex: what a request's token is checked against. */
  sha256: string;
  /** Where it came from: `env`, `file` (read back), `generated` (new: print it once), `database` (only its hash, kept by an earlier start). */
  source: 'env' | 'file' | 'generated' | 'memory' | 'database';
  /** The file holding it (SQLite), or null. */
  file: string | null;
}

export const ADMIN_TOKEN_SETTING = 'admin_token_sha256';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function tokenFileFor(dbPath: string): string | null {
  return dbPath === ':memory:' ? null : `${dbPath}.admin-token`;
}

const known = (token: string, source: AdminToken['source'], file: string | null): AdminToken => ({ token, sha256: sha256Hex(token), source, file });

/** The admin token of a SQLite database file (env, else the file beside it, else a new one written there). */
export function resolveAdminToken(dbPath: string, env: NodeJS.ProcessEnv = process.env): AdminToken {
  const fromEnv = env.NIANBAO_ADMIN_TOKEN?.trim();
  if (fromEnv) return known(fromEnv, 'env', null);
  const file = tokenFileFor(dbPath);
  if (file && existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token) return known(token, 'file', file);
  }
  const token = randomBytes(24).toString('base64url');
  if (!file) return known(token, 'memory', null);
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return known(token, 'generated', file);
}

/**
 * The admin token of an opened database: SQLite as `resolveAdminToken`; PostgreSQL from the
 * environment, else the hash kept in the database, else a new token whose hash is stored (the
 * first of several servers starting at once wins; the others read its hash back).
 */
export async function adminTokenOf(opened: OpenedDb, env: NodeJS.ProcessEnv = process.env): Promise<AdminToken> {
  if (opened.dialect === 'sqlite') return resolveAdminToken(opened.path, env);
  const fromEnv = env.NIANBAO_ADMIN_TOKEN?.trim();
  if (fromEnv) return known(fromEnv, 'env', null);
  const read = () => opened.db.selectFrom('setting').select('value').where('name', '=', ADMIN_TOKEN_SETTING).executeTakeFirst();
  const kept = await read();
  if (kept) return { token: null, sha256: kept.value, source: 'database', file: null };
  const token = randomBytes(24).toString('base64url');
  await opened.db.insertInto('setting').values({ name: ADMIN_TOKEN_SETTING, value: sha256Hex(token) })
    .onConflict((oc) => oc.column('name').doNothing()).execute();
  const stored = (await read())!;
  return stored.value === sha256Hex(token) ? known(token, 'generated', null) : { token: null, sha256: stored.value, source: 'database', file: null };
}

/** Does `given` hash to `expectedSha256` (hex)? Constant time. */
export function tokenMatches(given: string, expectedSha256: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = Buffer.from(expectedSha256, 'hex');
  return b.length === a.length && timingSafeEqual(a, b);
}

/** The token in an `Authorization: Bearer …` header, or null. */
export function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}
