/** The cells of a parse held against the record it was printed from. */
import { expect } from 'vitest';
import type { ParseResult } from '../../server/report/parse.ts';
import { CELLS, getCell, type ReportRecord } from '../../server/report/template.ts';

/** Cells not right, by key; every one of them null with a review entry (a wrong or silent cell fails at once). */
export function notRight(result: ParseResult, source: ReportRecord): string[] {
  const reviewed = new Set(result.review.map((r) => `${r.section}.${r.row}.${r.column}`));
  const out: string[] = [];
  for (const c of CELLS) {
    const got = getCell(result.record!, c);
    if (got === getCell(source, c)) continue;
    expect(got, `${c.key}: ${got} for ${getCell(source, c)}`).toBeNull();
    expect(reviewed.has(c.key), `${c.key} null without a review entry`).toBe(true);
    out.push(c.key);
  }
  return out;
}
