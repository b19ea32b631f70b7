/**
 * The admin token: NIANBAO_ADMIN_TOKEN, or generated at first start and kept beside the
 * database file (owner-only permissions) so it survives restarts. Compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface AdminToken {
  token: string;
  /** Where it came from: `env`, `file` (read back) or `generated` (new: print it once). */
  source: 'env' | 'file' | 'generated' | 'memory';
  file: string | null;
}

export function tokenFileFor(dbPath: string): string | null {
  return dbPath === ':memory:' ? null : `${dbPath}.admin-token`;
}

export function resolveAdminToken(dbPath: string, env: NodeJS.ProcessEnv = process.env): AdminToken {
  const fromEnv = env.NIANBAO_ADMIN_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'env', file: null };
  const file = tokenFileFor(dbPath);
  if (file && existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token) return { token, source: 'file', file };
  }
  const token = randomBytes(24).toString('base64url');
  if (!file) return { token, source: 'memory', file: null };
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, source: 'generated', file };
}

/** Constant time whatever the lengths: both sides are hashed to the same length first. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** The token in an `Authorization: Bearer …` header, or null. */
export function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}
