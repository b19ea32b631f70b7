/**
 * Upload jobs (db/schema.ts UploadJobTable): an upload answered 202 while its files are still
 * being read. Every write is a small autocommit statement, never inside an ingest transaction.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, UploadJobTable } from '../../db/schema.ts';

type Db = Kysely<Database>;
export type UploadJobRow = Selectable<UploadJobTable>;

export interface JobProgress {
  file: string;
  page: number | null;
  pages: number | null;
}

const now = () => new Date().toISOString();

export async function insertUploadJob(db: Db, progress: JobProgress | null): Promise<number> {
  const row = await db.insertInto('upload_job')
    .values({ updated_at: now(), state: 'running', progress: progress ? JSON.stringify(progress) : null, answer: null })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A running job's progress (and its heartbeat: updated_at). A finished job is left as it is. */
export async function updateUploadJobProgress(db: Db, id: number, progress: JobProgress | null): Promise<void> {
  await db.updateTable('upload_job').set({ updated_at: now(), progress: progress ? JSON.stringify(progress) : null })
    .where('id', '=', id).where('state', '=', 'running').execute();
}

export async function finishUploadJob(db: Db, id: number, state: 'done' | 'failed', answer: unknown): Promise<void> {
  await db.updateTable('upload_job').set({ updated_at: now(), state, progress: null, answer: JSON.stringify(answer) })
    .where('id', '=', id).execute();
}

export async function getUploadJob(db: Db, id: number): Promise<UploadJobRow | undefined> {
  return db.selectFrom('upload_job').selectAll().where('id', '=', id).executeTakeFirst();
}
