/**
 * Opening the database: better-sqlite3 under Kysely, WAL, foreign keys, migrated to latest.
 *
 * The file is `data/nianbao.sqlite` in the project unless NIANBAO_DB or a `--db PATH` flag
 * says otherwise; it is created and migrated on first use.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, Driver, SqliteDatabase, SqliteDialectConfig } from 'kysely';
import { fillSortKeys } from './sort-key.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DB_PATH = resolve(PROJECT_ROOT, 'data', 'nianbao.sqlite');

/** The database path: `--db PATH` (or `--db=PATH`) in argv, else NIANBAO_DB, else the default. */
export function dbPathFrom(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db' && argv[i + 1]) return resolve(argv[i + 1]!);
    if (a.startsWith('--db=')) return resolve(a.slice(5));
  }
  return env.NIANBAO_DB ? resolve(env.NIANBAO_DB) : DEFAULT_DB_PATH;
}

export interface OpenedDb {
  db: Kysely<Database>;
  /** The raw connection, for pragmas and bulk paths that Kysely would only slow down. */
  sqlite: SQLite.Database;
  path: string;
}

/** How long one statement waits for another process's write lock before SQLite says SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Every transaction here writes, so every one begins with `BEGIN IMMEDIATE`: it takes the write
 * lock first (waiting up to the busy timeout for another process, the CLI or the server, to
 * commit) instead of reading under a plain `BEGIN` and being refused at once (SQLITE_BUSY, no
 * waiting) when it tries to write after another process did. A `BEGIN IMMEDIATE` still refused
 * after the timeout is tried again a few times with a growing pause (`withBusyRetry`).
 */
export class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await withBusyRetry(() => connection.executeQuery(CompiledQuery.raw('begin immediate')));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** SQLite's "database is locked" (another connection holds the lock past the busy timeout). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

export interface BusyRetry {
  /** Tries in all (default 6). */
  attempts?: number;
  /** Pause before the first retry, doubled each time, with jitter (default 50 ms). */
  baseMs?: number;
}

/**
 * Run `work` again when SQLite says SQLITE_BUSY, after a pause that doubles each time (bounded:
 * `attempts` tries, then the error goes to the caller). `work` must be a whole transaction (or
 * its start), so that a retry begins from nothing.
 */
export async function withBusyRetry<T>(work: () => Promise<T>, options: BusyRetry = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  const base = options.baseMs ?? 50;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error) || attempt >= attempts) throw error;
      const pause = base * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, pause / 2 + Math.random() * pause));
    }
  }
}

/** Open (creating and migrating when needed) the SQLite database at `path`. */
export async function openDb(path: string = dbPathFrom()): Promise<OpenedDb> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrate(db);
  await fillSortKeys(db);
  return { db, sqlite, path };
}

/**
 * Kysely's SQLite driver prepares every query afresh; at ingest rates preparing costs more than
 * running. Keep the most recent statements by SQL text (a statement still being iterated is busy
 * and gets a fresh one).
 */
export function withStatementCache(sqlite: SQLite.Database, max = 256): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = sqlite.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return stmt;
    },
  };
}

/**
 * A query whose SQL text never changes, built and compiled once per dialect (adapter), then run
 * with fresh parameters. Kysely builds and compiles every query afresh, which for the few
 * queries the ingest runs per file costs more than the database running them. `build` gets
 * stand-ins for the arguments and must put each one where a bound value goes (never let an
 * argument change the SQL, e.g. `is null` for null: make a second query for that case).
 */
export function compiledOnce<A extends unknown[], R>(
  build: (db: Kysely<Database>, ...args: A) => { compile(): CompiledQuery<R> },
): (db: Kysely<Database>, ...args: A) => Promise<R[]> {
  const plans = new WeakMap<object, { sql: string; slots: ({ arg: number } | { value: unknown })[] }>();
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let plan = plans.get(adapter);
    if (!plan) {
      const standIns = args.map((_, i) => `\u0000arg${i}\u0000`);
      const compiled = build(db, ...(standIns as A)).compile();
      plan = {
        sql: compiled.sql,
        slots: compiled.parameters.map((p) => {
          const i = standIns.indexOf(p as string);
          return i >= 0 ? { arg: i } : { value: p };
        }),
      };
      plans.set(adapter, plan);
    }
    const params = plan.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    return (await db.executeQuery(CompiledQuery.raw(plan.sql, params))).rows as R[];
  };
}

export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
}
