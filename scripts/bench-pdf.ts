/**
 * npm run bench:pdf [-- --n 100 --generate 10 --jobs 0 --keep DIR] [PATH...]
 *
 * PDF reading against poppler's `pdftotext -layout` on the same files, in the same run: N files
 * (the PDFs given, or the real samples in ../shared/samples/real plus `--generate` fictional
 * reports printed by Chromium and by LibreOffice, 2 PDFs each; cycled to reach N). The files go by
 * in chunks of ten: pdftotext reads the chunk file by file, then readDocument reads it with
 * `--jobs` files in flight (0: twice the PDF threads, so every thread is busy), so both sides see
 * the same load from whatever else runs on the machine. Prints both times, the ratio, the peak
 * RSS of the whole process (the PDF threads are in it) and its RSS as the files go by
 * (`--n 1000` shows whether memory has a trend).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../db/open.ts';
import { readDocument } from '../server/report/readers/index.ts';
import { pdfThreadsStarted } from '../server/report/readers/pdf.ts';
import { CORES } from '../server/report/readers/serial-worker.ts';
import { convertReports, pipeline } from '../test/conversions/pipelines.ts';
import { fictionalReport } from '../test/conversions/report-html.ts';

const run = promisify(execFile);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    n: { type: 'string', default: '100' },
    generate: { type: 'string', default: '10' },
    jobs: { type: 'string', default: '0' },
    keep: { type: 'string' },
  },
});
const wanted = Number(values.n);
const jobs = Number(values.jobs) || CORES * 2;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

function pdfsUnder(path: string): string[] {
  if (statSync(path).isFile()) return path.toLowerCase().endsWith('.pdf') ? [path] : [];
  return readdirSync(path).sort().flatMap((name) => (name.startsWith('.') ? [] : pdfsUnder(join(path, name))));
}

let sources = positionals.flatMap((p) => pdfsUnder(resolve(p)));
let workDir: string | null = null;
if (sources.length === 0) {
  const real = resolve(PROJECT_ROOT, '../shared/samples/real');
  sources = existsSync(real) ? pdfsUnder(real) : [];
  const generate = Number(values.generate);
  if (generate > 0) {
    workDir = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), 'nianbao-bench-pdf-'));
    const started = performance.now();
    const reports = Array.from({ length: generate }, (_, i) => fictionalReport(7, i));
    const conversion = await convertReports(reports, [pipeline('chromium-pdf'), pipeline('soffice-pdf')], { keepDir: workDir });
    const made = conversion.inputs.flatMap((c) => (c.path ? [c.path] : []));
    console.log(`生成 ${made.length} 个 PDF（Chromium 与 LibreOffice 打印）用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒`);
    sources = sources.concat(made);
  }
}
if (sources.length === 0) {
  console.error('没有 PDF 可测：请给出 PDF 文件或文件夹。');
  process.exit(2);
}
const files = Array.from({ length: wanted }, (_, i) => sources[i % sources.length]!);
console.log(`${files.length} 个 PDF（${sources.length} 个不同文件），PDF 线程 ${CORES} 个，同时读取 ${jobs} 个`);

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const sampler = setInterval(sample, 20);

/** CPU time (ms) of this process's children that have ended (Linux: /proc/self/stat cutime + cstime). */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

let poppler = 0;
let ours = 0;
let popplerCpu = 0;
let oursCpu = 0;
let failed = 0;
const trend: string[] = [];
const every = Math.max(10, Math.round(files.length / 10));

async function readAll(chunk: readonly string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < chunk.length) {
      const f = chunk[next++]!;
      try {
        await readDocument(readFileSync(f), f);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, chunk.length) }, worker));
}

for (let i = 0; i < files.length; i += 10) {
  const chunk = files.slice(i, i + 10);
  let t = performance.now();
  const children = childrenCpuMs();
  for (const f of chunk) await run('pdftotext', ['-layout', f, '-'], { maxBuffer: 1 << 28 });
  poppler += performance.now() - t;
  popplerCpu += childrenCpuMs() - children;
  t = performance.now();
  const cpu = process.cpuUsage();
  await readAll(chunk);
  ours += performance.now() - t;
  oursCpu += cpuMs(process.cpuUsage(cpu));
  sample();
  const done = i + chunk.length;
  if (done % every < 10 || done === files.length) {
    trend.push(`${done}: RSS ${mb(process.memoryUsage().rss)}`);
  }
}
clearInterval(sampler);
sample();

console.log(`pdftotext -layout（逐个文件）：${(poppler / 1000).toFixed(1)} 秒，${(poppler / files.length).toFixed(0)} 毫秒/个`);
console.log(`本程序读取（readDocument）：${(ours / 1000).toFixed(1)} 秒，${(ours / files.length).toFixed(0)} 毫秒/个${failed ? `，失败 ${failed} 个` : ''}`);
console.log(`倍数：${(ours / poppler).toFixed(2)}×（机器负载 ${loadavg()[0]!.toFixed(1)}）`);
// CPU time does not depend on what else runs on the machine (nor on how many cores there are).
console.log(`CPU 时间：pdftotext ${(popplerCpu / files.length).toFixed(0)} 毫秒/个，本程序 ${(oursCpu / files.length).toFixed(0)} 毫秒/个（含 PDF 线程），倍数 ${(oursCpu / popplerCpu).toFixed(2)}×`);
console.log(`内存峰值 RSS ${mb(peakRss)}；PDF 线程共启动 ${pdfThreadsStarted()} 次`);
console.log(`RSS 随文件数：${trend.join('，')}`);
if (workDir && !values.keep) rmSync(workDir, { recursive: true, force: true });
