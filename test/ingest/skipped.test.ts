/**
 * What the CLI does not read is said, path by path, with a reason: hidden files and folders,
 * Word's `~$` lock files, system files, symbolic links met in a folder, and FIFOs, sockets and
 * devices, which are never opened (a FIFO with no writer used to hang the CLI for ever).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countInputs, walkInputs } from '../../server/ingest/inputs.ts';
import type { SkippedPath } from '../../server/ingest/inputs.ts';
import { DEFAULT_LIMITS } from '../../server/ingest/limits.ts';
import { renderText } from '../../server/report/render.ts';
import { tempDir } from '../support/db.ts';
import type { TempDir } from '../support/db.ts';
import { record } from '../support/records.ts';
import { makeZip } from './helpers.ts';

const ROOT = join(import.meta.dirname, '../..');

let tmp: TempDir;
beforeEach(() => { tmp = tempDir(); });
afterEach(() => { tmp.remove(); });

/** A folder with one report and everything a real folder holds besides. */
function messyFolder(): { dir: string; fifo: string; skipped: Record<string, RegExp> } {
  const dir = join(tmp.dir, 'in');
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(join(dir, '.git', 'config'), '[core]\n');
  mkdirSync(join(dir, '__MACOSX'));
  writeFileSync(join(dir, '__MACOSX', '._report.txt'), 'x');
  writeFileSync(join(dir, 'report.txt'), renderText(record('金乡县羊山镇人民政府', 2024), 'rows-tab'));
  writeFileSync(join(dir, '.hidden.txt'), 'x');
  writeFileSync(join(dir, '~$report.docx'), 'x');
  writeFileSync(join(dir, 'Thumbs.db'), 'x');
  symlinkSync(join(dir, 'report.txt'), join(dir, 'link.txt'));
  const fifo = join(dir, 'pipe.txt');
  execFileSync('mkfifo', [fifo]);
  writeFileSync(join(dir, 'box.zip'), makeZip([{ name: '__MACOSX/._a.txt', data: Buffer.from('x') }, { name: '.DS_Store', data: Buffer.from('x') }]));
  return {
    dir, fifo,
    skipped: {
      [join(dir, '.git')]: /隐藏/,
      [join(dir, '__MACOSX')]: /系统/,
      [join(dir, '.hidden.txt')]: /隐藏/,
      [join(dir, '~$report.docx')]: /临时/,
      [join(dir, 'Thumbs.db')]: /系统/,
      [join(dir, 'link.txt')]: /符号链接/,
      [fifo]: /管道/,
      [`${join(dir, 'box.zip')}/__MACOSX/._a.txt`]: /系统|隐藏/,
      [`${join(dir, 'box.zip')}/.DS_Store`]: /隐藏/,
    },
  };
}

describe('skipped paths', () => {
  it('are listed with a reason by countInputs, and never yielded or opened by walkInputs', async () => {
    const { dir, skipped } = messyFolder();
    const list: SkippedPath[] = [];
    expect(await countInputs([dir, '/dev/null'], DEFAULT_LIMITS, list)).toBe(1);
    const got = Object.fromEntries(list.map((s) => [s.path, s.reason]));
    expect(Object.keys(got).sort()).toEqual([...Object.keys(skipped), '/dev/null'].sort());
    for (const [path, reason] of Object.entries(skipped)) expect(got[path]).toMatch(reason);
    expect(got['/dev/null']).toMatch(/设备/);
    const items = [];
    for await (const item of walkInputs([dir, '/dev/null'])) items.push(item);
    expect(items.map((i) => [i.kind, i.label])).toEqual([['file', join(dir, 'report.txt')]]);
  });

  it('the CLI neither hangs on a FIFO nor drops a path without a line: each is in the summary with its reason', { timeout: 90_000 }, async () => {
    const { dir, fifo, skipped } = messyFolder();
    const out = await new Promise<{ code: number | null; stdout: string; killed: boolean }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--db', join(tmp.dir, 'db.sqlite'), dir, fifo], {
        cwd: ROOT, env: { ...process.env, CI: 'true' }, timeout: 60_000,
      }, (err, stdout) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, killed: child.killed }));
    });
    expect(out.killed).toBe(false);
    expect(out.stdout).toMatch(/新导入\s+1/);
    expect(out.stdout).toMatch(/失败\s+0/);
    expect(out.code).toBe(0);
    const summary = out.stdout.slice(out.stdout.indexOf('跳过'));
    for (const [path, reason] of Object.entries(skipped)) {
      const at = summary.indexOf(`  ${path}\n`);
      expect(at, path).toBeGreaterThan(-1);
      expect(summary.slice(at).split('\n')[1], path).toMatch(reason);
    }
  });
});
