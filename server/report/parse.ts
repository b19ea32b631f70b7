/**
 * The parser's public face: report text in, one canonical record out.
 * The pipeline lives in ./parser/ (see parser/index.ts for what makes a record and
 * parser/matcher.ts for the rules on uncertain cells).
 */
import { ReportError } from './errors.ts';
import type { ReportRecord, ReviewEntry } from './template.ts';
import { parseReport } from './parser/index.ts';

export interface ParseOptions {
  /**
   * The text came from a reader that knows the table grid (HTML, DOCX, PDF coordinates):
   * table rows are one per line, cells separated by tabs, blank cells kept in place.
   */
  exactCells?: boolean;
}

export interface ParseResult {
  record: ReportRecord | null;
  review: ReviewEntry[];
  /**
   * Cell key (`requests.new.total`, see CELLS) -> the 1-based line of the text where the cell's
   * value stands, for every cell the parser read a value or a blank from; a reviewed cell keeps
   * its review entry's line. Cells of a row or table not found have no entry. Not part of the
   * CLI's JSON lines (scripts/parse.ts).
   */
  lines: Record<string, number>;
  /** Why there is no record, in words a clerk understands; null when parsed. */
  error: string | null;
}

export function parseText(text: string, options: ParseOptions = {}): ParseResult {
  try {
    const { record, review, lines } = parseReport(text, options.exactCells ?? false);
    return { record, review, lines, error: null };
  } catch (e) {
    if (e instanceof ReportError) return { record: null, review: [], lines: {}, error: e.message };
    throw e;
  }
}
