/**
 * npm run --silent parse -- FILE...
 * Prints one JSON object per line: {"file","record","review","error"} (record null when error is
 * set), in the order the files are given. Exit status 0 when every file parsed, 1 otherwise.
 * Other scripts depend on this interface. Files are read and parsed on the ingest's pool of
 * threads (server/ingest/prepare.ts), a few at a time, so every core is used.
 */
import { readFile } from 'node:fs/promises';
import { prepareOffThread, PREPARE_THREADS } from '../server/ingest/prepare.ts';
import { ReportError } from '../server/report/errors.ts';

type Parsed = { file: string; record: unknown; review: unknown[]; error: string | null };

async function parseFile(file: string): Promise<Parsed> {
  try {
    const { parsed } = await prepareOffThread(await readFile(file), file);
    const { record, review, error } = parsed;
    return { file, record: error ? null : record, review, error };
  } catch (e) {
    const message = e instanceof ReportError ? e.message
      : (e as NodeJS.ErrnoException).code === 'ENOENT' ? `找不到文件“${file}”。`
        : `无法读取文件“${file}”：${(e as Error).message}`;
    return { file, record: null, review: [], error: message };
  }
}

/** Files being read at once: enough to keep every thread of the pool busy. */
const AHEAD = PREPARE_THREADS * 2;

async function main(): Promise<number> {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('用法：npm run --silent parse -- 文件...\n');
    return 1;
  }
  let ok = true;
  const pending: Promise<Parsed>[] = [];
  let next = 0;
  while (next < files.length || pending.length) {
    while (next < files.length && pending.length < AHEAD) pending.push(parseFile(files[next++]!));
    const out = await pending.shift()!;
    if (out.error) ok = false;
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  return ok ? 0 : 1;
}

process.exitCode = await main();
