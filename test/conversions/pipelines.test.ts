/**
 * Reading accuracy through REAL conversion pipelines (Chromium, pdftotext in its three modes, w3m,
 * lynx, elinks, links, pandoc, LibreOffice, a browser paste) on a FIXED sample: seed 1, four fictional reports
 * (every combination of date style and table markup) × every pipeline.
 *
 * The aim (the issue's) for every pipeline: 0 wrong numbers, 0 silent nulls, cells right >= 99%,
 * organ, year and published date right in every report. FLOORS hold what the parser reaches
 * TODAY where it falls short of the aim, so this test passes now and fails on a regression.
 * RAISE THE FLOORS TO THE AIM AS THE PARSER IMPROVES (a pipeline at the aim has no entry); the
 * test prints a note when a pipeline does better than its floor. The measured table is printed
 * on every run; `npm run eval:reading` measures larger samples and shows the failing lines.
 *
 * Then three reports whose sums hold (as real reports print them: wider 总计 columns lay the tables
 * out otherwise, and the template's arithmetic can witness placements) through the pipelines where
 * such layouts went wrong before (seed 5, reports 2, 11, 12: a label split by the PDF reader, rows
 * out of step over three lines, squeezed header words): 0 wrong numbers and 0 silent nulls.
 *
 * And three reports of the small numbers most offices print, a quarter of the cells blank (seed 88,
 * reports 1, 15, 29: pdftotext's runs put small numbers under other columns, and a row's numbers
 * added up by chance), through the text pipelines: 0 wrong numbers and 0 silent nulls.
 *
 * Then three reports written in the national template's own Word file (../shared's blank template
 * filled, published as LibreOffice's web page of it: narrow columns, header words wrapped, cells
 * aligned top or centre, borders drawn as none; seed 201, reports 0, 4, 12) through every pipeline,
 * the Word file itself and its PDF (LibreOffice's export, and pdftotext -layout of it), against
 * floors of their own (WORD_FLOORS); and three more whose sums hold (seed 210, reports 0, 1, 4:
 * wide 总计 numbers broken over two lines of their cells), against WORD_CONSISTENT_FLOORS.
 *
 * Missing tools: the pipeline is skipped with a note; under CI=true the file fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CELLS, getCell } from '../../server/report/template.ts';
import { consistentReport, evaluate, fictionalReports, smallReport, type Evaluation } from './evaluate.ts';
import { PIPELINES, available, pipelineNames, type Pipeline } from './pipelines.ts';
import { fictionalReport, SECTION_TITLES, type FictionalReport } from './report-html.ts';
import { ratio, type Tally } from './score.ts';
import { examples, summaryTable } from './summary.ts';
import { wordReports } from './word-template.ts';
import { BLANK_TEMPLATE, needsShared } from '../support/shared.ts';

const SEED = 1;
const REPORTS = 4;

interface Floor {
  /** Cells right / all cells. */
  right: number;
  wrong: number;
  silentNull: number;
  /** Reports with the organ, year, published date right / reports. */
  organ: number;
  year: number;
  published: number;
}

const AIM: Floor = { right: 0.99, wrong: 0, silentNull: 0, organ: 1, year: 1, published: 1 };

/**
 * Today's level where it is below the aim (measured on the sample above). `wrong` and
 * `silentNull` are the most allowed.
 */
const FLOORS: Partial<Record<string, Partial<Floor>>> = {
  // Rows whose blank cells pdftotext closes up are placed by its layout rule (parser/runs.ts) where
  // every consistent reading of the page agrees; the rest, and 复议诉讼 rows with blank cells (no
  // second row to tell the columns), are flagged. A page that prints more than the table (the
  // 复议诉讼 table below it, paragraphs) gives its runs no column: its rows are flagged (0.82 before).
  'chromium-pdftotext': { right: 0.81 },
  // lynx writes a run of blank cells as one empty line: a row that could stand several ways is
  // placed only where the template's arithmetic picks one (never here: the values are distinct).
  lynx: { right: 0.97 },
  // 复议诉讼 rows with blank cells are flagged (header words out of order, columns of unequal width).
  'soffice-pdftotext': { right: 0.94 },
  // -raw closes blank cells up without a trace: only the order of a row's numbers is known, and a
  // row short of numbers is placed only by the template's arithmetic (these reports break it).
  'chromium-pdftotext-raw': { right: 0.54 },
  'soffice-pdftotext-raw': { right: 0.54 },
  // The default mode prints the page's blocks in reading order: rows whose numbers stand away from
  // their labels are flagged, and LibreOffice's table comes out label by label, then number by number.
  'chromium-pdftotext-plain': { right: 0.37 },
  'soffice-pdftotext-plain': { right: 0.13 },
};

