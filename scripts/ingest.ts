/**
 * npm run ingest -- PATH... [--county 金乡县] [--db PATH]
 * Files, folders and .zip archives into the database; exit 1 when any file failed. Paths not read
 * (hidden and system files, `~$` lock files, links inside folders, FIFOs, sockets, devices) are
 * listed after the summary, each with its reason; they are not failures.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open.ts';
import { addToTally, emptyTally, ingestPaths } from '../server/ingest/batch.ts';
import { countInputs, skippedText } from '../server/ingest/inputs.ts';
import type { SkippedPath } from '../server/ingest/inputs.ts';
import { DEFAULT_LIMITS } from '../server/ingest/limits.ts';
import { progressLine, resultLine, summaryText } from '../server/ingest/progress.ts';

const USAGE = '用法：npm run ingest -- 文件或文件夹或压缩包... [--county 县名] [--db 数据库路径 | --database-url postgres://…]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { county: { type: 'string' }, db: { type: 'string' }, 'database-url': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const { db, path } = await openDatabase();
  const fancy = Boolean(process.stderr.isTTY) && process.env.CI !== 'true';
  try {
    const skipped: SkippedPath[] = [];
    const total = await countInputs(positionals, DEFAULT_LIMITS, skipped);
    console.error(`数据库：${path}　待处理文件：${total} 个${skipped.length ? `，跳过 ${skipped.length} 个（见最后的清单）` : ''}`);
    const tally = emptyTally();
    const started = Date.now();
    let lastDraw = 0;
    // A scan is read page by page (OCR, seconds a page): say which page, as the upload page does.
    const onProgress = (label: string, page: number, pages: number) => {
      const what = `正在识别 ${label}：第 ${page}/${pages} 页`;
      if (fancy) process.stderr.write(`\r\x1b[2K${progressLine(tally.total, total, started, Date.now(), what, process.stderr.columns ?? 100)}`);
      else console.error(what);
    };
    for await (const r of ingestPaths(db, positionals, { via: 'cli', county: values.county, onProgress })) {
      addToTally(tally, r);
      if (fancy) {
        const now = Date.now();
        if (r.outcome === 'failed') process.stderr.write(`\r\x1b[2K${resultLine(r)}\n`);
        if (now - lastDraw > 80 || tally.total === total) {
          lastDraw = now;
          process.stderr.write(`\r\x1b[2K${progressLine(tally.total, total, started, now, r.file, process.stderr.columns ?? 100)}`);
        }
      } else {
        console.log(resultLine(r));
      }
    }
    if (fancy) process.stderr.write('\n');
    console.log(summaryText(tally, (Date.now() - started) / 1000));
    if (skipped.length) console.log(`\n${skippedText(skipped)}`);
    return tally.failed > 0 ? 1 : 0;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main();
