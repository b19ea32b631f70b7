/**
 * A report that cannot be read. `message` is for the clerk who uploaded the file (Chinese,
 * says what was wrong and what to do); `code` is for programs.
 */
export type ReportErrorCode =
  | 'empty'
  | 'binary'
  | 'too_large'
  | 'unsupported_format'
  | 'needs_ocr'
  | 'needs_conversion'
  | 'not_a_report'
  | 'no_year'
  | 'no_organ'
  | 'no_tables'
  | 'bad_archive';

export class ReportError extends Error {
  constructor(
    readonly code: ReportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}
