/**
 * Property tests of the parser: record -> renderText (every layout) -> parseText -> the same record,
 * as test/report/oracle.ts defines "the same" for layouts that drop blank cells. The renderings
 * include blank cells written as — - / 无 (one in three) and records of the old 2019 form; every
 * number read must name the line the renderer printed it on (ParseResult.lines).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText, type ParseResult } from '../../server/report/parse.ts';
import { LAYOUTS, renderText, type LayoutInfo } from '../../server/report/render.ts';
import { CELLS, REQUEST_ROWS, ACTIVE_ITEMS, APPEAL_GROUPS, cellKey, getCell, type CellDef, type ReportRecord } from '../../server/report/template.ts';
import { recordArb } from './arbitraries.ts';
import { expectedParse } from './oracle.ts';

/**
 * Stress runs: `ROUNDTRIP_RUNS=5000 ROUNDTRIP_SEED=7 npx vitest run test/report/roundtrip.test.ts`
 * (time limits grow with the runs). The default keeps the suite fast and deterministic.
 */
const STRESS = Number(process.env.ROUNDTRIP_RUNS ?? 0);
const RUNS = STRESS > 0 ? STRESS : 300;
const SEED = process.env.ROUNDTRIP_SEED ? Number(process.env.ROUNDTRIP_SEED) : 20250117;
const SCALE = Math.max(1, RUNS / 300);
/** Deterministic runs; a slow parser is a failure, not a shorter test. */
const params = { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 45_000 * SCALE, markInterruptAsFailure: true } as const;
/** Wrong numbers hide in rare combinations (a wrapped group label on a number line, …): look harder. */
const wrongParams = { ...params, numRuns: STRESS > 0 ? STRESS : 1000, interruptAfterTimeLimit: 100_000 * SCALE } as const;
const TIMEOUT = 150_000 * SCALE;

const CELL_KEYS = new Set(CELLS.map((c) => c.key));

/** Records the layout can carry: for dropped-cell layouts, a row that prints anything prints its 总计. */
function recordsFor(info: LayoutInfo): fc.Arbitrary<ReportRecord> {
  const totalWhenAny = info.blanks === 'dropped';
  return fc.oneof(
    { weight: 6, arbitrary: recordArb({ kind: 'realistic', totalWhenAny }) },
    { weight: 2, arbitrary: recordArb({ kind: 'adversarial', totalWhenAny }) },
    // The old 2019 form: its own 主动公开 table and an undivided （六）其他处理 row.
    { weight: 1, arbitrary: recordArb({ kind: 'realistic', totalWhenAny, template: '2019' }) },
  );
}

interface Rendered {
  text: string;
  result: ParseResult;
  afterBreak: Set<string>;
  /** Cell key -> the line the renderer printed the cell's value on. */
  cellLines: Map<string, number>;
  /** Blank cells written as — - / 无 …: one rendering in three writes some. */
  dashed: Set<string>;
}

function parseRendered(record: ReportRecord, info: LayoutInfo, seed: number): Rendered {
  const afterBreak = new Set<string>();
  const cellLines = new Map<string, number>();
  const dashed = new Set<string>();
  const text = renderText(record, info.id, { seed, afterBreak, cellLines, dashes: seed % 3 === 0, dashed });
  return { text, result: parseText(text, { exactCells: info.exactCells }), afterBreak, cellLines, dashed };
}

/** The printed label of a cell's row, to show the source lines of a failing cell. */
function rowLabel(cell: CellDef): string {
  const label = cell.section === 'active' ? ACTIVE_ITEMS.find((i) => i.key === cell.row)?.label
    : cell.section === 'requests' ? REQUEST_ROWS.find((r) => r.key === cell.row)?.label
      : APPEAL_GROUPS.find((g) => g.key === cell.row)?.short;
  return (label ?? '').replace(/^[（(]?[一二三四五六七八九\d][）).、]?/, '').slice(0, 4);
}

function snippet(text: string, cell: CellDef): string {
  const key = rowLabel(cell);
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.replace(/\s/g, '').includes(key));
  if (at < 0) return '(row label not found in text)';
  return lines.slice(at, at + 3).map((l, i) => `      ${at + i + 1}: ${JSON.stringify(l)}`).join('\n');
}

function failure(title: string, text: string, items: { cell: CellDef; line: string }[]): Error {
  const shown = items.slice(0, 6).map(({ cell, line }) => `  ${cell.key} ${line}\n${snippet(text, cell)}`);
  return new Error(`${title} (${items.length} cells)\n${shown.join('\n')}`);
}

/** The line range of the three tables (from heading 二 to heading 五), 1-based and inclusive. */
function tableLines(text: string): [number, number] {
  const lines = text.split('\n').map((l) => l.replace(/^[\s\f]+/, ''));
  const from = lines.findIndex((l) => l.startsWith('二、主动公开政府信息情况'));
  const to = lines.findIndex((l) => l.startsWith('五、存在的主要问题及改进情况'));
  return [from + 1, to + 1];
}

/**
 * Scanned text only: the cells of rows whose line prints, inside one field, a number of one to three
 * digits and one space before three digits (`61 100`). That reads as 61 and 100 or as 61100: the
 * parser reviews such numbers (rows.ts words()), so their rows may come back null with review.
 */
