/**
 * `upload_job`: an upload still being read when its request answered (202), so that any server
 * process behind the proxy can answer the poll (GET /api/uploads/jobs/:id). `progress` is JSON
 * `{file, page, pages}` (page and pages null when the file is not a scan) or null; `answer` is
 * JSON, the upload's 200 body once done, or `{error: {code, message}, results?}` once failed.
 * `updated_at` is written by the app (ISO 8601 text on both dialects) with every progress update
 * and a heartbeat: a running job not updated for long lost its server. Frozen once applied.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './columns.ts';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('upload_job')
    .addColumn('id', 'integer', t.id)
    .addColumn('created_at', t.createdAtType, t.createdAt)
    .addColumn('updated_at', t.text, (c) => c.notNull())
    .addColumn('state', t.text, (c) => c.notNull())
    .addColumn('progress', t.text)
    .addColumn('answer', t.text)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('upload_job').execute();
}
