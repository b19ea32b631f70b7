/**
 * `npm run test:pg`: the database, ingest and API suites again, on PostgreSQL.
 *
 * The server is NIANBAO_TEST_PG_SERVER (an admin URL) when set: CI starts a private cluster and
 * sets it. It is handed to these suites alone, as NIANBAO_TEST_DATABASE_URL (test/support/db.ts);
 * otherwise a private cluster is started here for the run (scripts/pg-cluster.sh: initdb and
 * pg_ctl on loopback, in a temporary folder) and stopped after. Without PostgreSQL's programs the
 * run is skipped with a line saying so, except under CI=true, where that fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../db/open.ts';

/** The suites that touch the database; each `tempDb()` in them becomes a PostgreSQL database. */
export const PG_SUITES = ['test/db', 'test/api', 'test/ingest', 'test/organs', 'test/checks', 'test/web/client.node.test.ts', 'test/web/rate-limit-client.node.test.ts'];

const CLUSTER = join(PROJECT_ROOT, 'scripts', 'pg-cluster.sh');

function havePostgres(): boolean {
  const debian = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`));
  return debian || spawnSync('sh', ['-c', 'command -v pg_ctl && command -v initdb'], { stdio: 'ignore' }).status === 0;
}

let url = process.env.NIANBAO_TEST_PG_SERVER?.trim();
let stop: (() => void) | null = null;
if (!url) {
  if (!havePostgres()) {
    const message = '没有找到 PostgreSQL（Debian 软件包 postgresql），跳过 PostgreSQL 上的测试。';
    if (process.env.CI === 'true' || process.env.CI === '1') {
      console.error(`${message} CI=true 时这是错误。`);
      process.exit(1);
    }
    console.log(message);
    process.exit(0);
  }
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-pg-'));
  const port = String(56000 + Math.floor(Math.random() * 4000));
  url = execFileSync('bash', [CLUSTER, 'start', dir, port], { encoding: 'utf8' }).trim();
  stop = () => {
    spawnSync('bash', [CLUSTER, 'stop', dir], { stdio: 'inherit' });
    rmSync(dir, { recursive: true, force: true });
  };
}

console.log(`PostgreSQL 上的测试：${PG_SUITES.join(' ')}`);
const run = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...PG_SUITES], {
  cwd: PROJECT_ROOT, stdio: 'inherit', env: { ...process.env, NIANBAO_TEST_DATABASE_URL: url },
});
stop?.();
process.exit(run.status ?? 1);
