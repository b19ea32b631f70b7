/**
 * npm run --silent parse -- FILE...
 * Prints one JSON object per line: {"file","record","review","error"} (record null when error is
 * set). Exit status 0 when every file parsed, 1 otherwise. Other scripts depend on this interface.
 */
import { readFile } from 'node:fs/promises';
import { ReportError } from '../server/report/errors.ts';
import { parseText } from '../server/report/parse.ts';
import { readDocument } from '../server/report/readers/index.ts';

async function parseFile(file: string): Promise<{ file: string; record: unknown; review: unknown[]; error: string | null }> {
  try {
    const doc = await readDocument(await readFile(file), file);
    const { record, review, error } = parseText(doc.text, { exactCells: doc.exactCells });
    return { file, record: error ? null : record, review, error };
  } catch (e) {
    const message = e instanceof ReportError ? e.message
      : (e as NodeJS.ErrnoException).code === 'ENOENT' ? `找不到文件“${file}”。`
        : `无法读取文件“${file}”：${(e as Error).message}`;
    return { file, record: null, review: [], error: message };
  }
}

async function main(): Promise<number> {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('用法：npm run --silent parse -- 文件...\n');
    return 1;
  }
  let ok = true;
  for (const file of files) {
    const out = await parseFile(file);
    if (out.error) ok = false;
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  return ok ? 0 : 1;
}

process.exitCode = await main();
