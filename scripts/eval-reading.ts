/**
 * npm run eval:reading -- [--n 20] [--seed 1] [--pipelines a,b] [--out DIR] [--keep DIR] [--examples 5] [--consistent] [--small | --zeros] [--word]
 *
 * Reading accuracy on inputs as they really arrive: N fictional reports (test/conversions), each
 * converted by every pipeline's real tool (Chromium PDF, pdftotext, w3m, lynx, elinks, links,
 * pandoc, LibreOffice, a browser paste), read with readDocument and parsed. Prints per pipeline:
 * cells right/flagged %, wrong and silent-null counts, organ/year/published right %, failures to
 * parse; then the first few wrong and silent cells with the line they were read from.
 * --out DIR writes summary.json and failures.json; --keep DIR keeps the converted inputs.
 * --consistent: totals that add up (every sum of the template holds), as real reports print them:
 * wider 总计 columns lay tables out otherwise, and the template's arithmetic can witness placements.
 * --small: the small numbers most offices print (a quarter blank, half one digit; see smallReport);
 * --zeros: the same with every blank cell printed 0, as most offices fill their tables; either
 * with --consistent, their sums made to hold.
 * --word: each report written in the national template's Word file (../shared), published as
 * LibreOffice's web page of it; every pipeline starts from that page, `word` reads the file, and
 * `word-pdf`, `word-pdftotext` its PDF (LibreOffice's export) and pdftotext -layout of that.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluate, fictionalReports } from '../test/conversions/evaluate.ts';
import { available, pipelineNames } from '../test/conversions/pipelines.ts';
import { wordReports } from '../test/conversions/word-template.ts';
import { examples, summaryTable } from '../test/conversions/summary.ts';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    pipelines: { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'string' },
    examples: { type: 'string', default: '5' },
    consistent: { type: 'boolean', default: false },
    small: { type: 'boolean', default: false },
    zeros: { type: 'boolean', default: false },
    word: { type: 'boolean', default: false },
  },
});

async function main(): Promise<number> {
  const n = Number(args.n);
  const seed = Number(args.seed);
  const max = Number(args.examples);
  if (![n, seed, max].every((x) => Number.isInteger(x) && x >= 0) || n === 0) {
    console.error('usage: npm run eval:reading -- [--n 20] [--seed 1] [--pipelines a,b] [--out DIR] [--keep DIR] [--examples 5] [--consistent] [--small | --zeros] [--word]');
    return 2;
  }
  const names = args.pipelines ? args.pipelines.split(',').map((s) => s.trim()).filter(Boolean) : pipelineNames(args.word!);
  const { ready, skipped } = available(names);
  for (const s of skipped) console.log(`skipped ${s.name}: ${s.missing.join(', ')} not installed`);
  if (ready.length === 0) return 1;
  const keepDir = args.keep ? resolve(args.keep) : undefined;
  let reports = fictionalReports(seed, n, args.consistent, args.zeros ? 'zeros' : args.small ? 'blanks' : undefined);
  if (args.word) {
    const dir = keepDir ? join(keepDir, 'word-src') : await mkdtemp(join(tmpdir(), 'nianbao-word-'));
    reports = await wordReports(reports, dir);
    if (!keepDir) await rm(dir, { recursive: true, force: true });
  }
  console.log(`${n} ${args.consistent ? 'consistent ' : ''}${args.zeros ? 'zero-filled small-number ' : args.small ? 'small-number ' : ''}${args.word ? 'Word template ' : ''}reports (seed ${seed}) × ${ready.length} pipelines: ${ready.map((p) => p.name).join(', ')}`);
  const result = await evaluate(reports, ready, { keepDir, log: (m) => console.log(`  ${m}`) });
  console.log(`converted in ${(result.convertMs / 1000).toFixed(1)} s, read and parsed in ${(result.parseMs / 1000).toFixed(1)} s\n`);
  console.log(summaryTable(result.tallies));
  for (const p of ready) {
    const lines = examples(result.scored, p.name, max);
    if (lines.length) console.log(`\n${p.name} (${p.about}):\n${lines.join('\n')}`);
  }
  if (keepDir) console.log(`\nconverted inputs kept in ${keepDir}/<pipeline>/<report>.<ext>`);
  if (args.out) {
    const out = resolve(args.out);
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'summary.json'), `${JSON.stringify({ seed, n, pipelines: Object.fromEntries(result.tallies) }, null, 2)}\n`);
    const failures = result.scored.map((s) => ({
      pipeline: s.pipeline, report: s.report.id, error: s.score.error,
      organ: s.score.organ, year: s.score.year, published: s.score.published,
      cells: s.score.cells.filter((c) => c.outcome === 'wrong' || c.outcome === 'silent-null'),
    })).filter((f) => f.error || f.cells.length || !f.organ.right || !f.year.right || !f.published.right);
    await writeFile(join(out, 'failures.json'), `${JSON.stringify(failures, null, 2)}\n`);
    console.log(`results written to ${out}/summary.json and failures.json`);
  }
  return 0;
}

process.exitCode = await main();