function measured(t: Tally): Floor {
  return {
    right: ratio(t.counts.right, t.cells), wrong: t.counts.wrong, silentNull: t.counts['silent-null'],
    organ: ratio(t.organ, t.reports), year: ratio(t.year, t.reports), published: ratio(t.published, t.reports),
  };
}

/** What falls short of the floor, and what does better than it (time to raise it). */
function compare(got: Floor, floor: Floor): { short: string[]; better: string[] } {
  const short: string[] = [];
  const better: string[] = [];
  for (const k of Object.keys(floor) as (keyof Floor)[]) {
    const lowerIsBetter = k === 'wrong' || k === 'silentNull';
    const worse = lowerIsBetter ? got[k] > floor[k] : got[k] < floor[k] - 1e-9;
    const above = lowerIsBetter ? got[k] < floor[k] : got[k] >= floor[k] + 0.01 && floor[k] < AIM[k];
    if (worse) short.push(`${k} ${got[k]} (floor ${floor[k]})`);
    else if (above) better.push(`${k} ${got[k]} (floor ${floor[k]})`);
  }
  return { short, better };
}

/**
 * One test per pipeline: the evaluation's figures at least the aim, or the pipeline's floor where
 * it has one (a pipeline not ready here is skipped); `label` starts the notes printed.
 */
function readsFloors(pipelines: readonly Pipeline[], ready: readonly Pipeline[], floors: Partial<Record<string, Partial<Floor>>>, result: () => Evaluation, label: string): void {
  for (const p of pipelines) {
    it.skipIf(!ready.some((r) => r.name === p.name))(`${p.name} (${p.about}) reads at least its floor, no wrong number, no silent null`, () => {
      const floor = { ...AIM, ...floors[p.name] };
      const { short, better } = compare(measured(result().tallies.get(p.name)!), floor);
      if (better.length) console.log(`${label}: ${p.name} is better than its floor, raise it: ${better.join(', ')}`);
      const detail = short.length ? examples(result().scored, p.name, 5) : [];
      expect({ pipeline: p.name, short, detail }).toEqual({ pipeline: p.name, short: [], detail: [] });
    });
  }
}

describe('the fictional reports', () => {
  it('are the same for the same seed, with distinct values and some blank cells', () => {
    const a = fictionalReport(7, 3);
    expect(fictionalReport(7, 3).html).toBe(a.html);
    expect(fictionalReport(8, 3).html).not.toBe(a.html);
    const values = CELLS.map((c) => getCell(a.record, c)).filter((v) => v !== null);
    expect(new Set(values).size).toBe(values.length);
    expect(values.length).toBeLessThan(CELLS.length);
    for (const title of SECTION_TITLES) expect(a.html).toContain(title);
    expect(a.html).toContain(`${a.record.organ}${a.record.year}年政府信息公开工作年度报告`);
  });
});

const { ready, skipped } = available(); // throws under CI=true when a tool is missing
for (const s of skipped) console.log(`conversions: pipeline ${s.name} skipped, ${s.missing.join(', ')} not installed`);

describe('reading through real conversion pipelines', () => {
  let result: Evaluation;

  beforeAll(async () => {
    result = await evaluate(fictionalReports(SEED, REPORTS), ready);
    console.log(`conversions (seed ${SEED}, ${REPORTS} reports): converted in ${(result.convertMs / 1000).toFixed(1)} s, read and parsed in ${(result.parseMs / 1000).toFixed(1)} s\n${summaryTable(result.tallies)}`);
  }, 300_000);

  readsFloors(PIPELINES.filter((x) => !x.fromWord), ready, FLOORS, () => result, 'conversions');
});

/** Reports through some pipelines: no wrong number and no silent null in any of them. */
function noWrongNumber(title: string, reports: () => FictionalReport[], names: readonly string[]): void {
  describe(title, () => {
    const pipes = ready.filter((p) => names.includes(p.name));
    let result: Evaluation;

    beforeAll(async () => {
      result = await evaluate(reports(), pipes);
      console.log(`conversions (${title}):\n${summaryTable(result.tallies)}`);
    }, 300_000);

    for (const name of names) {
      it.skipIf(!pipes.some((p) => p.name === name))(`${name}: no wrong number, no silent null`, () => {
        const t = result.tallies.get(name)!;
        const detail = t.counts.wrong || t.counts['silent-null'] ? examples(result.scored, name, 5) : [];
        expect({ pipeline: name, wrong: t.counts.wrong, silent: t.counts['silent-null'], detail }).toEqual({ pipeline: name, wrong: 0, silent: 0, detail: [] });
      });
    }
  });
}

