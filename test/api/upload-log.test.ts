/**
 * The upload log: every file a person sends — stored, unchanged or refused — is kept with who,
 * when and what became of it, so results do not vanish with the page; 手工录入 too.
 */
import { describe, expect, it } from 'vitest';
import { CELLS } from '../../shared/template.ts';
import { renderText } from '../../server/report/render.ts';
import { counts } from '../support/db.ts';
import { record } from '../support/records.ts';
import { AUTH, build, multipart, parseCsv } from './helper.ts';

interface Log {
  rows: { id: number; at: string; via: string; author: string; client: string | null; file: string; outcome: string; reason: string | null; reportId: number | null; organ: string | null; county: string | null; year: number | null }[];
  total: number;
}

const good = (organ: string, year: number) => Buffer.from(renderText(record(organ, year, { 'requests.new.total': 0 }), 'rows-tab'));

describe('GET /api/uploads/log', () => {
  it('keeps each uploaded file and what became of it, refused ones with their reason, newest first', async () => {
    const ctx = await build();
    const a = good('金乡县羊山镇人民政府', 2024);
    const body = multipart([
      { name: 'a.txt', data: a },
      { name: 'again.txt', data: a },
      { name: 'broken.pdf', data: Buffer.from('%PDF-1.4 not really') },
    ], { county: '金乡县', author: '张三' });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...body, headers: { ...body.headers, ...AUTH } });
    expect(res.statusCode).toBe(200);
    const before = await counts(ctx);

    const log = (await ctx.app.inject({ url: '/api/uploads/log' })).json() as Log;
    expect(log.total).toBe(3);
    expect(log.rows.map((r) => [r.file, r.outcome])).toEqual([['broken.pdf', 'failed'], ['again.txt', 'unchanged'], ['a.txt', 'ingested']]);
    expect(log.rows.every((r) => r.author === '张三' && r.via === 'upload' && r.client === '127.0.0.1')).toBe(true);
    expect(log.rows[0]!.reason).toMatch(/PDF/);
    expect(log.rows[2]).toMatchObject({ organ: '羊山镇', county: '金乡县', year: 2024, reason: null });
    expect(log.rows[2]!.reportId).toBe(log.rows[1]!.reportId);
    expect(log.rows[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    // Reading the log writes nothing; the refused file left nothing but its log row.
    expect(await counts(ctx)).toEqual(before);
    expect(before.document).toBe(1);

    const failed = (await ctx.app.inject({ url: '/api/uploads/log?outcome=failed' })).json() as Log;
    expect(failed.rows.map((r) => r.file)).toEqual(['broken.pdf']);
    const ok = (await ctx.app.inject({ url: '/api/uploads/log?outcome=ok&limit=1&offset=1' })).json() as Log;
    expect(ok).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(ok.rows.map((r) => r.file)).toEqual(['a.txt']);

    const csv = await ctx.app.inject({ url: '/api/uploads/log.csv' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = parseCsv(csv.body);
    expect(rows[0]).toEqual(['时间（UTC）', '方式', '经办人', '来源地址', '文件', '结果', '说明', '县区', '机关', '年度', '报告编号']);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[4], r[5]])).toEqual([
      ['上传', '张三', 'broken.pdf', '失败'], ['上传', '张三', 'again.txt', '未变化（已导入过）'], ['上传', '张三', 'a.txt', '已导入'],
    ]);
  });

  it('names 管理员 when the sender gave no name, and keeps 手工录入, refused or stored', async () => {
    const ctx = await build();
    const body = multipart([{ name: 'b.txt', data: good('金乡县胡集镇人民政府', 2024) }], { county: '金乡县' });
    await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...body, headers: { ...body.headers, ...AUTH } });
    const cells = Object.fromEntries(CELLS.map((c) => [c.key, 0]));
    const manual = { organ: '金乡县鸡黍镇人民政府', county: '金乡县', year: 2025, cells, author: '李四' };
    expect((await ctx.app.inject({ method: 'POST', url: '/api/reports/manual', headers: AUTH, payload: manual })).statusCode).toBe(200);
    const refused = await ctx.app.inject({ method: 'POST', url: '/api/reports/manual', headers: AUTH, payload: { ...manual, organ: '羊山镇<b>' } });
    expect(refused.statusCode).toBe(400);

    const log = (await ctx.app.inject({ url: '/api/uploads/log' })).json() as Log;
    expect(log.rows.map((r) => [r.via, r.author, r.outcome])).toEqual([['manual', '李四', 'failed'], ['manual', '李四', 'ingested'], ['upload', '管理员', 'ingested']]);
    expect(log.rows[0]!.reason).toBe((refused.json() as { error: { message: string } }).error.message);
    expect(log.rows[1]).toMatchObject({ file: '手工录入：金乡县鸡黍镇人民政府 2025年', organ: '鸡黍镇', year: 2025 });
  });
});
