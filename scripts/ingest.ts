/**
 * npm run ingest -- PATH... [--pages IMAGE... ] [--county 金乡县] [--db PATH]
 * Files, folders and .zip archives into the database; exit 1 when any file failed. Paths not read
 * (hidden and system files, `~$` lock files, links inside folders, FIFOs, sockets, devices) are
 * listed after the summary, each with its reason; they are not failures.
 * `--pages a.jpg b.jpg …` (up to the next option): those images, or a folder's files, are the pages
 * of ONE report, in file-name order; `--pages` may be given again for another report.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open.ts';
import { addToTally, emptyTally, ingestItems } from '../server/ingest/batch.ts';
import { countInputs, imageSetFromPaths, skippedText, walkInputs } from '../server/ingest/inputs.ts';
import type { InputItem, SkippedPath } from '../server/ingest/inputs.ts';
import { DEFAULT_LIMITS } from '../server/ingest/limits.ts';
import { progressLine, resultLine, summaryText } from '../server/ingest/progress.ts';

const USAGE = '用法：npm run ingest -- 文件或文件夹或压缩包... [--pages 图片或文件夹...（同一份报告的各页）] [--county 县名] [--db 数据库路径 | --database-url postgres://…]';

/** What the command line asks for, in its order: paths to walk, and sets of images that are one report each. */
type Input = { kind: 'paths'; paths: string[] } | { kind: 'pages'; paths: string[] };

async function* inputItems(inputs: readonly Input[]): AsyncGenerator<InputItem> {
  for (const input of inputs) {
    if (input.kind === 'paths') yield* walkInputs(input.paths, DEFAULT_LIMITS);
    else yield await imageSetFromPaths(input.paths, DEFAULT_LIMITS);
  }
}

async function main(): Promise<number> {
  const { values, positionals, tokens } = parseArgs({
    allowPositionals: true,
    tokens: true,
    options: {
      county: { type: 'string' }, db: { type: 'string' }, 'database-url': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      pages: { type: 'boolean', multiple: true },
    },
  });
  // A path belongs to the --pages before it, up to the next option; other paths are walked as usual.
  const inputs: Input[] = [];
  let inPages = false;
  for (const token of tokens) {
    if (token.kind === 'option') {
      inPages = token.name === 'pages';
      if (inPages) inputs.push({ kind: 'pages', paths: [] });
    } else if (token.kind === 'positional') {
      const last = inputs.at(-1);
      if (inPages) last!.paths.push(token.value);
      else if (last?.kind === 'paths') last.paths.push(token.value);
      else inputs.push({ kind: 'paths', paths: [token.value] });
    }
  }
  if (inputs.some((i) => i.kind === 'pages' && i.paths.length === 0)) {
    console.error('--pages 后面要跟同一份报告的各页图片（或放着这些图片的文件夹）。');
    console.log(USAGE);
    return 2;
  }
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const { db, path } = await openDatabase();
  const fancy = Boolean(process.stderr.isTTY) && process.env.CI !== 'true';
  try {
    const skipped: SkippedPath[] = [];
    let total = 0;
    for (const input of inputs) total += input.kind === 'pages' ? 1 : await countInputs(input.paths, DEFAULT_LIMITS, skipped);
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
    for await (const r of ingestItems(db, inputItems(inputs), { via: 'cli', county: values.county, onProgress })) {
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
