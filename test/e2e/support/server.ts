/**
 * The real server for browser tests: the built web app, a temporary SQLite file with the demo
 * county (and the seed reports when ../shared is present), listening on a free loopback port.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, openDb } from '../../../db/open.ts';
import { buildApp } from '../../../server/app.ts';
import { loadDemoIfEmpty } from '../../../server/demo/load.ts';
import { ingestBuffer } from '../../../server/ingest/ingest.ts';
import type { IngestResult } from '../../../server/ingest/ingest.ts';

export const SEEDS_DIR = join(PROJECT_ROOT, '..', 'shared', 'samples', 'seeds');
export const WEB_DIST = join(PROJECT_ROOT, 'web', 'dist');
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Build web/dist when it is missing or older than any web source or the template. */
export function ensureWebBuilt(): void {
  const index = join(WEB_DIST, 'index.html');
  const sources = Math.max(
    newestMtime(join(PROJECT_ROOT, 'web', 'src')),
    statSync(join(PROJECT_ROOT, 'web', 'vite.config.ts')).mtimeMs,
    statSync(join(PROJECT_ROOT, 'web', 'index.html')).mtimeMs,
    statSync(join(PROJECT_ROOT, 'server', 'report', 'template.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio: 'pipe' });
}

export interface E2eServer {
  url: string;
  dir: string;
  seeds: IngestResult[];
  close(): Promise<void>;
}

/** `seeds`: ingest the seed reports (all, none, or those whose file name passes). */
export async function startServer(options: { seeds?: boolean | ((name: string) => boolean); demo?: boolean } = {}): Promise<E2eServer> {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-e2e-'));
  const dbPath = join(dir, 'e2e.sqlite');
  const opened = await openDb(dbPath);
  if (options.demo !== false) await loadDemoIfEmpty(opened.db, { seed: 1 });
  const seeds: IngestResult[] = [];
  if (options.seeds !== false && existsSync(SEEDS_DIR)) {
    const wanted = typeof options.seeds === 'function' ? options.seeds : () => true;
    for (const name of readdirSync(SEEDS_DIR).filter((n) => n.endsWith('.txt') && wanted(n)).sort()) {
      seeds.push(await ingestBuffer(opened.db, { fileName: name, bytes: readFileSync(join(SEEDS_DIR, name)), via: 'seed' }));
    }
  }
  const app = await buildApp({ db: opened.db, dbPath, adminToken: ADMIN_TOKEN, webRoot: WEB_DIST });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: address, dir, seeds,
    async close() {
      await app.close();
      await opened.db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
