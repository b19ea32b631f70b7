/**
 * npx tsx scripts/snapshot-records.ts --out DIR [--modes parse,cli,upload,zip] [PATH...]
 *
 * What every ingest path makes of every fixture, written to DIR so that two runs (before and
 * after a change to the readers or the ingest) can be compared byte for byte (`diff -r A B`):
 * - parse.jsonl: the parse CLI (scripts/parse.ts, run as a process), one JSON line per file;
 * - cli.json: the ingest CLI (scripts/ingest.ts, a process) over every file into a fresh
 *   database: its printed results and the rows it stored;
 * - upload.json: each file uploaded through the real app (POST /uploads, one request per file);
 * - zip.json: all the files in one .zip, uploaded in one request.
 * The stored rows are every table's rows in a fixed order, without timestamps, file bytes and flag ids.
 * Files: /work/shared/samples/** and test/fixtures/** (the expected.json and README files aside),
 * plus any PATH given (files or folders, e.g. the inputs `npm run eval:reading -- --keep DIR` kept).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { openDb, PROJECT_ROOT } from '../db/open.ts';
import type { Database } from '../db/schema.ts';
import { buildApp } from '../server/app.ts';
import { buildZip } from '../test/readers/zip-tools.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, modes: { type: 'string', default: 'parse,cli,upload,zip' } },
});
if (!values.out) {
  console.error('usage: npx tsx scripts/snapshot-records.ts --out DIR [--modes parse,cli,upload,zip] [PATH...]');
  process.exit(2);
}
const out = resolve(values.out);
const modes = new Set(values.modes!.split(','));
mkdirSync(out, { recursive: true });

const SKIP = /(\.expected\.json|README\.md|\.log)$/;

function filesUnder(path: string): string[] {
  const info = statSync(path);
  if (info.isFile()) return SKIP.test(path) ? [] : [path];
  return readdirSync(path).sort().flatMap((name) => (name.startsWith('.') || name === 'chromium-profiles' || name === 'src' ? [] : filesUnder(join(path, name))));
}

const roots = ['/work/shared/samples', join(PROJECT_ROOT, 'test/fixtures'), ...positionals.map((p) => resolve(p))];
const files = roots.flatMap((r) => filesUnder(r));
// Names as the paths relative to the project (stable between runs).
const shown = (f: string) => (f.startsWith(`${PROJECT_ROOT}/`) ? relative(PROJECT_ROOT, f) : f);
console.log(`${files.length} files`);

const TSX = ['--import', 'tsx'];
const run = (script: string, args: string[]) => execFileSync(process.execPath, [...TSX, join(PROJECT_ROOT, 'scripts', script), ...args], {
  cwd: PROJECT_ROOT, maxBuffer: 1 << 30, encoding: 'utf8', env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'],
});
const runAllowingFailure = (script: string, args: string[]) => {
  try {
    return run(script, args);
  } catch (e) {
    const stdout = (e as { stdout?: string }).stdout;
    if (typeof stdout === 'string' && (e as { status?: number }).status === 1) return stdout;
    throw e;
  }
};

/** Every table's rows in a fixed order, without timestamps and file bytes. */
async function dump(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const tables = (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name`.execute(db)).rows;
  const result: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db)).rows;
    // Some tables have no rowid: rows in the order of their JSON. A flag's id is left out: flags
    // are numbered as each batch recomputes them, and a batch closes after 250 ms, so their ids
    // vary from run to run (the flags themselves do not).
    const kept = (k: string) => !k.endsWith('_at') && k !== 'content' && !(name === 'flag' && k === 'id');
    result[name] = rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => kept(k))))).sort().map((r) => JSON.parse(r));
  }
  return result;
}

const write = (name: string, data: unknown) => writeFileSync(join(out, name), typeof data === 'string' ? data : `${JSON.stringify(data, null, 1)}\n`);

async function timedMode(name: string, work: () => Promise<void>): Promise<void> {
  if (!modes.has(name)) return;
  const started = performance.now();
  await work();
  console.log(`${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await timedMode('parse', async () => {
  const lines = runAllowingFailure('parse.ts', files.map(shown)).trimEnd().split('\n');
  write('parse.jsonl', `${lines.join('\n')}\n`);
});

await timedMode('cli', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-snapshot-'));
  try {
    const dbPath = join(dir, 'cli.sqlite');
    const printed = runAllowingFailure('ingest.ts', [...files.map(shown), '--db', dbPath]);
    const { db } = await openDb(dbPath);
    // The summary's time varies from run to run.
    write('cli.json', { printed: printed.split('\n').filter((l) => !/秒/.test(l)), rows: await dump(db) });
    await db.destroy();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const TOKEN = 'snapshot-admin-token-0123456789';

async function uploadAll(requests: { name: string; data: Buffer }[][]): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-snapshot-'));
  const { db, path } = await openDb(join(dir, 'upload.sqlite'));
  const app = await buildApp({ db, dbPath: path, adminToken: TOKEN, webRoot: join(dir, 'no-web'), limits: { writesPerMinute: 1_000_000 } });
  try {
    const answers: unknown[] = [];
    for (const parts of requests) {
      const { payload, headers } = multipart(parts);
      const res = await app.inject({ method: 'POST', url: '/api/uploads', payload, headers: { ...headers, authorization: `Bearer ${TOKEN}` } });
      if (res.statusCode !== 200) console.error(`upload answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
      answers.push({ status: res.statusCode, body: res.json() });
    }
    return { answers, rows: await dump(db) };
  } finally {
    await app.close();
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

function multipart(files: { name: string; data: Buffer }[]) {
  const boundary = '----nianbaoSnapshotBoundary7f3a';
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

await timedMode('upload', async () => {
  write('upload.json', await uploadAll(files.map((f) => [{ name: basename(f), data: readFileSync(f) }])));
});

await timedMode('zip', async () => {
  const zip = buildZip(files.map((f) => ({ name: shown(f).replace(/^\//, ''), data: readFileSync(f) })));
  write('zip.json', await uploadAll([[{ name: '全部文件.zip', data: zip }]]));
});
