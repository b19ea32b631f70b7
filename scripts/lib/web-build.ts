/**
 * Build web/dist when it is missing or older than any web source or the template it is derived
 * from, so `npm start` after a `git pull` never serves a stale dashboard. Used by `npm start` and
 * the browser tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../db/open.ts';

export const WEB_DIST = join(PROJECT_ROOT, 'web', 'dist');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when web/dist is missing or older than its sources. */
export function webBuildStale(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'shared']
    .map((p) => join(PROJECT_ROOT, p)).filter(existsSync).map(newestMtime);
  return statSync(index).mtimeMs < Math.max(...sources);
}

const LOCK = join(PROJECT_ROOT, 'web', '.build-lock');
const LOCK_STALE_MS = 5 * 60_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Run `npm run build` when the build is stale; `stdio` 'inherit' shows vite's output. One build
 * at a time across processes (browser test files start in parallel): the others wait for it and
 * then find the build fresh, instead of emptying web/dist under each other.
 */
export function ensureWebBuilt(stdio: 'inherit' | 'pipe' = 'pipe'): void {
  if (!webBuildStale()) return;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another process builds; a lock left by a killed one is taken over after five minutes.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      sleepSync(200);
    }
  }
  try {
    if (webBuildStale()) execFileSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