function spacedPairs(text: string, cellLines: ReadonlyMap<string, number>): Set<string> {
  const lines = text.split('\n');
  const ambiguous = (n: number) => (lines[n - 1] ?? '').split('\t').some((f) => /(?:^|\s)[1-9]\d{0,2} \d{3}(?=\s|$)/.test(f));
  const rows = new Set<string>();
  for (const [key, line] of cellLines) {
    if (!ambiguous(line)) continue;
    const [section, row] = key.split('.');
    rows.add(section === 'appeals' ? 'appeals' : `${section}.${row}`);
  }
  return new Set(CELLS.filter((c) => rows.has(c.section === 'appeals' ? 'appeals' : `${c.section}.${c.row}`)).map((c) => c.key));
}

function parsedOrThrow(result: ParseResult): ReportRecord {
  if (result.error !== null || result.record === null) throw new Error(`parse failed: ${result.error ?? 'no record'}`);
  return result.record;
}

describe.each(LAYOUTS.map((l) => [l.id, l] as const))('layout %s', (_id, info) => {
  it('record -> text -> record: title, date and every cell (null + review where a dropped cell makes a row uncertain)', () => {
    fc.assert(fc.property(recordsFor(info), fc.nat(), (record, seed) => {
      const { text, result, afterBreak, cellLines, dashed } = parseRendered(record, info, seed);
      const parsed = parsedOrThrow(result);
      expect({ organ: parsed.organ, year: parsed.year, published: parsed.published, template: parsed.template })
        .toEqual({ organ: record.organ, year: record.year, published: record.published, template: record.template });

      const expected = expectedParse(record, info.id, afterBreak, dashed);
      if (info.blanks === 'dropped') for (const k of spacedPairs(text, cellLines)) expected.mayReview.add(k);
      const reviewed = new Map(result.review.map((r) => [cellKey(r), r]));
      const wrong = CELLS.filter((c) => getCell(parsed, c) !== expected.cells.get(c.key)
        && !(getCell(parsed, c) === null && expected.mayReview.has(c.key) && reviewed.has(c.key)))
        .map((c) => ({ cell: c, line: `expected ${expected.cells.get(c.key)} got ${getCell(parsed, c)} (record ${getCell(record, c)})` }));
      if (wrong.length) throw failure('cells differ from the oracle', text, wrong);

      const unreviewed = [...expected.mustReview].filter((k) => !reviewed.has(k))
        .map((k) => ({ cell: CELLS.find((c) => c.key === k) as CellDef, line: 'uncertain, nulled, but no review entry' }));
      if (unreviewed.length) throw failure('uncertain cells without a review entry', text, unreviewed);

      // A review entry means "null, a person must look", and it names a line inside the tables.
      const [from, to] = tableLines(text);
      for (const r of result.review) {
        const cell = CELLS.find((c) => c.key === cellKey(r));
        expect(cell, `review entry for a non-template cell ${cellKey(r)}`).toBeDefined();
        expect(getCell(parsed, r), `review entry on ${cellKey(r)} whose value is not null`).toBeNull();
        if (expected.mustReview.has(cellKey(r))) {
          expect(r.line, `review line of ${cellKey(r)}`).not.toBeNull();
          expect(r.line ?? 0).toBeGreaterThanOrEqual(from);
          expect(r.line ?? 0).toBeLessThanOrEqual(to);
        }
      }

      // Source lines: every number read names the line the renderer printed it on; a reviewed cell
      // keeps its review's line; every cell given a line is a template cell inside the tables.
      const misplaced = CELLS.filter((c) => getCell(parsed, c) !== null && result.lines[c.key] !== cellLines.get(c.key))
        .map((c) => ({ cell: c, line: `value on line ${cellLines.get(c.key)} but lines says ${result.lines[c.key]}` }));
      if (misplaced.length) throw failure('source lines differ from the rendered text', text, misplaced);
      const offLine = result.review.filter((r) => r.line !== null && result.lines[cellKey(r)] !== r.line).map(cellKey);
      expect(offLine, 'reviewed cells whose line differs from the review entry').toEqual([]);
      const stray = Object.entries(result.lines).filter(([key, line]) => !CELL_KEYS.has(key) || line < from || line > to);
      expect(stray, 'lines outside the template or the tables').toEqual([]);
    }), params);
  }, TIMEOUT);

  it('never yields a number that differs from the record (a wrong number is worse than a null)', () => {
    fc.assert(fc.property(recordsFor(info), fc.nat(), (record, seed) => {
      const { text, result } = parseRendered(record, info, seed);
      // A refusal invents nothing; the round-trip test above reports it.
      if (result.record === null) return;
      const parsed = result.record;
      const wrong = CELLS.filter((c) => {
        const got = getCell(parsed, c);
        return got !== null && got !== getCell(record, c);
      }).map((c) => ({ cell: c, line: `record ${getCell(record, c)} but parser gave ${getCell(parsed, c)}` }));
      if (wrong.length) throw failure('WRONG NUMBERS', text, wrong);
    }), wrongParams);
  }, TIMEOUT);
});
