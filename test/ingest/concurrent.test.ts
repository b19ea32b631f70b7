/**
 * Two CLI ingests (child processes running scripts/ingest.ts) and a stream of uploads through
 * the app, all on one database file at once: every file goes in, none is refused with
 * “database is locked”, and the database ends exactly as a serial run of the same files leaves it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../db/open.ts';
import type { DatabaseTarget, OpenedDb } from '../../db/open.ts';
import { buildApp } from '../../server/app.ts';
import { writeWithFlags } from '../../server/flags/write.ts';
import { ingestPaths } from '../../server/ingest/batch.ts';
import { ingestBuffer } from '../../server/ingest/ingest.ts';
import { renderText } from '../../server/report/render.ts';
import { databaseArgs, tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';
import { record } from '../support/records.ts';
import { multipart } from '../api/helper.ts';

const TOKEN = 'test-admin-token-concurrent-0123';
const HAN = '东西南北上下前后左右中青红黄白金银铜铁';

/** A distinct township per index, all in 金乡县. */
function organ(i: number): string {
  return `金乡县${HAN[i % HAN.length]}${HAN[Math.floor(i / HAN.length) % HAN.length]}镇人民政府`;
}

function file(i: number, year: number): { name: string; data: Buffer } {
  const granted = (i * 7) % 13;
  const total = granted + 2;
  const rec = record(organ(i), year, {
    'requests.new.natural_person': total, 'requests.new.total': total,
    'requests.granted.natural_person': granted, 'requests.granted.total': granted,
    'requests.unable_not_held.natural_person': 2, 'requests.unable_not_held.total': 2,
    'requests.processed_total.natural_person': total, 'requests.processed_total.total': total,
  });
  return { name: `r${i}-${year}.txt`, data: Buffer.from(renderText(rec, 'rows-tab')) };
}

const dbs: TestDb[] = [];
afterEach(async () => {
  for (const t of dbs.splice(0)) await t.close();
});

function runCli(dir: string, target: DatabaseTarget): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', dir, ...databaseArgs(target)], {
      cwd: PROJECT_ROOT, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** Everything a reader sees, without ids (they depend on the order of the writers). */
async function snapshot(t: Pick<OpenedDb, 'db'>) {
  const reports = await t.db.selectFrom('report').innerJoin('document', 'document.id', 'report.document_id')
    .innerJoin('organ', 'organ.id', 'report.organ_id').leftJoin('county', 'county.id', 'report.county_id')
    .select(['document.sha256', 'organ.name as organ', 'county.name as county', 'report.year', 'report.current', 'report.status', 'report.deleted_at'])
    .orderBy('document.sha256').execute();
  const values = await t.db.selectFrom('report_value').innerJoin('report', 'report.id', 'report_value.report_id')
    .innerJoin('document', 'document.id', 'report.document_id').selectAll('report_value').select('document.sha256')
    .orderBy('document.sha256').execute();
  const shaOf = new Map((await t.db.selectFrom('report').innerJoin('document', 'document.id', 'report.document_id')
    .select(['report.id', 'document.sha256']).execute()).map((r) => [r.id, r.sha256]));
  const flags = (await t.db.selectFrom('flag').leftJoin('organ', 'organ.id', 'flag.organ_id')
    .select(['flag.identity', 'flag.fingerprint', 'flag.rule', 'flag.severity', 'flag.message', 'flag.year', 'flag.report_id', 'organ.name as organ', 'flag.cells', 'flag.detail'])
    .execute())
    // The identity holds the organ's id (rule|organ|year|subject), which depends on who wrote first.
    .map(({ report_id, identity, ...f }) => ({
      ...f, identity: identity.split('|').map((part, i) => (i === 1 ? f.organ : part)).join('|'),
      report: report_id === null ? null : shaOf.get(report_id) ?? '?',
    }))
    .sort((a, b) => (a.identity + a.fingerprint < b.identity + b.fingerprint ? -1 : 1));
  return {
    reports,
    values: values.map(({ report_id: _id, ...v }) => v),
    flags,
  };
}

