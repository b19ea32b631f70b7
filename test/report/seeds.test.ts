/**
 * The shared samples: each seed text and the `pdftotext -layout` and `-raw` text of each real PDF
 * parses to exactly its .expected.json (the fields compare-seeds.py compares); pdftotext's default
 * text, whose blocks come in reading order, to no number but the expected one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../server/report/parse.ts';
import { needsShared } from '../support/shared.ts';

const SHARED = join(import.meta.dirname, '../../../shared/samples');
const SEEDS = join(SHARED, 'seeds');
const REAL = join(SHARED, 'real');
const hasShared = needsShared(SEEDS, 'seeds.test');
const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasShared) console.log('seeds.test: ../shared/samples is absent; skipping the sample tests');
if (hasShared && !hasPdftotext) console.log('seeds.test: pdftotext is absent; skipping the real-PDF tests');

const COMPARED = ['organ', 'year', 'published', 'active', 'requests', 'appeals'] as const;

function expectMatches(text: string, expectedFile: string): void {
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Record<string, unknown>;
  const result = parseText(text);
  expect(result.error).toBeNull();
  const record = result.record as unknown as Record<string, unknown>;
  for (const key of COMPARED) expect(record[key], key).toEqual(expected[key]);
  // Every review entry names a null cell of the record.
  for (const r of result.review) {
    const table = record[r.section] as Record<string, Record<string, unknown>>;
    expect(table[r.row]?.[r.column], `${r.section}.${r.row}.${r.column}`).toBeNull();
  }
}

describe.skipIf(!hasShared)('seed texts', () => {
  const seeds = hasShared ? readdirSync(SEEDS).filter((f) => f.endsWith('.txt')) : [];
  it.each(seeds)('%s parses to its expected record', (file) => {
    expectMatches(readFileSync(join(SEEDS, file), 'utf8'), join(SEEDS, file.replace(/\.txt$/, '.expected.json')));
  });

  it('002 (scanned): only the rightmost number of a short 申请 row is kept, the rest reviewed', () => {
    const result = parseText(readFileSync(join(SEEDS, '002_7c16d5b9a993e270.txt'), 'utf8'));
    const reviewed = result.review.filter((r) => r.section === 'requests' && r.row === 'new').map((r) => r.column);
    expect(reviewed).toEqual(['natural_person', 'commercial', 'research', 'nonprofit', 'legal_services', 'other_org']);
    expect(result.review.find((r) => r.row === 'new')?.line).toBe(51);
    expect(result.record?.requests.new.total).toBe(12);
  });

  it.each([
    // one cell per line: each cell its own line
    ['000_46fcf760ef5bf81c.txt', { 'requests.new.natural_person': 81, 'requests.new.total': 87, 'active.licensing.decisions': 37, 'appeals.review.upheld': 386 }],
    // one row per line: the row's line
    ['001_e3992751381c814a.txt', { 'requests.new.natural_person': 41, 'requests.new.total': 41, 'active.fees.amount_wan_yuan': 34, 'appeals.review.upheld': 72 }],
    // scanned: the row's line, reviewed cells included (their review entry names it too)
    ['002_7c16d5b9a993e270.txt', { 'requests.new.total': 51, 'requests.new.natural_person': 51, 'active.licensing.decisions': 37 }],
  ] as const)('%s: the source line of sample cells', (file, want) => {
    const text = readFileSync(join(SEEDS, file), 'utf8');
    const result = parseText(text);
    expect(Object.fromEntries(Object.keys(want).map((k) => [k, result.lines[k]]))).toEqual(want);
    // The named line prints the value.
    const lines = text.split(/\r\n|\r|\n/);
    for (const [key, line] of Object.entries(want)) {
      const [section, row, column] = key.split('.') as [string, string, string];
      const value = ((result.record as unknown as Record<string, Record<string, Record<string, number | null>>>)[section]?.[row]?.[column]);
      if (value !== null && value !== undefined) expect(lines[line - 1]).toContain(String(value));
    }
    for (const r of result.review) if (r.line !== null) expect(result.lines[`${r.section}.${r.row}.${r.column}`]).toBe(r.line);
    // A parsed report names a line for every cell whose row it found: all 200 here.
    expect(Object.keys(result.lines)).toHaveLength(200);
  });

  it('000: headings in order with their lines, narrative and printed date', () => {
    const { record } = parseText(readFileSync(join(SEEDS, '000_46fcf760ef5bf81c.txt'), 'utf8'));
    expect(record?.headings.map((h) => h.no)).toEqual(['一', '二', '三', '四', '五', '六']);
    expect(record?.headings[0]).toEqual({ no: '一', title: '总体情况', line: 2 });
    expect(record?.published_source).toBe('report');
    expect(record?.narrative.other).toBe('本年度没有收取信息处理费。');
    expect(record?.template).toBe('2021');
  });
});

describe.skipIf(!hasShared || !hasPdftotext)('real PDFs through pdftotext', () => {
  const pdfs = hasShared ? readdirSync(REAL).filter((f) => f.endsWith('.pdf')) : [];
  it.each(pdfs)('%s parses to its expected record', (file) => {
    const text = execFileSync('pdftotext', ['-layout', join(REAL, file), '-'], { encoding: 'utf8' });
    expectMatches(text, join(REAL, file.replace(/\.pdf$/, '.expected.json')));
  });

  it.each(pdfs)('%s through pdftotext -raw (words one space apart, blank cells closed up) parses to its expected record', (file) => {
    const text = execFileSync('pdftotext', ['-raw', join(REAL, file), '-'], { encoding: 'utf8' });
    expect(text).not.toMatch(/\d {2,}\d/);
    expectMatches(text, join(REAL, file.replace(/\.pdf$/, '.expected.json')));
  });

  it.each(pdfs)('%s through pdftotext\'s default mode (its blocks in reading order): no number that is not the expected one, every null reviewed', (file) => {
    const text = execFileSync('pdftotext', [join(REAL, file), '-'], { encoding: 'utf8' });
    const expected = JSON.parse(readFileSync(join(REAL, file.replace(/\.pdf$/, '.expected.json')), 'utf8')) as Record<string, Record<string, Record<string, unknown>>>;
    const result = parseText(text);
    const reviewed = new Set(result.review.map((r) => `${r.section}.${r.row}.${r.column}`));
    const record = result.record as unknown as Record<string, Record<string, Record<string, unknown>>>;
    let checked = 0;
    for (const section of ['active', 'requests', 'appeals'] as const) {
      for (const [row, cells] of Object.entries(expected[section] ?? {})) {
        for (const [column, want] of Object.entries(cells)) {
          const got = record[section]?.[row]?.[column] ?? null;
          checked++;
          if (got !== null) expect(got, `${section}.${row}.${column}`).toBe(want);
          else if (want !== null) expect(reviewed.has(`${section}.${row}.${column}`), `${section}.${row}.${column} null without review`).toBe(true);
        }
      }
    }
    expect(checked).toBe(200);
  });

  it('hongze-2023: a wrapped label\'s numbers are read from the line that prints them', () => {
    const text = execFileSync('pdftotext', ['-layout', join(REAL, 'hongze-2023.pdf'), '-'], { encoding: 'utf8' });
    const { lines } = parseText(text);
    expect([lines['requests.new.total'], lines['requests.partially_granted.natural_person'], lines['active.punishment.decisions'], lines['appeals.review.upheld']])
      .toEqual([96, 101, 69, 149]);
  });
});
