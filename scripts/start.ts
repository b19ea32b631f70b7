/**
 * `npm start`: build the web app if it is not built, open the default database, load the demo
 * county when the database is empty, listen and print the URL.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, dbPathFrom, openDb } from '../db/open.ts';
import { closeOnSignals, startServer } from '../server/main.ts';

const web = join(PROJECT_ROOT, 'web');
if (!existsSync(web)) {
  console.log('未找到 web/ 目录，跳过网页构建（只提供数据接口）。');
} else if (!existsSync(join(web, 'dist', 'index.html'))) {
  console.log('网页尚未构建，正在运行 npm run build …');
  const r = spawnSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (r.status !== 0) console.error('网页构建失败，继续启动数据接口；请查看上面的错误。');
}

const dbPath = dbPathFrom();
const demoModule = [join(PROJECT_ROOT, 'server', 'demo', 'load.ts'), join(PROJECT_ROOT, 'server', 'demo', 'index.ts')].find((p) => existsSync(p));
if (demoModule) {
  const opened = await openDb(dbPath);
  try {
    const demo = (await import(demoModule)) as { loadDemoIfEmpty?: (db: typeof opened.db) => Promise<unknown> };
    if (demo.loadDemoIfEmpty) await demo.loadDemoIfEmpty(opened.db);
  } finally {
    await opened.db.destroy();
  }
} else {
  console.log('未找到示例数据模块 server/demo，数据库保持原样。');
}

const s = await startServer({ dbPath });
closeOnSignals(s.close);
console.log(`\n年报数据看板已启动：${s.url}\n数据接口说明：${s.url}api/openapi.json`);
