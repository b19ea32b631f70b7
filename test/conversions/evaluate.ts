/**
 * End to end, as an office receives reports: fictional pages -> real conversions -> readDocument
 * -> parseText -> scores per pipeline. Shared by scripts/eval-reading.ts and pipelines.test.ts.
 */
import { basename } from 'node:path';
import { parseText } from '../../server/report/parse.ts';
import { readDocument } from '../../server/report/readers/index.ts';
import { convertReports, readInput, type Pipeline } from './pipelines.ts';
import { makeConsistent } from '../report/arbitraries.ts';
import { fictionalReport, prng, reportPage, type FictionalReport } from './report-html.ts';
import { CELLS, getCell, setCell } from '../../server/report/template.ts';
import { scoreParse, tally, unreadable, type ReportScore, type Tally } from './score.ts';

export interface Scored {
  pipeline: string;
  report: FictionalReport;
  /** The converted file (kept only with keepDir). */
  path: string | null;
  /** The text the parser read ('' when the file could not be read). */
  text: string;
  score: ReportScore;
}

export interface Evaluation {
  scored: Scored[];
  tallies: Map<string, Tally>;
  /** Milliseconds spent converting (all pipelines) and reading + parsing. */
  convertMs: number;
  parseMs: number;
}

/**
 * `consistent`: the totals rewritten so that every sum of the template holds (as in real reports,
 * where 总计 columns are wider than the rest); values are then no longer all distinct.
 */
export function fictionalReports(seed: number, n: number, consistent = false, small?: 'blanks' | 'zeros'): FictionalReport[] {
  return Array.from({ length: n }, (_, i) => (small ? smallReport(seed, i, { consistent, zeros: small === 'zeros' }) : consistent ? consistentReport(seed, i) : fictionalReport(seed, i)));
}

/**
 * Report `index` of `seed` with the small numbers most offices print (id ending in `s`): about a
 * third of the cells blank, a third 0 or one digit, the rest two digits or 0. Numbers of one digit
 * leave the widest gaps between neighbouring cells, the hard case for reading blank cells from
 * spacing. Values repeat, but a blank read in the wrong column still shows as a wrong cell.
 * `consistent`: its totals then rewritten so that every sum holds (id ending in `c`); `zeros`: every
 * blank cell printed 0, as most offices fill their tables (id ending in `z`).
 */
export function smallReport(seed: number, index: number, opts: { consistent?: boolean; zeros?: boolean } = {}): FictionalReport {
  const r = fictionalReport(seed, index);
  const rand = prng(seed * 7_001 + index * 131 + 5);
  for (const c of CELLS) {
    if (c.column === 'amount_wan_yuan' || getCell(r.record, c) === null) continue;
    const x = rand();
    setCell(r.record, c, x < 0.25 ? null : x < 0.5 ? 0 : x < 0.75 ? 1 + Math.floor(rand() * 9) : 10 + Math.floor(rand() * 90));
  }
  if (opts.zeros) for (const c of CELLS) if (c.column !== 'amount_wan_yuan' && getCell(r.record, c) === null) setCell(r.record, c, 0);
  if (opts.consistent) makeConsistent(r.record);
  return { ...r, id: `${r.id}s${opts.zeros ? 'z' : ''}${opts.consistent ? 'c' : ''}`, html: reportPage(r.record, { dateStyle: r.dateStyle, markup: r.markup }) };
}

/** Report `index` of `seed` with its totals rewritten so that every sum holds (id ending in `c`). */
export function consistentReport(seed: number, index: number): FictionalReport {
  const r = fictionalReport(seed, index);
  makeConsistent(r.record);
  return { ...r, id: `${r.id}c`, html: reportPage(r.record, { dateStyle: r.dateStyle, markup: r.markup }) };
}

export async function evaluate(
  reports: readonly FictionalReport[],
  pipelines: readonly Pipeline[],
  options: { keepDir?: string; log?: (m: string) => void } = {},
): Promise<Evaluation> {
  const t0 = Date.now();
  const conversion = await convertReports(reports, pipelines, options);
  const t1 = Date.now();
  const byId = new Map(reports.map((r) => [r.id, r]));
  const scored: Scored[] = [];
  try {
    for (const input of conversion.inputs) {
      const report = byId.get(input.reportId)!;
      let text = '';
      let score: ReportScore;
      if (input.error) score = scoreParse(unreadable(`conversion failed: ${input.error}`), report.record, '');
      else {
        try {
          const doc = await readDocument(await readInput(input), basename(input.path!));
          text = doc.text;
          score = scoreParse(parseText(doc.text, { exactCells: doc.exactCells }), report.record, text);
        } catch (e) {
          score = scoreParse(unreadable(`readDocument: ${(e as Error).message}`), report.record, '');
        }
      }
      scored.push({ pipeline: input.pipeline, report, path: options.keepDir ? input.path : null, text, score });
    }
  } finally {
    await conversion.cleanup();
  }
  const tallies = new Map(pipelines.map((p) => [p.name, tally(scored.filter((s) => s.pipeline === p.name).map((s) => s.score))]));
  return { scored, tallies, convertMs: t1 - t0, parseMs: Date.now() - t1 };
}
