/**
 * The ingest CLI's `--pages`: the images after it (or a folder's) are the pages of ONE report. A
 * set is read by OCR with the CLI's page progress naming the set; a set holding a file that is not
 * an image fails alone with its reason, while the other paths on the command line go in.
 * The pages here are blank (OCR finds that at once, and a blank set is no report): what is
 * checked is the wiring, not the reading (test/api/upload-image-set.test.ts reads a real set).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../db/open.ts';
import { renderText } from '../../server/report/render.ts';
import { tempDir } from '../support/db.ts';
import type { TempDir } from '../support/db.ts';
import { record } from '../support/records.ts';

const ROOT = join(import.meta.dirname, '../..');
const hasTesseract = !spawnSync('tesseract', ['--version'], { stdio: 'ignore' }).error;

let tmp: TempDir;
beforeEach(() => { tmp = tempDir(); });
afterEach(() => { tmp.remove(); });

describe.skipIf(!hasTesseract)('npm run ingest -- --pages', () => {
  it('a set is one report with page progress; a set with a text file fails alone; the other paths go in', { timeout: 120_000 }, async () => {
    const png = await sharp({ create: { width: 500, height: 700, channels: 3, background: { r: 255, g: 255, b: 255 } } }).png().toBuffer();
    const report = join(tmp.dir, 'report.txt');
    writeFileSync(report, renderText(record('金乡县羊山镇人民政府', 2024), 'rows-tab'));
    const blanks = join(tmp.dir, 'blanks');
    mkdirSync(blanks);
    for (const name of ['第10页.png', '第2页.png']) writeFileSync(join(blanks, name), png);
    const mixed = join(tmp.dir, 'mixed');
    mkdirSync(mixed);
    writeFileSync(join(mixed, '扫描1.png'), png);
    writeFileSync(join(mixed, '说明.txt'), '不是图片\n');
    const db = join(tmp.dir, 'db.sqlite');

    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--db', db,
        '--pages', join(mixed, '扫描1.png'), join(mixed, '说明.txt'), '--county', '金乡县', report, '--pages', blanks], {
        cwd: ROOT, env: { ...process.env, CI: 'true' }, timeout: 100_000,
      }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }));
    });
    const blankSet = join(blanks, '第2页.png等2张图片（合为一份报告）');
    const mixedSet = join(mixed, '扫描1.png等2张图片（合为一份报告）');
    expect(out.stderr).toContain('待处理文件：3 个');
    // The set's pages in name order, each said on stderr as it is read.
    expect(out.stderr).toContain(`正在识别 ${blankSet}：第 1/2 页`);
    expect(out.stderr).toContain(`正在识别 ${blankSet}：第 2/2 页`);
    expect(out.stdout).toMatch(/新导入\s+1/);
    expect(out.stdout).toMatch(/失败\s+2/);
    expect(out.stdout).toContain(`已导入  金乡县 羊山镇 2024年  ${report}`);
    const failures = out.stdout.slice(out.stdout.indexOf('失败的文件：'));
    expect(failures).toContain(`  ${mixedSet}\n    “扫描1.png等2张图片（合为一份报告）”中的文件“说明.txt”不是图片`);
    expect(failures).toContain(`  ${blankSet}\n`);
    expect(out.code).toBe(1);
    const opened = await openDb(db);
    try {
      expect(await opened.db.selectFrom('document').select('file_name').execute()).toEqual([{ file_name: 'report.txt' }]);
    } finally {
      await opened.db.destroy();
    }
  });
});
