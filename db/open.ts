/**
 * Opening the database: SQLite (better-sqlite3, the embedded default) or PostgreSQL (`pg`, for a
 * province), both under Kysely, migrated to latest.
 *
 * The SQLite file is `data/nianbao.sqlite` in the project unless NIANBAO_DB or a `--db PATH` flag
 * says otherwise; it is created and migrated on first use. NIANBAO_DATABASE_URL or
 * `--database-url postgres://…` selects PostgreSQL instead.
 *
 * Every write, on either backend, is serialised and counted the same way (`SharedWriteDriver`):
 * a write transaction first takes the database's one write lock (SQLite: `BEGIN IMMEDIATE`;
 * PostgreSQL: a transaction-scoped advisory lock), then raises `data_version`, which the caches
 * of every process compare. A write statement run outside a transaction is wrapped in one.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, SqliteDriver } from 'kysely';
import type {
  DatabaseConnection, Dialect, DialectAdapter, Driver, QueryCompiler, QueryResult, SqliteDatabase, SqliteDialectConfig, TransactionSettings,
  DatabaseIntrospector,
} from 'kysely';
import { fillSortKeys } from './sort-key.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DB_PATH = resolve(PROJECT_ROOT, 'data', 'nianbao.sqlite');

/** The value of `--name VALUE` or `--name=VALUE` in argv, or undefined. */
function flag(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}` && argv[i + 1]) return argv[i + 1]!;
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

/** The database path: `--db PATH` (or `--db=PATH`) in argv, else NIANBAO_DB, else the default. */
export function dbPathFrom(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string {
  const given = flag(argv, 'db');
  if (given) return resolve(given);
  return env.NIANBAO_DB ? resolve(env.NIANBAO_DB) : DEFAULT_DB_PATH;
}

/** Which database a command works on. */
export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/**
 * `--database-url URL` or NIANBAO_DATABASE_URL (postgres:// or postgresql://) selects PostgreSQL;
 * otherwise the SQLite file of `dbPathFrom`.
 */
export function databaseFrom(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = flag(argv, 'database-url') ?? env.NIANBAO_DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`数据库地址应以 postgres:// 开头：${redactUrl(url)}`);
    return { kind: 'postgres', url };
  }
  return { kind: 'sqlite', path: dbPathFrom(argv, env) };
}

/** A database URL fit for a log line: the password replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

export interface OpenedDb {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** SQLite only: the raw connection, for pragmas and bulk paths that Kysely would only slow down. */
  sqlite: SQLite.Database | null;
  /** The SQLite file, or the PostgreSQL URL without its password: where the data is, for messages. */
  path: string;
  /** What was opened: another process (or connection) opens the same database with it. */
  target: DatabaseTarget;
}

export interface OpenedSqlite extends OpenedDb {
  dialect: 'sqlite';
  sqlite: SQLite.Database;
}

/** SQLite page size of a new database file (see openDb). */
export const PAGE_SIZE = 16384;

/** How long one statement waits for another process's write lock before SQLite says SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * SQLite: every transaction here writes, so every one begins with `BEGIN IMMEDIATE`: it takes the
 * write lock first (waiting up to the busy timeout for another process, the CLI or the server, to
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

/** The PostgreSQL advisory lock every write transaction takes ('nian' in ASCII). */
export const WRITE_LOCK_KEY = 0x6e69616e;

type SavepointCompiler = Parameters<NonNullable<Driver['savepoint']>>[2];

const WRITE_STATEMENT = /^\s*(insert|update|delete|replace)\b/i;
/**
 * Bookkeeping no cache reads (the upload log, upload jobs' progress): a lone write to them takes
 * neither the write lock nor a new data_version, so a scan's page-by-page progress does not
 * throw away every process's cached aggregates once a second.
 */
