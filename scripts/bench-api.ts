/**
 * `npm run bench:api [-- --reports 100000 --db PATH | --database-url postgres://… ] [--servers 1]
 *   [--connections 10] [--duration 5] [--keep] [--cells] [--md FILE]`
 *
 * 1. Builds a generated province (scripts/lib/bench-seed.ts): 100 counties × organs × 10 years,
 *    100,000 reports by default — the rows `storeReport` writes for a report without doubts
 *    (document, report, the wide value row), about one flag per three reports so flag counts have
 *    work to do; `--cells` also writes 200 cell rows per report, as reports stored before
 *    migration 0003 have them (aggregates never read them). The database is opened (migrated)
 *    by `openDatabase` first. SQLite (`--db PATH`, else a temporary file): one transaction of
 *    prepared statements. PostgreSQL (`--database-url`): COPY per county, then VACUUM ANALYZE.
 *    A database that already holds the reports is used as it is (a SQLite file that exists, a
 *    PostgreSQL database with that many reports); the seed time is kept in its `setting` table.
 * 2. Starts `--servers` real server processes on loopback (each on its own port, same database)
 *    and loads the main aggregate routes with autocannon from this process, `--connections` per
 *    server, every server at once; p50/p99 are over every response of every server, req/s their
 *    sum. Answers are cached until the data changes, so the load figures are of cached answers
 *    (each still reads the shared data version); the 首次 columns time the first, uncached
 *    request of five other scopes (other counties, or other years province-wide) on the first
 *    server: the cost after every write.
 * `--md FILE` appends the results as markdown table rows (with a header when the file is new).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { PROJECT_ROOT, openDatabase, redactUrl } from '../db/open.ts';
import type { DatabaseTarget } from '../db/open.ts';
import { FIRST_YEAR, YEARS, describeShape, seedPostgres, seedShape, seedSqlite } from './lib/bench-seed.ts';
import { databaseSize } from './lib/databases.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const REPORTS = Number(arg('reports', '100000'));
const DURATION = Number(arg('duration', '5'));
const SERVERS = Math.max(1, Number(arg('servers', '1')));
const CONNECTIONS = Math.max(1, Number(arg('connections', '10')));
const DATABASE_URL = arg('database-url', '');
const MD_FILE = arg('md', '');
const shape = seedShape(REPORTS, args.includes('--cells'));
const SEED_SETTING = 'bench_api_seed';

/** The seed time of a database seeded earlier, kept in its `setting` table. */
interface SeedNote { reports: number; seconds: number }

/** Open (migrating) the database, seed it unless it already holds the reports; the seed time. */
async function prepareDatabase(target: DatabaseTarget): Promise<{ seconds: number; reused: boolean }> {
  const opened = await openDatabase(target);
  try {
    const count = Number((await opened.db.selectFrom('report').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const note = await opened.db.selectFrom('setting').select('value').where('name', '=', SEED_SETTING).executeTakeFirst();
    if (count > 0) {
      if (count !== REPORTS) throw new Error(`数据库已有 ${count} 份报告，不是 ${REPORTS} 份：请换一个空数据库`);
      const seconds = note ? (JSON.parse(note.value) as SeedNote).seconds : NaN;
      console.log(`使用已有数据库 ${opened.path}（${count} 份报告${note ? `，生成用时 ${seconds.toFixed(0)} 秒` : ''}）`);
      return { seconds, reused: true };
    }
    console.log(`生成数据库 ${opened.path}：${describeShape(shape)}…`);
    const result = target.kind === 'postgres'
      ? await seedPostgres(target.url, shape, (line) => console.log(line))
      : seedSqlite(opened.sqlite!, shape);
    const value = JSON.stringify({ reports: result.reports, seconds: result.seconds } satisfies SeedNote);
    await opened.db.insertInto('setting').values({ name: SEED_SETTING, value }).execute();
    console.log(`生成数据库：${describeShape(shape)}，用时 ${result.seconds.toFixed(1)} 秒`);
    return { seconds: result.seconds, reused: false };
  } finally {
    await opened.db.destroy();
  }
}

/** Start one server process on a free port; resolves with its base URL once it listens. */
function startServer(target: DatabaseTarget): Promise<{ child: ChildProcess; base: string }> {
  const dbArgs = target.kind === 'postgres' ? ['--database-url', target.url] : ['--db', target.path];
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server', 'main.ts'), ...dbArgs], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NIANBAO_ADMIN_TOKEN: 'bench' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it listened`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(line)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, base: url });
      }
    });
  });
}

