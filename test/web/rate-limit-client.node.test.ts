/** The web client against a rate-limited server: 429 arrives as an ApiError with the server's message and Retry-After. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import type { App } from '../../server/app.ts';
import { loadDemoIfEmpty } from '../../server/demo/load.ts';
import { ApiError, createApiClient, retryAfterOf } from '../../web/src/api/client.ts';
import type { ApiClient } from '../../web/src/api/client.ts';
import { tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';

describe('web API client and rate limits', () => {
  let opened: TestDb;
  let app: App;
  let client: ApiClient;

  beforeAll(async () => {
    opened = await tempDb('nianbao-web-limits-');
    await loadDemoIfEmpty(opened.db, { seed: 1 });
    app = await buildApp({
      db: opened.db, dbPath: opened.path, adminToken: 'client-token', webRoot: join(opened.dir, 'no-web'),
      limits: { writesPerMinute: 1, failedTokensPerMinute: 1 },
    });
    client = createApiClient({ baseUrl: await app.listen({ host: '127.0.0.1', port: 0 }) });
  });

  afterAll(async () => {
    await app?.close();
    await opened?.close();
  });

  it('gives 429 as an ApiError with the Chinese message and the seconds to wait', async () => {
    const report = (await client.reports({ limit: 1 })).rows[0]!;
    const body = { key: 'requests.new.total', value: 1, reason: '核对原件' };
    await client.correct(report.id, body, 'client-token');
    const refused = await client.correct(report.id, body, 'client-token').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    const e = refused as ApiError;
    expect(e.status).toBe(429);
    expect(e.code).toBe('too_many_requests');
    expect(e.message).toContain('写操作太频繁');
    expect(e.retryAfter).toBeGreaterThan(0);
    expect(e.retryAfter).toBeLessThanOrEqual(60);
  });

  it('reads Retry-After as seconds, or nothing', () => {
    expect(retryAfterOf('12')).toBe(12);
    expect(retryAfterOf(null)).toBeNull();
    expect(retryAfterOf('Wed, 21 Oct 2015 07:28:00 GMT')).toBeNull();
  });
});