describe('concurrent writers on one database file', () => {
  it('two CLI ingests and an upload stream all succeed and end as a serial run does', async () => {
    const shared = await tempDb('nianbao-concurrent-');
    dbs.push(shared);
    const cliA = Array.from({ length: 70 }, (_, i) => file(i, 2023));
    const cliB = Array.from({ length: 70 }, (_, i) => file(i + 70, 2023));
    // Uploads: new organ-years, and a few files the CLIs also ingest (identical bytes).
    const uploads = [...Array.from({ length: 40 }, (_, i) => file(i, 2024)), file(3, 2023), file(75, 2023)];
    const dirA = join(shared.dir, 'a');
    const dirB = join(shared.dir, 'b');
    for (const [dir, files] of [[dirA, cliA], [dirB, cliB]] as const) {
      mkdirSync(dir);
      for (const f of files) writeFileSync(join(dir, f.name), f.data);
    }

    const app = await buildApp({ db: shared.db, dbPath: shared.path, adminToken: TOKEN, webRoot: join(shared.dir, 'no-web') });
    try {
      const clis = [runCli(dirA, shared.target), runCli(dirB, shared.target)];
      const outcomes: string[] = [];
      for (const f of uploads) {
        const body = multipart([f], { county: '金乡县' });
        const res = await app.inject({ method: 'POST', url: '/api/uploads', ...body, headers: { ...body.headers, authorization: `Bearer ${TOKEN}` } });
        expect(res.statusCode).toBe(200);
        const r = (res.json() as { results: { outcome: string; reason: string | null }[] }).results[0]!;
        outcomes.push(r.outcome === 'failed' ? `failed: ${r.reason}` : r.outcome);
        // A clerk's pace, not a loop: the CLIs get to write in between.
        await new Promise((done) => setTimeout(done, 5));
      }
      const done = await Promise.all(clis);
      for (const d of done) {
        expect(d.out).not.toMatch(/locked|SQLITE_BUSY/);
        expect(d.code, d.out.slice(-2000)).toBe(0);
      }
      expect(outcomes.filter((o) => o.startsWith('failed'))).toEqual([]);
    } finally {
      await app.close();
    }

    // The same files one after another on a fresh database.
    const serial = await tempDb('nianbao-serial-');
    dbs.push(serial);
    for (const dir of [dirA, dirB]) for await (const r of ingestPaths(serial.db, [dir], { via: 'cli' })) expect(r.outcome).not.toBe('failed');
    for (const f of uploads) expect((await ingestBuffer(serial.db, { fileName: f.name, bytes: f.data, via: 'upload', county: '金乡县' })).outcome).not.toBe('failed');

    const [got, want] = [await snapshot(shared), await snapshot(serial)];
    expect(got.reports.length).toBe(180);
    expect(got.reports).toEqual(want.reports);
    expect(got.values).toEqual(want.values);
    expect(got.flags.length).toBe(want.flags.length);
    expect(got.flags).toEqual(want.flags);
  }, 90_000);
});

/** A server process (server/main.ts) on this database; resolves with its URL once it listens. */
function startServerProcess(target: DatabaseTarget): Promise<{ url: string; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...databaseArgs(target)], {
      cwd: PROJECT_ROOT, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NIANBAO_ADMIN_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const stop = () => new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('close', () => done());
      child.kill('SIGTERM');
    });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /已启动：(http:\/\/\S+?)\/?\s/.exec(out);
      if (m) resolve({ url: m[1]!, stop });
    });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`server exited (${code}): ${out.slice(-2000)}`)));
  });
}

async function upload(url: string, f: { name: string; data: Buffer }): Promise<string> {
  const form = new FormData();
  form.append('county', '金乡县');
  form.append('files', new Blob([new Uint8Array(f.data)]), f.name);
  const res = await fetch(`${url}/api/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${TOKEN}` } });
  if (res.status !== 200) return `http ${res.status}: ${await res.text()}`;
  const r = ((await res.json()) as { results: { outcome: string; reason: string | null }[] }).results[0]!;
  return r.outcome === 'failed' ? `failed: ${r.reason}` : r.outcome;
}

