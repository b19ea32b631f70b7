/**
 * `npm run bench:api [-- --reports 100000 --db PATH --keep --cells --duration 5]`
 *
 * 1. Builds a generated province: 100 counties × 100 organs × 10 years = 100,000 reports.
 *    Bulk path: one transaction of prepared statements writing the same rows `storeReport`
 *    writes for a report without doubts (document, report, the wide value row), plus about one
 *    flag per three reports so flag counts have work to do. `--cells` also writes 200 cell rows
 *    per report, as reports stored before migration 0003 have them (20M rows; aggregates never
 *    read them).
 * 2. Starts the real server in a child process on loopback and loads the main aggregate routes
 *    with autocannon from this process; prints p50/p99 per route. Answers are cached until the
 *    data changes, so the load figures are of cached answers; the 首次 columns time the first,
 *    uncached request of five other scopes (other counties, or other years province-wide): the
 *    cost after every write.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PROJECT_ROOT, openDb } from '../db/open.ts';
import { VALUE_COLUMNS } from '../db/schema.ts';
import { CELLS, SECTIONS, emptyTables, getCell, setCell } from '../server/report/template.ts';
import type { ReportRecord } from '../server/report/template.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const REPORTS = Number(arg('reports', '100000'));
const DURATION = Number(arg('duration', '5'));
const YEARS = 10;
const COUNTIES = 100;
const ORGANS = Math.max(1, Math.round(REPORTS / YEARS / COUNTIES));
const FIRST_YEAR = 2015;
const withCells = args.includes('--cells');

// Deterministic PRNG (mulberry32): the same database every run.
let seedState = 20240131;
function rand(): number {
  seedState = (seedState + 0x6d2b79f5) | 0;
  let t = seedState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (max: number) => Math.floor(rand() * (max + 1));

function generate(organ: string, year: number): ReportRecord {
  const t = emptyTables();
  for (const c of CELLS) setCell(t, c, c.section === 'requests' ? 0 : int(3));
  const granted = int(20);
  const partial = int(5);
  const notHeld = int(5);
  const total = granted + partial + notHeld;
  const set = (key: string, v: number | null) => setCell(t, CELLS.find((c) => c.key === key)!, v);
  set('requests.new.natural_person', total); set('requests.new.total', total);
  set('requests.granted.natural_person', granted); set('requests.granted.total', granted);
  set('requests.partially_granted.natural_person', partial); set('requests.partially_granted.total', partial);
  set('requests.unable_not_held.natural_person', notHeld); set('requests.unable_not_held.total', notHeld);
  set('requests.processed_total.natural_person', total); set('requests.processed_total.total', total);
  if (rand() < 0.05) set('appeals.review.total', null);
  return {
    organ, year, published: `${year + 1}-01-${10 + int(20)}`, published_source: 'report', template: '2021',
    headings: SECTIONS.map((s, i) => ({ no: s.no, title: s.title, line: i * 10 + 1 })),
    narrative: { overview: `${year}年，${organ}推进政务公开。`, problems: '公开内容不够丰富。', other: '无。' }, ...t,
  };
}

async function buildDatabase(path: string): Promise<void> {
  const started = Date.now();
  const { db, sqlite } = await openDb(path);
  sqlite.pragma('synchronous = OFF');
  const insCounty = sqlite.prepare('insert into county (name) values (?)');
  const insOrgan = sqlite.prepare("insert into organ (county_id, name, full_name, kind, in_registry) values (?, ?, ?, 'township', 1)");
  const insDoc = sqlite.prepare("insert into document (sha256, file_name, format, extraction, size, content, text, received_via) values (?, ?, 'txt', 'utf-8', ?, ?, ?, 'seed')");
  const insReport = sqlite.prepare(`insert into report (document_id, organ_id, county_id, year, organ_printed, published, published_source, template, status, current, headings, overview, problems, other)
    values (?, ?, ?, ?, ?, ?, 'report', '2021', 'ok', 1, ?, ?, ?, ?)`);
  const insValues = sqlite.prepare(`insert into report_value (report_id, ${VALUE_COLUMNS.join(', ')}) values (?, ${VALUE_COLUMNS.map(() => '?').join(', ')})`);
  const insCell = sqlite.prepare('insert into cell (report_id, key, parsed, value, review, line, corrected) values (?, ?, ?, ?, ?, ?, 0)');
  const insFlag = sqlite.prepare(`insert into flag (identity, fingerprint, rule, severity, message, report_id, organ_id, county_id, year, cells, detail)
    values (?, 'x', ?, ?, '生成的提示', ?, ?, ?, ?, '[]', '{}')`);
  const rules = [['cells.blank', 'warning'], ['timeliness.late', 'warning'], ['arith.balance', 'error'], ['risk.disclosure_rate', 'info']] as const;
  let n = 0;
  sqlite.transaction(() => {
    for (let c = 0; c < COUNTIES; c++) {
      const county = `生成第${c + 1}县`;
      const countyId = Number(insCounty.run(county).lastInsertRowid);
      for (let o = 0; o < ORGANS; o++) {
        const name = `第${o + 1}镇`;
        const organId = Number(insOrgan.run(countyId, name, `${county}${name}人民政府`).lastInsertRowid);
        for (let y = 0; y < YEARS && n < REPORTS; y++, n++) {
          const year = FIRST_YEAR + y;
          const rec = generate(`${county}${name}人民政府`, year);
          const text = `${rec.organ}${year}年政府信息公开工作年度报告`;
          const bytes = Buffer.from(`${text}#${n}`);
          const docId = Number(insDoc.run(createHash('sha256').update(bytes).digest('hex'), `${name}${year}.txt`, bytes.length, bytes, text).lastInsertRowid);
          const reportId = Number(insReport.run(docId, organId, countyId, year, rec.organ, rec.published, JSON.stringify(rec.headings),
            rec.narrative.overview, rec.narrative.problems, rec.narrative.other).lastInsertRowid);
          const values = CELLS.map((c) => getCell(rec, c));
          insValues.run(reportId, ...values);
          if (withCells) CELLS.forEach((c, i) => insCell.run(reportId, c.key, values[i], values[i], null, null));
          if (rand() < 0.35) {
            const [rule, severity] = rules[int(rules.length - 1)]!;
            insFlag.run(`${rule}|${organId}|${year}|`, rule, severity, reportId, organId, countyId, year);
          }
        }
      }
    }
  })();
  sqlite.pragma('optimize');
  await db.destroy();
  console.log(`生成数据库：${n} 份报告（${COUNTIES} 县 × ${ORGANS} 单位 × ${YEARS} 年${withCells ? '，含长表单元格' : ''}），用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not start: ${url}`);
}

const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
const dbPath = arg('db', join(dir, 'bench.sqlite'));
if (!existsSync(dbPath)) await buildDatabase(dbPath);
else console.log(`使用已有数据库 ${dbPath}`);

const port = 3900 + int(90);
const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server', 'main.ts'), '--db', dbPath], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NIANBAO_ADMIN_TOKEN: 'bench' }, stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
try {
  await waitFor(`${base}/api/meta`);
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
  console.log(`\n负载：autocannon，10 个并发连接，每个接口 ${DURATION} 秒，回环地址 ${base}`);
  console.log('（首次 = 未缓存时单次请求，5 个不同县区或年度的中位数/最大值；结果在数据变化前缓存，p50/p99 为持续负载下）');
  console.log('接口'.padEnd(22), '首次中位'.padStart(8), '首次最大'.padStart(8), 'p50(ms)'.padStart(8), 'p99(ms)'.padStart(8), 'req/s'.padStart(8), '目标p99'.padStart(8), 'KB'.padStart(6));
  // Other scopes than the loaded one, so each first request misses the cache.
  const variants = (path: string) => [11, 12, 13, 14, 15].map((n, i) => path.includes('county=37')
    ? path.replace('county=37', `county=${n}`)
    : path.includes(`year=${year}`) ? path.replace(`year=${year}`, `year=${year - 1 - i}`) : `${path}${path.includes('?') ? '&' : '?'}from=${FIRST_YEAR + i}`);
  for (const r of routes) {
    const colds: number[] = [];
    for (const path of variants(r.path)) {
      const t0 = performance.now();
      await (await fetch(base + path)).arrayBuffer();
      colds.push(performance.now() - t0);
    }
    colds.sort((a, b) => a - b);
    const first = await fetch(base + r.path);
    const kb = ((await first.arrayBuffer()).byteLength / 1024).toFixed(0);
    const cold = `${colds[2]!.toFixed(0).padStart(8)} ${colds[4]!.toFixed(0).padStart(8)}`;
    const res = await autocannon({ url: base + r.path, connections: 10, duration: DURATION });
    const bad = res.non2xx + res.errors;
    const ok = r.target === undefined ? '' : res.latency.p99 < r.target ? `<${r.target} ✓` : `<${r.target} ✗`;
    console.log(r.name.padEnd(22), cold, String(res.latency.p50).padStart(8), String(res.latency.p99).padStart(8), String(Math.round(res.requests.average)).padStart(8), ok.padStart(8), kb.padStart(6), bad ? `（${bad} 个错误）` : '');
  }
} finally {
  child.kill('SIGTERM');
  if (!args.includes('--keep') && !args.includes('--db')) rmSync(dir, { recursive: true, force: true });
  else console.log(`数据库保留在 ${dbPath}`);
}
