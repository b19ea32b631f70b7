/** The web's API client against the real server (real SQLite file, real HTTP on loopback). */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import type { App } from '../../server/app.ts';
import { loadDemoIfEmpty } from '../../server/demo/load.ts';
import { ApiError, createApiClient, csvUrl } from '../../web/src/api/client.ts';
import type { ApiClient } from '../../web/src/api/client.ts';
import { tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';

describe('web API client', () => {
  let opened: TestDb;
  let app: App;
  let base: string;
  let client: ApiClient;

  beforeAll(async () => {
    opened = await tempDb('nianbao-web-client-');
    await loadDemoIfEmpty(opened.db, { seed: 1 });
    app = await buildApp({ db: opened.db, dbPath: opened.path, adminToken: 'client-token', webRoot: join(opened.dir, 'no-web') });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    client = createApiClient({ baseUrl: base });
  });

  afterAll(async () => {
    await app?.close();
    await opened?.close();
  });

  it('reads meta, counties and a county-year total that agrees with the per-organ rows', async () => {
    const meta = await client.meta();
    expect(meta.empty).toBe(false);
    const county = (await client.counties()).rows[0]!;
    const year = meta.latestYear!;
    const total = await client.countyTotal({ year, county: county.id });
    const byOrgan = await client.aggregates({ year, county: county.id, limit: 500 });
    const sum = byOrgan.rows.reduce((n, r) => n + (r.values['requests.new.total'] ?? 0), 0);
    expect(total.values['requests.new.total']).toBe(sum);
    expect(total.tables.requests.new.total).toBe(sum);
  });

  it('turns an error answer into an ApiError with the server’s Chinese message', async () => {
    const err = await client.report(999_999).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(404);
    expect((err as ApiError).message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('sends the token on writes and reports 401 without a valid one', async () => {
    const report = (await client.reports({ limit: 1 })).rows[0]!;
    const body = { key: 'requests.new.total', value: 1, reason: '测试' };
    const refused = await client.correct(report.id, body, 'wrong').catch((e: unknown) => e);
    expect((refused as ApiError).status).toBe(401);
    const res = await client.correct(report.id, body, 'client-token');
    expect(res.cell.value).toBe(1);
  });

  it('previews and carries over the previous version\'s corrections and decisions, with the token', async () => {
    const report = (await client.reports({ limit: 1 })).rows[0]!;
    const preview = await client.carryOverPreview(report.id);
    expect(preview.reportId).toBe(report.id);
    const refused = await client.carryOver(report.id, {}, 'wrong').catch((e: unknown) => e);
    expect((refused as ApiError).status).toBe(401);
    const done = await client.carryOver(report.id, {}, 'client-token');
    expect(done.fromReportId).toBe(preview.fromReportId);
    expect(done.carried.corrections.map((c) => c.key)).toEqual(preview.carried.corrections.map((c) => c.key));
    expect(done.carried.decisions.map((c) => c.rule)).toEqual(preview.carried.decisions.map((c) => c.rule));
    expect((await client.carryOverPreview(report.id)).carried).toEqual({ corrections: [], decisions: [] });
    const bad = await client.carryOver(report.id, { corrections: ['no.such.cell'] }, 'client-token').catch((e: unknown) => e);
    expect((bad as ApiError).status).toBe(400);
    expect((bad as ApiError).message).toContain('不是模板中的单元格');
  });

  it('links a CSV that holds the same rows as the list it mirrors', async () => {
    const query = { year: 2024, county: 1, limit: 5, offset: 0 };
    const list = await client.reports(query);
    const bytes = Buffer.from(await (await fetch(base + csvUrl('/api/reports', query))).arrayBuffer());
    // UTF-8 BOM, so Excel and WPS read the Chinese correctly.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.trim().split(/\r?\n/).length - 1).toBe(list.total);
  });
});
