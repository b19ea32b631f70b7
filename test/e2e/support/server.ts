/**
 * The real server for browser tests: the built web app, a temporary SQLite file with the demo
 * county and a second county (the seed reports' 金乡县 when ../shared is present, else a second
 * fictional one), listening on a free loopback port.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../db/open.ts';
import { buildApp } from '../../../server/app.ts';
import type { AppLimits } from '../../../server/app.ts';
import { WEB_DIST } from '../../../scripts/lib/web-build.ts';
import { DEMO_ORGANS } from '../../../server/demo/county.ts';
import { loadDemoIfEmpty } from '../../../server/demo/load.ts';
import { generateCounty } from '../../../server/demo/records.ts';
import { renderDemoReport } from '../../../server/demo/render.ts';
import { ingestBuffer } from '../../../server/ingest/ingest.ts';
import type { IngestResult } from '../../../server/ingest/ingest.ts';
import { tempDb } from '../../support/db.ts';
import type { TestDb } from '../../support/db.ts';

export const SEEDS_DIR = join(PROJECT_ROOT, '..', 'shared', 'samples', 'seeds');
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

export interface E2eServer {
  url: string;
  dir: string;
  seeds: IngestResult[];
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Ingest the seed reports (all, none, or those whose file name passes). */
  seeds?: boolean | ((name: string) => boolean);
  demo?: boolean;
  /** More data, written after the demo and the seeds, before the server starts. */
  prepare?: (db: TestDb['db']) => Promise<void>;
  limits?: Partial<AppLimits>;
}

export async function startServer(options: ServerOptions = {}): Promise<E2eServer> {
  const opened = await tempDb('nianbao-e2e-');
  if (options.demo !== false) await loadDemoIfEmpty(opened.db, { seed: 1 });
  const seeds: IngestResult[] = [];
  if (options.seeds !== false && existsSync(SEEDS_DIR)) {
    const wanted = typeof options.seeds === 'function' ? options.seeds : () => true;
    for (const name of readdirSync(SEEDS_DIR).filter((n) => n.endsWith('.txt') && wanted(n)).sort()) {
      seeds.push(await ingestBuffer(opened.db, { fileName: name, bytes: readFileSync(join(SEEDS_DIR, name)), via: 'seed' }));
    }
  }
  // Without ../shared the pages still have a second county to switch to.
  if (options.demo !== false && seeds.length === 0) {
    const second = generateCounty({ seed: 2, county: '演示乙县', organs: DEMO_ORGANS.slice(0, 6), years: [2024, 2025], clean: true });
    for (const [i, report] of second.reports.entries()) {
      await ingestBuffer(opened.db, { fileName: `second-${i}.txt`, bytes: Buffer.from(renderDemoReport(report)), via: 'seed' });
    }
  }
  await options.prepare?.(opened.db);
  const app = await buildApp({
    db: opened.db, dbPath: opened.path, adminToken: ADMIN_TOKEN, webRoot: WEB_DIST, ...(options.limits ? { limits: options.limits } : {}),
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: address, dir: opened.dir, seeds,
    async close() {
      await app.close();
      await opened.close();
    },
  };
}
