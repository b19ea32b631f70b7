/**
 * The server process: open the database, build the app, listen, log, shut down gracefully.
 * PORT (default 3000), HOST (default 127.0.0.1); the database from --database-url /
 * NIANBAO_DATABASE_URL (PostgreSQL), else --db / NIANBAO_DB / the default SQLite file.
 */
import { fileURLToPath } from 'node:url';
import { databaseFrom, openDatabase } from '../db/open.ts';
import type { DatabaseTarget } from '../db/open.ts';
import { buildApp } from './app.ts';
import type { App } from './app.ts';
import { adminTokenOf } from './auth.ts';
import { removeStaleTempDirs } from './ingest/tempfiles.ts';

export interface Started {
  app: App;
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: { dbPath?: string; database?: DatabaseTarget; port?: number; host?: string; quiet?: boolean } = {}): Promise<Started> {
  const target = options.database ?? (options.dbPath ? { kind: 'sqlite' as const, path: options.dbPath } : databaseFrom());
  // Upload and conversion folders a killed server left in the temp directory.
  const removed = await removeStaleTempDirs();
  if (removed.length && !options.quiet) console.log(`已清理上次异常退出留下的 ${removed.length} 个临时文件夹。`);
  const opened = await openDatabase(target);
  const admin = await adminTokenOf(opened);
  const app = await buildApp({
    db: opened.db, dbPath: opened.path, adminToken: admin.token ?? { sha256: admin.sha256 },
    logger: options.quiet ? false : { level: process.env.LOG_LEVEL ?? 'info' },
  });
  if (admin.source === 'generated') {
    // Printed once, at creation; later starts only say where it is kept.
    const kept = admin.file ? `已保存到 ${admin.file}` : '数据库中只保存其摘要';
    console.log(`\n管理员口令（${kept}，仅本次显示）：\n  ${admin.token}\n`);
  } else if (admin.source === 'file') {
    console.log(`管理员口令保存在 ${admin.file}`);
  } else if (admin.source === 'database') {
    console.log('管理员口令由首次启动时生成并显示，数据库中只保存其摘要；忘记时可设置 NIANBAO_ADMIN_TOKEN。');
  }
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}/`;
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= (async () => {
    await app.close();
    await opened.db.destroy();
  })());
  return { app, url, close };
}

/** Stop accepting, finish requests in flight, close the database, exit. */
export function closeOnSignals(close: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`收到 ${signal}，正在停止服务…`);
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      close().then(() => process.exit(0), (e: unknown) => {
        console.error(e);
        process.exit(1);
      });
    });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const s = await startServer();
  closeOnSignals(s.close);
  console.log(`年报数据看板已启动：${s.url}`);
}
