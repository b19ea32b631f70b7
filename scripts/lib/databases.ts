/**
 * Small administrative work on a PostgreSQL server for the benches and the tests: one client for
 * one piece of work, the URL of another database on the same server, a database's size.
 */
import { existsSync, statSync } from 'node:fs';
import pg from 'pg';
import type { DatabaseTarget } from '../../db/open.ts';

/** Run `work` on a fresh client of `url`, closed after. */
export async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the server of `url` (same user, host and options). */
export function databaseUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Bytes on disk: a SQLite file and its WAL, or `pg_database_size` of a PostgreSQL database. */
export async function databaseSize(target: DatabaseTarget): Promise<number> {
  if (target.kind === 'sqlite') {
    return [target.path, `${target.path}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
  }
  return withPgClient(target.url, async (c) => Number((await c.query<{ n: string }>('select pg_database_size(current_database()) as n')).rows[0]!.n));
}
