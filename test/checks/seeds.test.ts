/**
 * The five seed reports raise exactly the flags a county reviewer would raise. These run the
 * real parser: while the parser is a stub they fail on purpose (they are not skipped).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRecord } from '../../server/checks/index.ts';
import { parseText } from '../../server/report/parse.ts';
import { readDocument } from '../../server/report/readers/index.ts';
import { needsShared, sharedPath } from '../support/shared.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SEEDS = sharedPath('samples', 'seeds');
const present = needsShared(SEEDS, 'seed checks');

async function flagsOf(prefix: string) {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix) && f.endsWith('.txt'))!;
  const doc = await readDocument(readFileSync(join(SEEDS, file)), file);
  const { record, review, error } = parseText(doc.text, { exactCells: doc.exactCells });
  expect(error, `parser error on ${file}`).toBeNull();
  return checkRecord(record!, review);
}

const summary = (flags: { rule: string; cells: { key: string }[] }[]) =>
  flags.map((f) => `${f.rule}${f.cells.length ? `:${f.cells.map((c) => c.key).join(',')}` : ''}`);

describe.skipIf(!present)('seed reports', () => {
  it('000: only 行政强制 is blank', async () => {
    expect(summary(await flagsOf('000'))).toEqual(['cells.blank:active.enforcement.decisions']);
  });

  it('001: dated 2023-12-20, before the reporting year ended', async () => {
    const flags = await flagsOf('001');
    expect(summary(flags)).toEqual(['timeliness.early']);
    expect(flags[0]!.message).toContain('2023-12-20');
  });

  it('002: cells need review, 行政事业性收费 is blank, section 六 is missing; no arithmetic on unknown cells', async () => {
    const flags = await flagsOf('002');
    expect([...new Set(flags.map((f) => f.rule))].sort()).toEqual(['cells.blank', 'cells.review', 'sections.missing']);
    const blank = flags.filter((f) => f.rule === 'cells.blank').flatMap((f) => f.cells.map((c) => c.key));
    expect(blank).toContain('active.fees.amount_wan_yuan');
    const reviewed = flags.filter((f) => f.rule === 'cells.review').flatMap((f) => f.cells.map((c) => c.key));
    expect(reviewed).toContain('requests.new.natural_person');
    expect(reviewed).not.toContain('requests.new.total');
    expect(flags.find((f) => f.rule === 'sections.missing')!.detail).toEqual({ missing: ['六'] });
  });

  it('003 and 004: no date printed, nothing else', async () => {
    expect(summary(await flagsOf('003'))).toEqual(['timeliness.undated']);
    expect(summary(await flagsOf('004'))).toEqual(['timeliness.undated']);
  });

  it('the CLI prints one JSON line per file with that file\'s flags', () => {
    const files = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort().slice(0, 2).map((f) => join(SEEDS, f));
    let out: string;
    try {
      out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/check.ts', ...files], { cwd: ROOT, encoding: 'utf8' });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? '');
    }
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { file: string; flags: { rule: string; title: string }[]; error: string | null });
    expect(lines.map((l) => l.file)).toEqual(files);
    expect(lines.map((l) => l.error)).toEqual([null, null]);
    expect(lines.map((l) => l.flags.map((f) => f.rule))).toEqual([['cells.blank'], ['timeliness.early']]);
    expect(lines[1]!.flags[0]!.title).toBe('落款日期早于报告年度结束');
  });
});
