/**
 * End to end, as an office receives reports: fictional pages -> real conversions -> readDocument
 * -> parseText -> scores per pipeline. Shared by scripts/eval-reading.ts and pipelines.test.ts.
 */
import { basename } from 'node:path';
import { parseText } from '../../server/report/parse.ts';
import { readDocument } from '../../server/report/readers/index.ts';
import { convertReports, readInput, type Pipeline } from './pipelines.ts';
import { makeConsistent } from '../report/arbitraries.ts';
import { fictionalReport, reportPage, type FictionalReport } from './report-html.ts';
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
export function fictionalReports(seed: number, n: number, consistent = false): FictionalReport[] {
  return Array.from({ length: n }, (_, i) => (consistent ? consistentReport(seed, i) : fictionalReport(seed, i)));
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
