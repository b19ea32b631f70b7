/**
 * The admin token on either backend: from NIANBAO_ADMIN_TOKEN; else made at first start and kept
 * (SQLite: in a file beside the database; PostgreSQL: only its SHA-256, in the database, so that
 * several servers share it and no file is needed); a second start finds the same token.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { adminTokenOf, tokenMatches } from '../../server/auth.ts';
import { tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';

let t: TestDb | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('adminTokenOf', () => {
  it('takes NIANBAO_ADMIN_TOKEN when set, and stores nothing', async () => {
    t = await tempDb('nianbao-token-');
    const a = await adminTokenOf(t, { NIANBAO_ADMIN_TOKEN: ' from-env-0123456789 ' });
    expect(a).toMatchObject({ token: 'from-env-0123456789', source: 'env' });
    expect(tokenMatches('from-env-0123456789', a.sha256)).toBe(true);
    expect(tokenMatches('from-env-012345678', a.sha256)).toBe(false);
    expect(await t.db.selectFrom('setting').selectAll().execute()).toEqual([]);
  });

  it('makes one at first start, shows it once, and finds the same one at the next start', async () => {
    t = await tempDb('nianbao-token-');
    const first = await adminTokenOf(t, {});
    expect(first.source).toBe('generated');
    expect(first.token).toMatch(/^[\w-]{32}$/);
    const again = await adminTokenOf(t, {});
    expect(again.sha256).toBe(first.sha256);
    expect(tokenMatches(first.token!, again.sha256)).toBe(true);
    if (t.dialect === 'postgres') {
      // Kept as a hash only: a later start cannot show the token, and nothing is written beside a URL.
      expect(again).toMatchObject({ token: null, source: 'database', file: null });
      const kept = await t.db.selectFrom('setting').select('value').where('name', '=', 'admin_token_sha256').executeTakeFirstOrThrow();
      expect(kept.value).toBe(first.sha256);
      expect(kept.value).not.toContain(first.token!);
    } else {
      expect(again).toMatchObject({ token: first.token, source: 'file' });
      expect(existsSync(`${t.path}.admin-token`)).toBe(true);
    }
  });
});