describe('several processes on one database', () => {
  it('two server processes and a CLI, uploading and ingesting at once: no failure, one current report per organ-year, flags as a recompute gives them', async () => {
    const shared = await tempDb('nianbao-processes-');
    dbs.push(shared);
    const cli = Array.from({ length: 50 }, (_, i) => file(i, 2023));
    // Pairs sent to the two servers at the same moment: new organs both create (another year
    // each), the same bytes to both (and to the CLI), and an organ-year both receive a different
    // version of.
    const variant = (f: { name: string; data: Buffer }, v: number) => ({ name: `v${v}-${f.name}`, data: Buffer.concat([f.data, Buffer.from(`\n（第${v}版）\n`)]) });
    const PAIRS = 24;
    const pairs = Array.from({ length: PAIRS }, (_, k) => {
      if (k % 3 === 0) return [file(100 + k, 2025), file(100 + k, 2026)] as const;
      if (k % 3 === 1) return [file(k, 2023), file(k, 2023)] as const;
      return [variant(file(200 + k, 2024), 1), variant(file(200 + k, 2024), 2)] as const;
    });
    const dir = join(shared.dir, 'cli');
    mkdirSync(dir);
    for (const f of cli) writeFileSync(join(dir, f.name), f.data);

    const servers = await Promise.all([startServerProcess(shared.target), startServerProcess(shared.target)]);
    const outcomes: string[][] = [];
    try {
      const cliRun = runCli(dir, shared.target);
      // Three pairs in flight at a time, while the CLI writes its batches.
      let next = 0;
      const lanes = Array.from({ length: 3 }, async () => {
        while (next < pairs.length) {
          const k = next++;
          const [a, b] = pairs[k]!;
          outcomes[k] = await Promise.all([upload(servers[0]!.url, a), upload(servers[1]!.url, b)]);
        }
      });
      const [cliDone] = await Promise.all([cliRun, ...lanes]);
      expect(cliDone.code, cliDone.out.slice(-2000)).toBe(0);
      expect(cliDone.out).not.toMatch(/locked|SQLITE_BUSY|deadlock|duplicate key/);
      expect(outcomes.flat().filter((o) => !/^(ingested|unchanged|replaced)$/.test(o))).toEqual([]);
      // Of two versions of one organ-year sent at once, one went in first and the other replaced it.
      for (const [k, pair] of outcomes.entries()) if (pairs[k]![0].name.startsWith('v1-')) expect([...pair].sort()).toEqual(['ingested', 'replaced']);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }

    // One report in force per organ and year, the contested ones included; no organ twice.
    const current = await shared.db.selectFrom('report').select(['organ_id', 'year', (eb) => eb.fn.countAll<number>().as('n')])
      .where('current', '=', 1).groupBy(['organ_id', 'year']).execute();
    const newOrgans = 8 * 2; // k % 3 === 0: two years each
    const contested = 8;
    expect(current.length).toBe(50 + newOrgans + contested);
    expect(current.filter((r) => Number(r.n) !== 1)).toEqual([]);
    expect(await shared.db.selectFrom('report').select('id').execute()).toHaveLength(50 + newOrgans + contested * 2);
    const organs = await shared.db.selectFrom('organ').select(['county_id', 'name']).execute();
    expect(new Set(organs.map((o) => `${o.county_id}|${o.name}`)).size).toBe(organs.length);
    expect(organs).toHaveLength(50 + 8 + contested);

    // The stored flags are what recomputing every report's flags, one writer alone, gives.
    const stored = await snapshot(shared);
    const all = (await shared.db.selectFrom('report').select('id').execute()).map((r) => r.id);
    await writeWithFlags(shared.db, async () => ({ changed: { reportIds: all } }));
    const recomputed = await snapshot(shared);
    expect(stored.flags.length).toBeGreaterThan(0);
    expect(stored.flags).toEqual(recomputed.flags);
  }, 180_000);
});