const BOOKKEEPING_WRITE = /^\s*(insert\s+into|update)\s+"?(upload_log|upload_job)"?[\s(]/i;

/** A connection that knows whether it is inside a transaction, to wrap a lone write in one. */
class SharedWriteConnection implements DatabaseConnection {
  inTransaction = false;
  constructor(readonly inner: DatabaseConnection, readonly driver: SharedWriteDriver) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction || !WRITE_STATEMENT.test(query.sql) || BOOKKEEPING_WRITE.test(query.sql)) return this.inner.executeQuery<R>(query);
    await this.driver.beginTransaction(this, {});
    try {
      const result = await this.inner.executeQuery<R>(query);
      await this.driver.commitTransaction(this);
      return result;
    } catch (error) {
      await this.driver.rollbackTransaction(this).catch(() => undefined);
      throw error;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/**
 * Wraps a dialect's driver so that every write transaction, on either backend, takes the one
 * write lock and raises the shared `data_version` before anything else: writers from any number
 * of processes then run one after another (as SQLite always made them), so an insert-if-missing
 * never races, and every process's caches see every commit.
 */
class SharedWriteDriver implements Driver {
  readonly #wrappers = new WeakMap<DatabaseConnection, SharedWriteConnection>();
  constructor(readonly inner: Driver, readonly takeLock: ((c: DatabaseConnection) => Promise<void>) | null) {}

  init(): Promise<void> {
    return this.inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.inner.acquireConnection();
    let wrapper = this.#wrappers.get(inner);
    if (!wrapper) this.#wrappers.set(inner, (wrapper = new SharedWriteConnection(inner, this)));
    return wrapper;
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as SharedWriteConnection;
    await this.inner.beginTransaction(c.inner, settings);
    c.inTransaction = true;
    try {
      if (this.takeLock) await this.takeLock(c.inner);
      await c.inner.executeQuery(CompiledQuery.raw('update data_version set n = n + 1 where id = 1'));
    } catch (error) {
      await this.rollbackTransaction(c).catch(() => undefined);
      throw error;
    }
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as SharedWriteConnection;
    try {
      await this.inner.commitTransaction(c.inner);
    } finally {
      c.inTransaction = false;
    }
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as SharedWriteConnection;
    try {
      await this.inner.rollbackTransaction(c.inner);
    } finally {
      c.inTransaction = false;
    }
  }
  async savepoint(connection: DatabaseConnection, name: string, compile: SavepointCompiler) {
    await this.inner.savepoint!((connection as SharedWriteConnection).inner, name, compile);
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: SavepointCompiler) {
    await this.inner.rollbackToSavepoint!((connection as SharedWriteConnection).inner, name, compile);
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: SavepointCompiler) {
    await this.inner.releaseSavepoint!((connection as SharedWriteConnection).inner, name, compile);
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as SharedWriteConnection).inner);
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

class SharedWriteDialect implements Dialect {
  constructor(readonly inner: Dialect, readonly takeLock: ((c: DatabaseConnection) => Promise<void>) | null) {}
  createDriver(): Driver {
    return new SharedWriteDriver(this.inner.createDriver(), this.takeLock);
  }
  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return this.inner.createAdapter();
  }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return this.inner.createIntrospector(db);
  }
}

const PG_RETRY_CODES = new Set([
  '40P01', // deadlock detected
  '40001', // serialization failure
  '55P03', // lock not available
  '57P01', // admin shutdown (a restarted server: try on a fresh connection)
]);

/**
 * A failure that trying the same transaction again may cure: SQLite's "database is locked"
 * (another connection held the lock past the busy timeout), or PostgreSQL's deadlock and
 * serialization failures.
 */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || PG_RETRY_CODES.has(code);
}

export interface BusyRetry {
  /** Tries in all (default 6). */
  attempts?: number;
  /** Pause before the first retry, doubled each time, with jitter (default 50 ms). */
  baseMs?: number;
}

/**
 * Run `work` again when the database says it is busy (`isBusy`), after a pause that doubles each
 * time (bounded: `attempts` tries, then the error goes to the caller). `work` must be a whole
 * transaction (or its start), so that a retry begins from nothing.
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

/** Open (creating and migrating when needed) the database a command was pointed at. */
export async function openDatabase(target: DatabaseTarget = databaseFrom()): Promise<OpenedDb> {
  return target.kind === 'postgres' ? openPostgres(target.url) : openDb(target.path);
}

