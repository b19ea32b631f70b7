/**
 * Every stored cell points at the line of the document's text where its value stands, so a
 * reviewer can check any number against the original, not only the doubtful ones. These run
 * the real parser (its `lines` map) on the seeds and on generated reports of every layout.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportCells } from '../../server/repositories/cells.repository.ts';
import { generateCounty } from '../../server/demo/records.ts';
import { renderDemoReport } from '../../server/demo/render.ts';
import { ingestBuffer } from '../../server/ingest/ingest.ts';
import { LAYOUT_IDS } from '../../server/report/render.ts';
import { tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';
import { needsShared } from '../support/shared.ts';

const SEEDS = join(import.meta.dirname, '../../../shared/samples/seeds');
const hasSeeds = needsShared(SEEDS, 'lines.test');
if (!hasSeeds) console.warn(`skipping seed line tests: ${SEEDS} is absent`);

let t: TestDb;
beforeEach(async () => { t = await tempDb(); });
afterEach(async () => { await t.close(); });

/** The numbers printed on a line of text (full-width digits read as ASCII). */
function numbersOn(line: string): number[] {
  return (line.normalize('NFKC').match(/\d+(?:\.\d+)?/g) ?? []).map(Number);
}

/** Ingest one file and return its text and cells. */
async function ingestOne(fileName: string, bytes: Buffer) {
  const r = await ingestBuffer(t.db, { fileName, bytes, via: 'cli', county: '演示县' });
  expect(r.outcome, r.reason ?? '').toBe('ingested');
  const doc = await t.db.selectFrom('report').innerJoin('document', 'document.id', 'report.document_id')
    .select('document.text').where('report.id', '=', r.reportId!).executeTakeFirstOrThrow();
  const cells = await reportCells(t.db, r.reportId!);
  return { lines: doc.text.split('\n'), cells };
}

/** Every certain cell with a value has a line, and that line of the stored text prints the value. */
function expectLinesPrintValues(lines: readonly string[], cells: readonly { key: string; value: number | null; review: string | null; line: number | null }[], atLeast: number) {
  const certain = cells.filter((c) => c.value !== null && c.review === null);
  expect(certain.length).toBeGreaterThanOrEqual(atLeast);
  for (const c of certain) {
    expect(c.line, `${c.key} has no line`).not.toBeNull();
    const text = lines[c.line! - 1] ?? '';
    expect(numbersOn(text), `${c.key} = ${c.value} at line ${c.line}: ${text}`).toContain(c.value);
  }
}

describe('source lines of cells', () => {
  it.skipIf(!hasSeeds)('point at the value in every seed report, for certain cells as well as doubtful ones', async () => {
    for (const file of readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort()) {
      const { lines, cells } = await ingestOne(file, readFileSync(join(SEEDS, file)));
      // Seed 002 is mostly unreadable table (review); the others read nearly every cell.
      expectLinesPrintValues(lines, cells, 20);
      const total = cells.find((c) => c.key === 'requests.new.total')!;
      expect(total.line, `${file}: requests.new.total`).not.toBeNull();
    }
  });

  it('point at the value in generated reports of every layout', async () => {
    const { reports } = generateCounty({ seed: 11, clean: true });
    for (const layout of LAYOUT_IDS) {
      // The busiest report of this layout, so the values are not all zeros.
      const report = reports.filter((r) => r.layout === layout)
        .sort((a, b) => (b.record.requests.new.total ?? 0) - (a.record.requests.new.total ?? 0))[0];
      if (!report) continue;
      const { lines, cells } = await ingestOne(`${layout}.txt`, Buffer.from(renderDemoReport(report)));
      expectLinesPrintValues(lines, cells, 190);
      const total = cells.find((c) => c.key === 'requests.new.total')!;
      expect(total.value).toBe(report.record.requests.new.total);
      expect(numbersOn(lines[total.line! - 1]!)).toContain(total.value);
    }
  });
});
