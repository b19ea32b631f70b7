/**
 * Build web/dist when it is missing or older than any web source or the template it is derived
 * from, so `npm start` after a `git pull` never serves a stale dashboard. Used by `npm start` and
 * the browser tests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** Run `npm run build` when the build is stale; `stdio` 'inherit' shows vite's output. */
export function ensureWebBuilt(stdio: 'inherit' | 'pipe' = 'pipe'): void {
  if (webBuildStale()) execFileSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio });
}
