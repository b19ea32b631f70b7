/**
 * Parse throughput: `npm run bench:parse [-- --reports N --seed S]`.
 *
 * Renders N generated reports (default 10,000) round-robin over every layout, outside the timed
 * part, then parses them all on this one core and prints reports/s, overall and per layout, plus
 * the peak RSS, and reports per second of CPU time this process got (fairer when other processes
 * load the machine). The target is 2,000 reports/s.
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { parseText } from '../server/report/parse.ts';
import { LAYOUTS, renderText, type LayoutInfo } from '../server/report/render.ts';
import { recordArb } from '../test/report/arbitraries.ts';

const TARGET = 2000;

function main(): void {
  const { values } = parseArgs({ options: { reports: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' } } });
  const total = Number(values.reports);
  const seed = Number(values.seed);

  const t0 = performance.now();
  const realistic = fc.sample(recordArb({ kind: 'realistic', totalWhenAny: true }), { seed, numRuns: total });
  const jobs = realistic.map((record, i) => {
    const layout = LAYOUTS[i % LAYOUTS.length] as LayoutInfo;
    return { layout, text: renderText(record, layout.id, { seed: seed + i }) };
  });
  const renderMs = performance.now() - t0;
  const chars = jobs.reduce((n, j) => n + j.text.length, 0);

  const perLayout = new Map<string, { n: number; ms: number; errors: number }>(LAYOUTS.map((l) => [l.id, { n: 0, ms: 0, errors: 0 }]));
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  for (const { layout, text } of jobs) {
    const t = performance.now();
    const result = parseText(text, { exactCells: layout.exactCells });
    const stat = perLayout.get(layout.id);
    if (!stat) continue;
    stat.ms += performance.now() - t;
    stat.n++;
    if (result.error !== null) stat.errors++;
  }
  const parseMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;

  const rate = (n: number, ms: number) => (ms > 0 ? Math.round((n * 1000) / ms) : Infinity);
  const overall = rate(jobs.length, parseMs);
  console.log(`rendered ${jobs.length} reports (${(chars / 1e6).toFixed(1)} M chars) in ${(renderMs / 1000).toFixed(1)} s (not timed)`);
  console.log(`parsed   ${jobs.length} reports in ${(parseMs / 1000).toFixed(2)} s: ${overall} reports/s (target ${TARGET})`);
  // On a machine other processes load, wall time undercounts: the CPU time this process got is the fairer measure.
  console.log(`         ${(cpuMs / 1000).toFixed(2)} s of CPU: ${rate(jobs.length, cpuMs)} reports per CPU second`);
  for (const [id, s] of perLayout) {
    console.log(`  ${id.padEnd(11)} ${String(rate(s.n, s.ms)).padStart(8)} reports/s  ${s.n} reports${s.errors ? `, ${s.errors} errors` : ''}`);
  }
  const errors = [...perLayout.values()].reduce((n, s) => n + s.errors, 0);
  if (errors) console.log(`WARNING: ${errors} reports did not parse; their time is not representative`);
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  if (overall < TARGET) process.exitCode = 1;
}

main();
