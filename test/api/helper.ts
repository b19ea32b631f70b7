/**
 * `build()`: a fresh temporary SQLite file and the real app on it, closed after each test.
 * Reports are stored through the ingest's own `storeReport`, so flags and the wide value table
 * are what production writes.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, expect } from 'vitest';
import type { OpenedDb } from '../../db/open.ts';
import { storeReport } from '../../server/ingest/store.ts';
import { buildApp } from '../../server/app.ts';
import type { App, AppLimits } from '../../server/app.ts';
import type { ReportRecord, ReviewEntry } from '../../shared/template.ts';
import { tempDb } from '../support/db.ts';
import { record } from '../support/records.ts';

export const TOKEN = 'test-admin-token-0123456789';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

export interface Ctx extends OpenedDb {
  app: App;
  dir: string;
}

const open: { app: App; close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) {
    await c.app.close();
    await c.close();
  }
});

export async function build(opts: { limits?: Partial<AppLimits>; webRoot?: string } = {}): Promise<Ctx> {
  const t = await tempDb('nianbao-api-');
  const app = await buildApp({
    db: t.db, dbPath: t.path, adminToken: TOKEN, webRoot: opts.webRoot ?? join(t.dir, 'no-web'), ...(opts.limits ? { limits: opts.limits } : {}),
  });
  open.push({ app, close: t.close });
  return { db: t.db, dialect: t.dialect, sqlite: t.sqlite, path: t.path, target: t.target, app, dir: t.dir };
}

/** Requests with a balanced table: new = granted + partial + not-held, nothing carried. */
export function requests(granted: number, partial: number, notHeld: number): Record<string, number> {
  const total = granted + partial + notHeld;
  return {
    'requests.new.natural_person': total, 'requests.new.total': total,
    'requests.granted.natural_person': granted, 'requests.granted.total': granted,
    'requests.partially_granted.natural_person': partial, 'requests.partially_granted.total': partial,
    'requests.unable_not_held.natural_person': notHeld, 'requests.unable_not_held.total': notHeld,
    'requests.processed_total.natural_person': total, 'requests.processed_total.total': total,
  };
}

/** Store a record as if ingested: returns the report id. */
export async function seed(ctx: Ctx, rec: ReportRecord, opts: { county?: string; review?: ReviewEntry[]; fileName?: string; text?: string } = {}): Promise<number> {
  const text = opts.text ?? `${rec.organ}${rec.year}年政府信息公开工作年度报告\n`;
  const bytes = Buffer.from(`${text}\n${JSON.stringify(rec.requests.new)}`);
  const r = await storeReport(ctx.db, {
    fileName: opts.fileName ?? `${rec.organ}${rec.year}.txt`, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), via: 'seed',
    county: opts.county ?? '金乡县', document: { format: 'txt', extraction: 'utf-8', text, exactCells: false }, record: rec, review: opts.review ?? [],
  });
  expect(r.reportId).not.toBeNull();
  return r.reportId!;
}

/** Three organs of 金乡县 over 2022–2023 and one of 鱼台县 in 2023. */
export async function seedCounty(ctx: Ctx) {
  const ids = {
    yangshan22: await seed(ctx, record('金乡县羊山镇人民政府', 2022, requests(4, 1, 1))),
    yangshan23: await seed(ctx, record('金乡县羊山镇人民政府', 2023, requests(6, 2, 2))),
    huji23: await seed(ctx, record('金乡县胡集镇人民政府', 2023, requests(1, 0, 3))),
    edu23: await seed(ctx, record('金乡县教育局', 2023, { ...requests(0, 0, 0), 'appeals.review.upheld': 1, 'appeals.review.corrected': 1, 'appeals.review.total': 2 })),
    yutai23: await seed(ctx, record('鱼台县王鲁镇人民政府', 2023, requests(5, 0, 0)), { county: '鱼台县' }),
  };
  const counties = await ctx.db.selectFrom('county').select(['id', 'name']).execute();
  const countyId = (name: string) => counties.find((c) => c.name === name)!.id;
  return { ids, jinxiang: countyId('金乡县'), yutai: countyId('鱼台县') };
}

/** Split a CSV body into rows of cells with csv-parse, after checking the BOM Excel and WPS need; records end in CRLF. */
export function parseCsv(body: string): string[][] {
  expect(body.startsWith('\uFEFF')).toBe(true);
  return parse(body.slice(1), { relax_column_count: true, record_delimiter: '\r\n' }) as string[][];
}

/** A multipart/form-data body: fields first, then files. */
export function multipart(files: { name: string; data: Buffer; field?: string }[], fields: Record<string, string> = {}) {
  const boundary = `----nianbao${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'files'}"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
