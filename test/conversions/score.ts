/**
 * Scores one parse against the record the page was made from.
 *
 * Per cell:
 * - right:       the source's value (a blank read as null counts too), with or without a review entry;
 * - flagged:     null with a review entry, where the source has a value (acceptable: a person looks);
 * - wrong:       a number other than the source's, or a number where the source is blank,
 *                with or without a review entry (never acceptable);
 * - silent-null: null without a review entry where the source has a value (never acceptable).
 * A file that could not be read or parsed (an error the clerk sees) counts each of its cells as
 * flagged where the source has a value, and is also counted as a failure.
 * Plus organ, year and published date. The organ may be given without the county prefix
 * (青禾县某某镇人民政府 -> 某某镇人民政府).
 */
import type { ParseResult } from '../../server/report/parse.ts';
import { CELLS, cellKey, getCell, type ReportRecord, type Value } from '../../server/report/template.ts';
import { COUNTY } from './report-html.ts';

export type Outcome = 'right' | 'flagged' | 'wrong' | 'silent-null';
export const OUTCOMES: readonly Outcome[] = ['right', 'flagged', 'wrong', 'silent-null'];

export interface CellScore {
  key: string;
  expected: Value;
  got: Value;
  outcome: Outcome;
  /** 1-based line of the parsed text the parser read the cell from (or its review entry's), if any. */
  line: number | null;
  lineText: string | null;
  reason: string | null;
}

export interface FieldScore<T> {
  expected: T;
  got: T | null;
  right: boolean;
}

export interface ReportScore {
  /** The parse error, or null when there is a record. */
  error: string | null;
  cells: CellScore[];
  counts: Record<Outcome, number>;
  organ: FieldScore<string>;
  year: FieldScore<number>;
  published: FieldScore<string | null>;
}

const same = (a: Value, b: Value) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);

export function organMatches(expected: string, got: string | null): boolean {
  if (got === null) return false;
  return got === expected || (expected.startsWith(COUNTY) && got === expected.slice(COUNTY.length));
}

/** A file readDocument refused, scored like a parse error. */
export function unreadable(error: string): ParseResult {
  return { record: null, review: [], lines: {}, error };
}

export function scoreParse(result: ParseResult, source: ReportRecord, text: string): ReportScore {
  const lines = text.split('\n');
  const got = result.record;
  const reviews = new Map(result.review.map((r) => [cellKey(r), r]));
  const cells: CellScore[] = CELLS.map((c) => {
    const expected = getCell(source, c);
    const value = got ? getCell(got, c) : null;
    const review = reviews.get(c.key);
    const outcome: Outcome = same(value, expected) ? 'right' : value !== null ? 'wrong' : review || !got ? 'flagged' : 'silent-null';
    const line = result.lines[c.key] ?? review?.line ?? null;
    return {
      key: c.key, expected, got: value, outcome, line,
      lineText: line === null ? null : (lines[line - 1] ?? null), reason: review?.reason ?? null,
    };
  });
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, cells.filter((c) => c.outcome === o).length])) as Record<Outcome, number>;
  return {
    error: result.error,
    cells,
    counts,
    organ: { expected: source.organ, got: got?.organ ?? null, right: organMatches(source.organ, got?.organ ?? null) },
    year: { expected: source.year, got: got?.year ?? null, right: got?.year === source.year },
    published: { expected: source.published, got: got?.published ?? null, right: got !== null && got.published === source.published },
  };
}

/** The totals of many scored parses of one pipeline. */
export interface Tally {
  reports: number;
  failures: number;
  cells: number;
  counts: Record<Outcome, number>;
  organ: number;
  year: number;
  published: number;
}

export function tally(scores: readonly ReportScore[]): Tally {
  const t: Tally = {
    reports: scores.length, failures: 0, cells: 0,
    counts: { right: 0, flagged: 0, wrong: 0, 'silent-null': 0 }, organ: 0, year: 0, published: 0,
  };
  for (const s of scores) {
    if (s.error !== null) t.failures++;
    t.cells += s.cells.length;
    for (const o of OUTCOMES) t.counts[o] += s.counts[o];
    if (s.organ.right) t.organ++;
    if (s.year.right) t.year++;
    if (s.published.right) t.published++;
  }
  return t;
}

export const ratio = (n: number, of: number) => (of === 0 ? 0 : n / of);
