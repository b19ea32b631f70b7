/**
 * `tsx scripts/diff-api.ts <out-dir> [--compare <before-dir>]`: a snapshot of the API's answers
 * on the demo county, to show a refactor changed none of them.
 *
 * Seeds the fictional county (server/demo) into a fresh temporary SQLite file, calls every GET
 * endpoint through `app.inject()` (JSON and CSV, with representative county, year, organ, kind,
 * filter and sort parameters), then runs a fixed sequence of writes (a correction, a flag
 * decision, a carry-over preview, a delete and a restore) and calls the affected reads again.
 * Each answer goes to `<out-dir>/<nn>-<name>.txt` as status, content type and body.
 * Timestamps made by the writes themselves (now) are replaced by `<now>`, so two runs compare.
 *
 * `--save-db <file>` keeps a copy of the seeded database; `--db <file>` starts from such a copy
 * instead of seeding (so a change in the ingest, which seeds, does not show as a change here).
 *
 * With `--compare <before-dir>` it diffs the new snapshot with the old one file by file and exits
 * 1 on any difference. Run it once before a change (`before`), once after, and compare.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { openDb } from '../db/open.ts';
import { buildApp } from '../server/app.ts';
import { loadDemoIfEmpty } from '../server/demo/load.ts';
import { tempDir } from '../test/support/db.ts';
import { apiTour } from './lib/api-tour.ts';
import type { TourAnswer } from './lib/api-tour.ts';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const outDir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const compareWith = option('--compare');
const fromDb = option('--db');
const saveDb = option('--save-db');
if (!outDir) {
  console.error('usage: tsx scripts/diff-api.ts <out-dir> [--compare <before-dir>] [--save-db <file> | --db <file>]');
  process.exit(2);
}

const TOKEN = 'diff-api-admin-token-0123456789';

const files: TourAnswer[] = [];
const folder = tempDir('nianbao-diff-api-');
if (fromDb) copyFileSync(fromDb, join(folder.dir, 'api.sqlite'));
const t = { ...(await openDb(join(folder.dir, 'api.sqlite'))), dir: folder.dir };
try {
  if (!fromDb) {
    const demo = await loadDemoIfEmpty(t.db);
    if (!demo.loaded) throw new Error('the demo county did not load');
    if (saveDb) await sql`VACUUM INTO ${resolve(saveDb)}`.execute(t.db);
  }
  const app = await buildApp({ db: t.db, dbPath: t.path, adminToken: TOKEN, webRoot: join(t.dir, 'no-web') });
  try {
    files.push(...(await apiTour(app, TOKEN)));
  } finally {
    await app.close();
  }
} finally {
  await t.db.destroy();
  folder.remove();
}

const out = resolve(outDir);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const f of files) writeFileSync(join(out, f.name), f.text);
console.log(`${files.length} answers written to ${out}`);

if (compareWith) {
  const before = resolve(compareWith);
  const a = new Set(readdirSync(before));
  const b = new Set(readdirSync(out));
  const differ: string[] = [];
  for (const name of new Set([...a, ...b])) {
    if (!a.has(name) || !b.has(name)) differ.push(`${name} (only in ${a.has(name) ? 'before' : 'after'})`);
    else if (!readFileSync(join(before, name)).equals(readFileSync(join(out, name)))) differ.push(name);
  }
  if (differ.length) {
    console.error(`${differ.length} of ${b.size} answers differ:\n  ${differ.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`all ${b.size} answers byte-identical to ${before}`);
}