/** autocannon's run: a promise of the result that also reports each response. */
interface Result { requests: { average: number }; non2xx: number; errors: number }
type Run = Promise<Result> & { on(event: 'response', f: (client: unknown, status: number, bytes: number, ms: number) => void): void };
const load = autocannon as unknown as (options: { url: string; connections: number; duration: number }) => Run;

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
}

interface Measured { name: string; path: string; target?: number; coldMedian: number; coldMax: number; p50: number; p99: number; rps: number; kb: number; bad: number }

const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
const givenDb = args.includes('--db');
const target: DatabaseTarget = DATABASE_URL
  ? { kind: 'postgres', url: DATABASE_URL }
  : { kind: 'sqlite', path: arg('db', join(dir, 'bench.sqlite')) };
const backend = target.kind === 'postgres' ? 'PostgreSQL' : 'SQLite';
const seed = await prepareDatabase(target);
const sizeBytes = await databaseSize(target);
console.log(`数据库大小 ${(sizeBytes / 2 ** 30).toFixed(2)} GiB`);

const servers: { child: ChildProcess; base: string }[] = [];
try {
  // One after another: each opens (and checks the migrations of) the same database.
  for (let i = 0; i < SERVERS; i++) servers.push(await startServer(target));
  const base = servers[0]!.base;
  const year = FIRST_YEAR + YEARS - 1;
  const routes: { name: string; path: string; target?: number }[] = [
    { name: '县·年 按单位汇总', path: `/api/aggregates?year=${year}&county=37`, target: 50 },
    { name: '县·年 合计表', path: `/api/aggregates/total?year=${year}&county=37`, target: 50 },
    { name: '县·年 带筛选', path: `/api/aggregates?year=${year}&county=37&filter=disclosure_rate%3C0.8&sort=requests.new.total&order=desc`, target: 50 },
    { name: '全省·年 按县汇总', path: `/api/aggregates?year=${year}&by=county&limit=500`, target: 200 },
    { name: '全省·年 合计表', path: `/api/aggregates/total?year=${year}`, target: 200 },
    { name: '全省·年 按单位（前50）', path: `/api/aggregates?year=${year}&sort=disclosure_rate`, target: 200 },
    { name: '县 逐年趋势', path: '/api/trends?county=37' },
    { name: '县 单位×年度对比', path: '/api/compare?county=37&metric=requests.new.total' },
    { name: '报告列表（县·年）', path: `/api/reports?county=37&year=${year}` },
  ];
  const where = servers.map((s) => s.base).join(' ');
  console.log(`\n${backend}，${SERVERS} 个服务进程，负载：autocannon，每个进程 ${CONNECTIONS} 个并发连接（共 ${SERVERS * CONNECTIONS}），每个接口 ${DURATION} 秒，${where}`);
  console.log('（首次 = 未缓存时单次请求，5 个不同县区或年度的中位数/最大值；结果在数据变化前缓存，p50/p99 为持续负载下，所有进程的全部响应）');
  console.log('接口'.padEnd(22), '首次中位'.padStart(8), '首次最大'.padStart(8), 'p50(ms)'.padStart(8), 'p99(ms)'.padStart(8), 'req/s'.padStart(8), '目标p99'.padStart(8), 'KB'.padStart(6));
  // Other scopes than the loaded one, so each first request misses the cache.
  const variants = (path: string) => [11, 12, 13, 14, 15].map((n, i) => path.includes('county=37')
    ? path.replace('county=37', `county=${n}`)
    : path.includes(`year=${year}`) ? path.replace(`year=${year}`, `year=${year - 1 - i}`) : `${path}${path.includes('?') ? '&' : '?'}from=${FIRST_YEAR + i}`);
  // Warm up every server (JIT, connection pools) on every route before anything is timed.
  for (const r of routes) await Promise.all(servers.map((s) => load({ url: s.base + r.path, connections: CONNECTIONS, duration: 1 })));
  const measured: Measured[] = [];
  for (const r of routes) {
    const colds: number[] = [];
    for (const path of variants(r.path)) {
      const t0 = performance.now();
      await (await fetch(base + path)).arrayBuffer();
      colds.push(performance.now() - t0);
    }
    colds.sort((a, b) => a - b);
    // Every server computes the loaded answer once before the load (its own cache).
    const bodies = await Promise.all(servers.map(async (s) => (await fetch(s.base + r.path)).arrayBuffer()));
    const kb = bodies[0]!.byteLength / 1024;
    const latencies: number[] = [];
    const runs = servers.map((s) => {
      const run = load({ url: s.base + r.path, connections: CONNECTIONS, duration: DURATION });
      run.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
      return run;
    });
    const results = await Promise.all(runs);
    latencies.sort((a, b) => a - b);
    const m: Measured = {
      ...r, coldMedian: colds[2]!, coldMax: colds[4]!, p50: percentile(latencies, 50), p99: percentile(latencies, 99),
      rps: results.reduce((sum, x) => sum + x.requests.average, 0), kb, bad: results.reduce((sum, x) => sum + x.non2xx + x.errors, 0),
    };
    measured.push(m);
    const ok = r.target === undefined ? '' : m.p99 < r.target ? `<${r.target} ✓` : `<${r.target} ✗`;
    console.log(r.name.padEnd(22), m.coldMedian.toFixed(0).padStart(8), m.coldMax.toFixed(0).padStart(8), m.p50.toFixed(1).padStart(8), m.p99.toFixed(1).padStart(8),
      String(Math.round(m.rps)).padStart(8), ok.padStart(8), kb.toFixed(0).padStart(6), m.bad ? `（${m.bad} 个错误）` : '');
  }
  if (MD_FILE) {
    const header = existsSync(MD_FILE) ? '' : [
      '| route | backend | reports | servers | connections | first (uncached) median / max ms | p50 ms | p99 ms | req/s | DB size | seed time |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ].join('\n') + '\n';
    const gib = `${(sizeBytes / 2 ** 30).toFixed(2)} GiB`;
    const seedTime = Number.isFinite(seed.seconds) ? `${seed.seconds.toFixed(0)} s` : '?';
    const rows = measured.map((m) => `| ${m.name} \`${m.path}\` | ${backend} | ${REPORTS} | ${SERVERS} | ${SERVERS * CONNECTIONS} | ${m.coldMedian.toFixed(0)} / ${m.coldMax.toFixed(0)} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} | ${Math.round(m.rps)}${m.bad ? ` (${m.bad} errors)` : ''} | ${gib} | ${seedTime} |`);
    appendFileSync(MD_FILE, header + rows.join('\n') + '\n');
    console.log(`结果已追加到 ${MD_FILE}`);
  }
} finally {
  for (const s of servers) s.child.kill('SIGTERM');
  const keptInDir = target.kind === 'sqlite' && !givenDb && args.includes('--keep');
  if (target.kind === 'postgres') console.log(`数据库保留在 ${redactUrl(target.url)}`);
  else if (givenDb || keptInDir) console.log(`数据库保留在 ${target.path}`);
  if (!keptInDir) rmSync(dir, { recursive: true, force: true });
}
