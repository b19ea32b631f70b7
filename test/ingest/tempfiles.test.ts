/**
 * Temporary upload and conversion folders left by a killed server are removed when the server
 * starts; folders of live processes, recent folders and other files are left alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTempDirs } from '../../server/ingest/tempfiles.ts';
import { startServer } from '../../server/main.ts';
import { tempDir } from '../support/db.ts';
import type { TempDir } from '../support/db.ts';

let tmp: TempDir;
beforeEach(() => { tmp = tempDir(); });
afterEach(() => { tmp.remove(); });

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

const hoursAgo = (path: string, hours: number) => {
  const t = new Date(Date.now() - hours * 3600_000);
  utimesSync(path, t, t);
};

describe('stale temporary folders', () => {
  it('removes a dead process\'s folders and old ones; keeps live, recent and unrelated ones', async () => {
    const make = (name: string, hours = 0) => {
      const path = join(tmp.dir, name);
      mkdirSync(path);
      writeFileSync(join(path, 'upload.zip'), 'x');
      if (hours) hoursAgo(path, hours);
      return path;
    };
    const dead = make(`nianbao-upload-${deadPid()}-aB3dE9`);
    const deadConvert = make(`nianbao-convert-${deadPid()}-xY12zz`);
    const mine = make(`nianbao-convert-${process.pid}-Qw12Er`, 5);
    const old = make('nianbao-upload-Zx81Kq', 2);
    const recent = make('nianbao-upload-Ab12Cd');
    const other = make('something-else', 5);
    const file = join(tmp.dir, 'nianbao-upload-file');
    writeFileSync(file, 'x');
    hoursAgo(file, 5);
    const removed = await removeStaleTempDirs({ dir: tmp.dir });
    expect(removed.sort()).toEqual([dead, deadConvert, old].sort());
    for (const p of [dead, deadConvert, old]) expect(existsSync(p)).toBe(false);
    for (const p of [mine, recent, other, file]) expect(existsSync(p)).toBe(true);
  });

  it('the server removes them when it starts', { timeout: 60_000 }, async () => {
    const left = mkdtempSync(join(tmpdir(), 'nianbao-upload-'));
    writeFileSync(join(left, 'upload.zip'), 'x');
    hoursAgo(left, 3);
    const s = await startServer({ dbPath: join(tmp.dir, 'db.sqlite'), port: 0, quiet: true });
    try {
      expect(existsSync(left)).toBe(false);
    } finally {
      await s.close();
    }
  });
});
