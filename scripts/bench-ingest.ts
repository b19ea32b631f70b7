/**
 * npm run bench:ingest [-- --reports 10000 --batch-files 200 --keep] [--database-url postgres://…/postgres]
 * Generated reports (fictional counties, no deliberate faults) as text files, then ingested end to
 * end (walk, read, parse, store, checks) into a fresh database: a SQLite file, or with
 * `--database-url` a new PostgreSQL database made on that server for the run (dropped after
 * unless --keep). Prints reports/s (wall time, and
 * per CPU second over every thread), where the writer's time went (walk, waiting for the pool of
 * threads that reads and parses, store, flags, commit) and peak memory. `--batch-files 1` commits every file
 * on its own, for comparison. To profile: `node --import tsx --cpu-prof scripts/bench-ingest.ts`; to see the
 * heap that is really kept (after a full collection): `node --expose-gc --import tsx scripts/bench-ingest.ts`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb, openPostgres } from '../db/open.ts';
import { databaseSize, databaseUrl, withPgClient } from './lib/databases.ts';
import { DEMO_ORGANS } from '../server/demo/county.ts';
import { generateCounty } from '../server/demo/records.ts';
import { writeDemoCounty } from '../server/demo/render.ts';
import { addToTally, emptyTally, ingestPaths } from '../server/ingest/batch.ts';
import { PREPARE_THREADS } from '../server/ingest/prepare.ts';
import { emptyTimings } from '../server/ingest/timings.ts';

const { values } = parseArgs({
  options: { reports: { type: 'string', default: '10000' }, 'batch-files': { type: 'string' }, keep: { type: 'boolean' }, 'database-url': { type: 'string' } },
});
const wanted = Number(values.reports);
const perCounty = DEMO_ORGANS.length * 5;
const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
// Fictional, digit-free county names (演示甲子县, 演示乙子县, …, then 演示甲子东县, …): 1,320 of
// them, 165,000 reports, each county in its own folder (names used twice would overwrite a folder
// and send its files twice, unchanged).
const countyName = (i: number) => `演示${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳午未申酉戌亥'[Math.floor(i / 10) % 12]}`
  + `${i < 120 ? '' : '东南西北中上下前后左'[Math.floor(i / 120 - 1) % 10]}县`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

let files = 0;
const folders: string[] = [];
for (let i = 0; files < wanted; i++) {
  const county = generateCounty({ seed: 1000 + i, county: countyName(i), clean: true });
  county.reports.splice(wanted - files);
  const written = writeDemoCounty(join(dir, 'in'), county);
  files += written.files;
  folders.push(written.reports);
}
console.log(`生成 ${files} 份报告（每县 ${perCounty} 份）于 ${dir}`);

/** A fresh database for the run: a SQLite file in the folder, or a new database on the PostgreSQL server given. */
async function freshDatabase() {
  const server = values['database-url'];
  if (!server) {
    const opened = await openDb(join(dir, 'bench.sqlite'));
    const sqlite = opened.sqlite;
    return { db: opened.db, where: opened.path, size: async () => (sqlite.prepare('PRAGMA page_count').get() as { page_count: number }).page_count * (sqlite.prepare('PRAGMA page_size').get() as { page_size: number }).page_size, drop: async () => undefined };
  }
  const name = `bench_ingest_${Date.now()}`;
  await withPgClient(server, (c) => c.query(`create database ${name}`));
  const opened = await openPostgres(databaseUrl(server, name));
  return {
    db: opened.db, where: opened.path,
    size: () => databaseSize(opened.target),
    drop: async () => { if (!values.keep) await withPgClient(server, (c) => c.query(`drop database ${name} with (force)`)); },
  };
}
const target = await freshDatabase();
const { db } = target;
console.log(`数据库 ${target.where}`);
const tally = emptyTally();
let peakRss = 0;
const heapAt: string[] = [];
const timings = emptyTimings();
const batchFiles = values['batch-files'] ? Number(values['batch-files']) : undefined;
/** CPU time (ms) of this thread alone, the writer (Linux: /proc/self/task/<pid>/stat, in 10 ms ticks); NaN elsewhere. */
function mainThreadCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

const started = performance.now();
const cpuBefore = process.cpuUsage();
const mainCpuBefore = mainThreadCpuMs();
for await (const r of ingestPaths(db, folders, { via: 'cli', timings, batchFiles })) {
  addToTally(tally, r);
  if (tally.total % 250 === 0) {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    if (tally.total % Math.max(250, Math.floor(files / 5 / 250) * 250) === 0) {
      // With --expose-gc the heap is measured after a full collection: what is really kept.
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) gc();
      heapAt.push(`${tally.total}: ${mb(gc ? process.memoryUsage().heapUsed : m.heapUsed)}`);
    }
  }
}
const seconds = (performance.now() - started) / 1000;
const mainCpuSeconds = (mainThreadCpuMs() - mainCpuBefore) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const size = await target.size();
await db.destroy();
await target.drop();

console.log(`导入 ${tally.total} 份：新导入 ${tally.ingested}，已替换 ${tally.replaced}，待核对 ${tally.needsReview}，失败 ${tally.failed}`);
for (const f of tally.failures.slice(0, 5)) console.log(`  失败 ${f.file}: ${f.reason}`);
console.log(`用时 ${seconds.toFixed(1)} 秒，${(tally.total / seconds).toFixed(0)} 份/秒`
  + `（CPU ${cpuSeconds.toFixed(1)} 秒，含读取解析线程 ${PREPARE_THREADS} 个，按 CPU 时间 ${(tally.total / cpuSeconds).toFixed(0)} 份/秒；机器负载 ${loadavg()[0]!.toFixed(1)}）`);
const perReport = (ms: number) => `${(ms / 1000).toFixed(1)} 秒（${(ms / Math.max(1, tally.total)).toFixed(2)} 毫秒/份）`;
const other = seconds * 1000 - timings.read - timings.parse - timings.store - timings.flags - timings.commit;
// What the run would reach on an idle machine with this many cores: the writer's thread is one
// core at most, and all threads together share the cores. Not a measurement: a bound, free of the load.
const cores = availableParallelism();
const bound = Math.min(tally.total / mainCpuSeconds, (tally.total / cpuSeconds) * cores);
console.log(`  CPU 时间：写入线程 ${(mainCpuSeconds * 1000 / tally.total).toFixed(2)} 毫秒/份，全部线程 ${(cpuSeconds * 1000 / tally.total).toFixed(2)} 毫秒/份；`
  + `空闲的 ${cores} 核机器上至多约 ${bound.toFixed(0)} 份/秒`);
// The writer's thread (this one): walking, waiting for the pool, writing. Reading and parsing run on the pool meanwhile.
console.log(`  写入线程：遍历读文件 ${perReport(timings.read)}，等待读取解析 ${perReport(timings.parse)}，写入 ${perReport(timings.store)}，`
  + `重算提示 ${perReport(timings.flags)}，提交 ${perReport(timings.commit)}，其他 ${perReport(other)}`);
console.log(`内存峰值 RSS ${mb(peakRss)}；堆内存随文件数：${heapAt.join('，')}`);
console.log(`数据库 ${mb(size)}`);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
