/**
 * `npm start`: build the web app if it is not built, open the database (the default SQLite file,
 * or NIANBAO_DATABASE_URL), load the demo county when the database is empty, listen and print the URL.
 */
import { databaseFrom, openDatabase } from '../db/open.ts';
import { loadDemoIfEmpty } from '../server/demo/load.ts';
import { closeOnSignals, startServer } from '../server/main.ts';
import { ensureWebBuilt, webBuildStale } from './lib/web-build.ts';

if (webBuildStale()) {
  console.log('正在构建网页（npm run build）…');
  try {
    ensureWebBuilt('inherit');
  } catch {
    console.error('网页构建失败，继续启动数据接口；请查看上面的错误。');
  }
}

const database = databaseFrom();
const opened = await openDatabase(database);
try {
  const demo = await loadDemoIfEmpty(opened.db);
  if (demo.loaded) {
    console.log(`数据库 ${opened.path} 为空，已载入虚构的示例县（${demo.results.length} 份报告），供浏览试用；换成真实数据的方法见 README。`);
  }
} finally {
  await opened.db.destroy();
}

const s = await startServer({ database });
closeOnSignals(s.close);
console.log(`\n年报数据看板已启动：${s.url}\n数据接口说明：${s.url}api/openapi.json`);
