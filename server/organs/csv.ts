/**
 * The registry CSV as clerks save it from Excel or WPS: any encoding the document readers
 * understand (UTF-8 with or without BOM, GBK, UTF-16), RFC 4180 quoting via csv-parse.
 */
import { parse } from 'csv-parse/sync';
import { decodeText } from '../report/readers/decode.ts';

/** Bytes to text, through the one decoder the readers use. */
export function decodeCsv(bytes: Buffer, fileName = '机关名录.csv'): { text: string; encoding: string } {
  return decodeText(bytes, fileName);
}

/** Non-empty rows of fields, each with the 1-based line where it starts (for error messages). */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const records = parse(text, { relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  return records
    .filter(({ record }) => record.some((f) => f.trim() !== ''))
    .map(({ record, info }) => {
      // info.lines is where the record ends; quoted fields may span lines.
      const inner = record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
      return { line: info.lines - inner, fields: record };
    });
}
