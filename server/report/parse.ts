/**
 * The parser's public face: report text in, one canonical record out.
 * (Stub: the implementation lands with issue 2.)
 */
import type { ReportRecord, ReviewEntry } from './template.ts';

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
  /** Why there is no record, in words a clerk understands; null when parsed. */
  error: string | null;
}

export function parseText(_text: string, _options: ParseOptions = {}): ParseResult {
  return { record: null, review: [], error: '解析器尚未实现' };
}
