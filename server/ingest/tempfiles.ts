/**
 * Temporary folders the server leaves in the OS temp directory when it is killed mid-conversion
 * (`nianbao-convert-*`, report/readers/legacy.ts), or mid-upload by versions that wrote an
 * uploaded .zip to disk (`nianbao-upload-*`; uploads are now walked in memory, inputs.ts). `removeStaleTempDirs` runs at start (server/main.ts) and removes:
 * - folders named `<prefix><pid>-…` whose process is gone (the naming legacy.ts uses; uploads may adopt it);
 * - any other folder of these prefixes not touched for `minAgeMs` (default one hour), so that an
 *   upload another server on the same machine is doing right now is left alone.
 * Only folders (never links) of the user running the server are touched.
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEMP_DIR_PREFIXES = ['nianbao-upload-', 'nianbao-convert-'] as const;

export interface CleanupOptions {
  /** The folder to look in (default: the OS temp directory). */
  dir?: string;
  /** A folder without a process id in its name is removed only when older than this (default 1 hour). */
  minAgeMs?: number;
  now?: number;
}

/** Removes stale temporary folders; returns the paths removed. Never throws. */
export async function removeStaleTempDirs(options: CleanupOptions = {}): Promise<string[]> {
  const dir = options.dir ?? tmpdir();
  const minAgeMs = options.minAgeMs ?? 60 * 60 * 1000;
  const now = options.now ?? Date.now();
  const uid = process.getuid?.();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const prefix = TEMP_DIR_PREFIXES.find((p) => name.startsWith(p));
    if (!prefix) continue;
    const path = join(dir, name);
    try {
      const info = await lstat(path);
      if (!info.isDirectory() || (uid !== undefined && info.uid !== uid)) continue;
      const pid = /^(\d+)-/.exec(name.slice(prefix.length))?.[1];
      const stale = pid !== undefined ? !alive(Number(pid)) : now - info.mtimeMs > minAgeMs;
      if (!stale) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
