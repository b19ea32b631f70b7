/**
 * An upload that is not read within `uploadWaitMs` answers 202 with a job at once and goes on in
 * the background; GET /api/uploads/jobs/:id follows it to the same answer the upload would have
 * given. Tests set the wait to 0, so even a text file is queued.
 */
import { describe, expect, it } from 'vitest';
import { renderText } from '../../server/report/render.ts';
import { record } from '../support/records.ts';
import { AUTH, build, multipart } from './helper.ts';
import type { Ctx } from './helper.ts';

interface Job {
  id: number;
  state: 'running' | 'done' | 'failed';
  progress: { file: string; page: number | null; pages: number | null } | null;
  answer: { results: { file: string; outcome: string; reportId: number | null }[]; tally: Record<string, number> } | null;
  error: { code: string; message: string } | null;
}

const good = (organ: string, year: number) => Buffer.from(renderText(record(organ, year, { 'requests.new.total': 0 }), 'rows-tab'));
const files = () => [
  { name: 'a.txt', data: good('金乡县羊山镇人民政府', 2024) },
  { name: 'b.txt', data: good('金乡县胡集镇人民政府', 2024) },
  { name: 'broken.pdf', data: Buffer.from('%PDF-1.4 not really') },
];

async function upload(ctx: Ctx) {
  const body = multipart(files(), { county: '金乡县', author: '张三' });
  return ctx.app.inject({ method: 'POST', url: '/api/uploads', ...body, headers: { ...body.headers, ...AUTH } });
}

async function pollJob(ctx: Ctx, id: number, seen: Job[] = [], timeoutMs = 30_000): Promise<Job> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await ctx.app.inject({ url: `/api/uploads/jobs/${id}`, headers: AUTH });
    expect(res.statusCode).toBe(200);
    const job = res.json() as Job;
    seen.push(job);
    if (job.state !== 'running' || Date.now() > until) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('upload jobs', () => {
  it('answers 202 with a job; the job ends done with the answer the same upload gives at once, and the log has every file', async () => {
    const queued = await build({ limits: { uploadWaitMs: 0 } });
    const res = await upload(queued);
    expect(res.statusCode).toBe(202);
    const { job, file } = res.json() as { job: number; file: string };
    expect(job).toBeGreaterThan(0);
    expect(['a.txt', 'b.txt', 'broken.pdf']).toContain(file);
    const done = await pollJob(queued, job);
    expect(done.state).toBe('done');
    expect(done.progress).toBeNull();
    expect(done.error).toBeNull();

    const direct = await build();
    const sync = await upload(direct);
    expect(sync.statusCode).toBe(200);
    const expected = sync.json() as NonNullable<Job['answer']>;
    expect(done.answer!.tally).toEqual(expected.tally);
    expect(done.answer!.results.map((r) => [r.file, r.outcome])).toEqual(expected.results.map((r) => [r.file, r.outcome]));
    expect(done.answer!.results.map((r) => [r.file, r.outcome])).toEqual([['a.txt', 'ingested'], ['b.txt', 'ingested'], ['broken.pdf', 'failed']]);

    const log = (await queued.app.inject({ url: '/api/uploads/log' })).json() as { rows: { file: string; outcome: string; author: string }[] };
    expect(log.rows.map((r) => [r.file, r.outcome, r.author])).toEqual([['broken.pdf', 'failed', '张三'], ['b.txt', 'ingested', '张三'], ['a.txt', 'ingested', '张三']]);
    const reports = await queued.db.selectFrom('report').select('id').execute();
    expect(reports.map((r) => r.id).sort()).toEqual(done.answer!.results.flatMap((r) => (r.reportId === null ? [] : [r.reportId])).sort());
  });

  it('needs the token, says 404 for an unknown job, and fails a running job its server stopped updating', async () => {
    const ctx = await build({ limits: { uploadWaitMs: 0 } });
    expect((await ctx.app.inject({ url: '/api/uploads/jobs/999' })).statusCode).toBe(401);
    const unknown = await ctx.app.inject({ url: '/api/uploads/jobs/999', headers: AUTH });
    expect(unknown.statusCode).toBe(404);
    expect((unknown.json() as { error: { code: string } }).error.code).toBe('not_found');

    const { id } = await ctx.db.insertInto('upload_job')
      .values({ updated_at: new Date().toISOString(), state: 'running', progress: JSON.stringify({ file: 'scan.pdf', page: 3, pages: 7 }), answer: null })
      .returning('id').executeTakeFirstOrThrow();
    const live = (await ctx.app.inject({ url: `/api/uploads/jobs/${id}`, headers: AUTH })).json() as Job;
    expect(live).toEqual({ id, state: 'running', progress: { file: 'scan.pdf', page: 3, pages: 7 }, answer: null, error: null });

    await ctx.db.updateTable('upload_job').set({ updated_at: new Date(Date.now() - 11 * 60_000).toISOString() }).where('id', '=', id).execute();
    const stale = (await ctx.app.inject({ url: `/api/uploads/jobs/${id}`, headers: AUTH })).json() as Job;
    expect(stale).toMatchObject({ id, state: 'failed', progress: null, answer: null });
    expect(stale.error).toEqual({ code: 'interrupted', message: '上传处理中断（服务器可能已重启），请重新上传这些文件。' });
  });

  it('answers 200 as before when the files are read within the default wait', async () => {
    const ctx = await build();
    expect(ctx.app.limits.uploadWaitMs).toBe(4000);
    const res = await upload(ctx);
    expect(res.statusCode).toBe(200);
    expect((res.json() as NonNullable<Job['answer']>).tally).toMatchObject({ total: 3, ingested: 2, failed: 1 });
    expect(await ctx.db.selectFrom('upload_job').selectAll().execute()).toEqual([]);
  });
});