noWrongNumber(
  'reading reports whose sums hold through real conversion pipelines (seed 5, reports 2, 11, 12)',
  () => [2, 11, 12].map((i) => consistentReport(5, i)),
  ['chromium-pdftotext', 'soffice-pdftotext', 'soffice-pdf', 'lynx', 'chromium-pdftotext-raw', 'soffice-pdftotext-raw', 'chromium-pdftotext-plain', 'soffice-pdftotext-plain'],
);

noWrongNumber(
  'reading reports of small numbers through real conversion pipelines (seed 88, reports 1, 15, 29)',
  () => [1, 15, 29].map((i) => smallReport(88, i)),
  ['chromium-pdftotext', 'soffice-pdftotext', 'lynx', 'w3m-100', 'chromium-pdftotext-raw', 'soffice-pdftotext-raw', 'chromium-pdftotext-plain', 'soffice-pdftotext-plain'],
);

/**
 * The Word template's reports where they fall short of the aim (measured on this sample). The
 * rest (the Word file, its PDF and pdftotext of that, its web page, LibreOffice's files, w3m,
 * elinks, links, pandoc, a browser's copy and PDF) are at the aim.
 */
const WORD_FLOORS: Partial<Record<string, Partial<Floor>>> = {
  // A row short of a number: its blank cell placed only where pdftotext's runs or the page's
  // columns agree, else flagged (see FLOORS).
  'chromium-pdftotext': { right: 0.93 },
  'soffice-pdftotext': { right: 0.69 },
  'chromium-pdftotext-raw': { right: 0.49 },
  'soffice-pdftotext-raw': { right: 0.49 },
  'chromium-pdftotext-plain': { right: 0.14 },
  'soffice-pdftotext-plain': { right: 0.12 },
  // lynx gives up the table's layout half-way (a line break in a cell): one cell per line, a run
  // of blank cells marked only by the next cell set far right, and the blank cells that end a row
  // not at all: such a row is flagged.
  lynx: { right: 0.83 },
};

/**
 * The Word template's reports whose sums hold (seed 210, reports 0, 1, 4): 总计 cells of four and
 * five digits no longer fit the template's narrow columns and break over two lines (wraps.ts,
 * read joined where the arithmetic witnesses them), and the arithmetic places rows the layout
 * leaves open. Where they fall short of the aim:
 */
const WORD_CONSISTENT_FLOORS: Partial<Record<string, Partial<Floor>>> = {
  // The single 复议诉讼 row: the arithmetic tells each group's blank cell, not which of its cells.
  'chromium-pdftotext': { right: 0.98 },
  // 主动公开 rows short of a cell (no arithmetic there), and 复议诉讼 groups that add up several ways.
  lynx: { right: 0.98 },
  'chromium-pdftotext-raw': { right: 0.66 },
  'soffice-pdftotext-raw': { right: 0.61 },
  'chromium-pdftotext-plain': { right: 0.09 },
  'soffice-pdftotext-plain': { right: 0.09 },
};

/** Reports written in the Word template, through every pipeline, against `floors`. */
function wordSample(title: string, reports: () => FictionalReport[], floors: Partial<Record<string, Partial<Floor>>>): void {
  describe.skipIf(!needsShared(BLANK_TEMPLATE, 'pipelines.test'))(title, () => {
    const { ready: word } = available(pipelineNames(true));
    let result: Evaluation;

    beforeAll(async () => {
      const dir = await mkdtemp(join(tmpdir(), 'nianbao-word-'));
      try {
        result = await evaluate(await wordReports(reports(), dir), word);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      console.log(`conversions (${title}):\n${summaryTable(result.tallies)}`);
    }, 300_000);

    readsFloors(PIPELINES, word, floors, () => result, `conversions (${title})`);
  });
}

wordSample('reading reports written in the national template\'s Word file (seed 201)', () => [0, 4, 12].map((i) => fictionalReport(201, i)), WORD_FLOORS);
wordSample('reading reports written in the Word file whose sums hold (seed 210)', () => [0, 1, 4].map((i) => consistentReport(210, i)), WORD_CONSISTENT_FLOORS);
