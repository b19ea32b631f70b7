/** The upload log: one row per file a person sent, and what became of it (db/schema.ts UploadLogTable). */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, UploadLogTable } from '../../db/schema.ts';

type Db = Kysely<Database>;
export type UploadLogRow = Selectable<UploadLogTable>;
export type NewUploadLogRow = Insertable<UploadLogTable>;

/** Rows per insert: well under SQLite's and PostgreSQL's parameter limits (11 columns). */
const CHUNK = 500;

export async function insertUploadLog(db: Db, rows: readonly NewUploadLogRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto('upload_log').values(rows.slice(i, i + CHUNK)).execute();
}

export interface UploadLogFilter {
  /** Only refused files (`failed`), or only those stored in some way (`ok`). */
  outcome?: 'failed' | 'ok' | undefined;
  limit: number;
  offset: number;
}

/** Newest first, a page of them, and how many there are in all. */
export async function listUploadLog(db: Db, f: UploadLogFilter): Promise<{ rows: UploadLogRow[]; total: number }> {
  let q = db.selectFrom('upload_log');
  if (f.outcome === 'failed') q = q.where('outcome', '=', 'failed');
  if (f.outcome === 'ok') q = q.where('outcome', '!=', 'failed');
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}
