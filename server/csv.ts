/**
 * CSV that Excel and WPS open correctly in Chinese: UTF-8 with a BOM, CRLF line ends, numbers
 * written as numbers, blanks as empty cells, and text that a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) prefixed with an apostrophe.
 */
export const BOM = '\uFEFF';

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvValue;
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  const text = FORMULA_START.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** The whole file (BOM, header line, one line per row). */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: Iterable<T>): string {
  const parts = [BOM, csvLine(columns.map((c) => c.header))];
  for (const row of rows) parts.push(csvLine(columns.map((c) => c.value(row))));
  return parts.join('');
}

/** The same, line by line, for exports too large to build in memory. */
export async function* csvStream<T>(columns: readonly CsvColumn<T>[], rows: AsyncIterable<T>): AsyncGenerator<string> {
  yield BOM + csvLine(columns.map((c) => c.header));
  let batch = '';
  for await (const row of rows) {
    batch += csvLine(columns.map((c) => c.value(row)));
    if (batch.length > 64 * 1024) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

/** A file name Windows takes: the characters it refuses (and line breaks) become _. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\r\n\t]/g, '_');
}

/** `Content-Disposition` for a download with a Chinese file name (RFC 6266 / 5987). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
