/**
 * `npm run --silent check -- FILE...`: the flags of each file on its own, as JSON lines
 * `{"file","flags":[…],"error"}`. Only the per-report rules run (no database, so nothing that
 * needs another report or year); exit code 1 when a file could not be read or parsed.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { RULES, checkRecord } from '../server/checks/index.ts';
import { ReportError } from '../server/report/errors.ts';
import { parseText } from '../server/report/parse.ts';
import { readDocument } from '../server/report/readers/index.ts';

async function checkFile(file: string): Promise<{ file: string; flags: unknown[]; error: string | null }> {
  try {
    const doc = await readDocument(readFileSync(file), basename(file));
    const { record, review, error } = parseText(doc.text, { exactCells: doc.exactCells });
    if (!record) return { file, flags: [], error: error ?? '未能读出报告内容。' };
    const flags = checkRecord(record, review).map((f) => ({
      rule: f.rule, title: RULES[f.rule].title, severity: f.severity, message: f.message, cells: f.cells, detail: f.detail,
    }));
    return { file, flags, error: null };
  } catch (e) {
    if (e instanceof ReportError) return { file, flags: [], error: e.message };
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { file, flags: [], error: `找不到文件“${file}”。` };
    throw e;
  }
}

async function main(): Promise<number> {
  const files = process.argv.slice(2).filter((a) => a !== '--');
  if (files.length === 0) {
    process.stderr.write('用法：npm run --silent check -- 文件...\n');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    const out = await checkFile(file);
    if (out.error) failed++;
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