/** Open (creating and migrating when needed) the SQLite database at `path`. */
export async function openDb(path: string = dbPathFrom()): Promise<OpenedSqlite> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // A new file only (SQLite keeps an existing file's page size): 16 KB pages, since most of the
  // bytes are originals (PDFs, Word files) and their text, and a 4 KB page splits each into a
  // chain of overflow pages: storing a 37 KB document took 120 µs of CPU against 176–190 µs.
  sqlite.pragma(`page_size = ${PAGE_SIZE}`);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const database = withStatementCache(sqlite);
  // Migrations run on a plain connection: the write counter they create is not there before them.
  await migrate(new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) }));
  const db = new Kysely<Database>({ dialect: new SharedWriteDialect(new ImmediateSqliteDialect({ database }), null) });
  await fillSortKeys(db);
  return { db, dialect: 'sqlite', sqlite, path, target: { kind: 'sqlite', path } };
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const PG_TIMESTAMPTZ = 1184;

/**
 * Values read from PostgreSQL as SQLite gives them: counts (int8) and sums of integers (numeric)
 * as numbers, times as `YYYY-MM-DD HH:MM:SS` text (the session runs in UTC). Counts here stay
 * far below 2^53.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === PG_INT8 || oid === PG_NUMERIC) return (v: string) => Number(v);
    if (oid === PG_TIMESTAMPTZ) return (v: string) => v.slice(0, 19);
    return pg.types.getTypeParser(oid, format as never);
  },
};

/** Connections per process: the server's reads run side by side on them; writes take turns anyway. */
const PG_POOL_SIZE = Number(process.env.NIANBAO_PG_POOL ?? 8);

function postgresDialect(url: string): PostgresDialect {
  const pool = new pg.Pool({ connectionString: url, max: PG_POOL_SIZE, types: pgTypes as never, options: '-c TimeZone=UTC' });
  // An idle connection the server closed (a restart, an administrator): the pool drops it and
  // opens another when next needed; without a listener the event would end the process.
  pool.on('error', () => undefined);
  return new PostgresDialect({ pool });
}

/** Why a PostgreSQL database could not be opened, in words an administrator acts on. */
function postgresOpenFailure(url: string, error: unknown): string {
  const where = redactUrl(url);
  const e = (error as { cause?: unknown } | null)?.cause ?? error;
  const code = (e as { code?: unknown } | null)?.code;
  const name = new URL(url).pathname.slice(1) || '(默认)';
  if (code === '3D000') return `PostgreSQL 数据库“${name}”不存在：请先建库（createdb ${name}），再启动。（${where}）`;
  if (code === '28P01' || code === '28000') return `PostgreSQL 拒绝了登录：请检查数据库地址中的用户名和密码。（${where}）`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') return `连接不上 PostgreSQL 服务器：请检查地址、端口和服务是否已启动。（${where}）`;
  return `打开 PostgreSQL 数据库失败（${where}）：${String((e as Error)?.message ?? e)}`;
}

/** Open (migrating when needed) the PostgreSQL database at `url`. */
export async function openPostgres(url: string): Promise<OpenedDb> {
  const plain = new Kysely<Database>({ dialect: postgresDialect(url) });
  try {
    await migrate(plain);
  } catch (error) {
    throw new Error(postgresOpenFailure(url, error), { cause: error });
  } finally {
    await plain.destroy();
  }
  const takeLock = async (c: DatabaseConnection) => {
    await c.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`));
  };
  const db = new Kysely<Database>({ dialect: new SharedWriteDialect(postgresDialect(url), takeLock) });
  await fillSortKeys(db);
  return { db, dialect: 'postgres', sqlite: null, path: redactUrl(url), target: { kind: 'postgres', url } };
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
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`, { cause: error });
  }
}
