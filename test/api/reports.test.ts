import { describe, expect, it } from 'vitest';
import { AUTH, build, parseCsv, requests, seed, seedCounty } from './helper.ts';
import { record } from '../support/records.ts';

type ListBody = { rows: { id: number; organ: string; year: number; status: string; flags: { total: number }; reviews: number; corrections: number }[]; total: number };

describe('GET /api/reports', () => {
  it('filters by county, organ, year, status, flagged, value; sorts; pages', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    const review = [{ section: 'requests' as const, row: 'new', column: 'total', reason: '数字看不清', line: 3 }];
    const flaggedId = await seed(ctx, record('金乡县鸡黍镇人民政府', 2023, { ...requests(3, 0, 0), 'requests.new.total': null }), { review });
    const list = async (q: string) => (await ctx.app.inject({ url: `/api/reports?${q}` })).json() as ListBody;
    expect((await list('')).total).toBe(6);
    expect((await list(`county=${s.yutai}`)).rows.map((r) => r.organ)).toEqual(['王鲁镇']);
    expect((await list(`county=${s.jinxiang}&year=2022`)).rows.map((r) => r.id)).toEqual([s.ids.yangshan22]);
    const needs = await list('status=needs_review');
    expect(needs.rows.map((r) => r.id)).toEqual([flaggedId]);
    expect(needs.rows[0]!.reviews).toBe(1);
    expect((await list('flagged=true')).rows.map((r) => r.id)).toContain(flaggedId);
    expect((await list('flagged=false')).rows.map((r) => r.id)).not.toContain(flaggedId);
    expect((await list('year=2023&filter=requests.new.total>4')).rows.map((r) => r.organ).sort()).toEqual(['王鲁镇', '羊山镇']);
    expect((await list('filter=requests.new.total=blank')).rows.map((r) => r.id)).toEqual([flaggedId]);
    expect((await list('year=2023&sort=disclosure_rate&order=desc&limit=2')).rows.map((r) => r.organ)).toEqual(['鸡黍镇', '王鲁镇']);
    const paged = await list('sort=id&limit=2&offset=2');
    expect(paged.total).toBe(6);
    expect(paged.rows).toHaveLength(2);
    expect((await list('q=羊山')).rows.map((r) => r.year)).toEqual([2022, 2023]);
    const organId = (await ctx.db.selectFrom('report').select('organ_id').where('id', '=', s.ids.huji23).executeTakeFirstOrThrow()).organ_id;
    expect((await list(`organ=${organId}`)).rows.map((r) => r.id)).toEqual([s.ids.huji23]);
  });

  it('CSV of the list', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    const rows = parseCsv((await ctx.app.inject({ url: `/api/reports.csv?county=${s.jinxiang}&year=2023&sort=organ` })).body);
    expect(rows[0]!.slice(0, 6)).toEqual(['报告编号', '县区', '单位', '报告标题中的单位', '年度', '状态']);
    expect(rows).toHaveLength(4);
    // By pinyin (hú, xiàn, yáng), as Excel and WPS sort Chinese; code points would put 县 (U+53BF) first.
    expect(rows.slice(1).map((r) => r[2])).toEqual(['胡集镇', '县教育局', '羊山镇']);
  });
});

describe('GET /api/reports/:id', () => {
  it('gives record, values in force, review entries, flags, text and the original', async () => {
    const ctx = await build();
    const review = [{ section: 'requests' as const, row: 'new', column: 'total', reason: '数字看不清', line: 2 }];
    const id = await seed(ctx, record('金乡县羊山镇人民政府', 2023, { ...requests(6, 2, 2), 'requests.new.total': null }), {
      review, text: '金乡县羊山镇人民政府2023年政府信息公开工作年度报告\n本年新收 1O 件', fileName: '羊山镇 2023.txt',
    });
    const res = await ctx.app.inject({ url: `/api/reports/${id}` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      report: { organ: string; county: string; year: number; status: string; narrative: { problems: string } };
      document: { fileName: string; url: string }; tables: { requests: Record<string, Record<string, number | null>> };
      cells: { key: string }[]; review: { key: string; line: number; reason: string }[]; flags: { rule: string }[]; text: string;
    };
    expect(body.report).toMatchObject({ organ: '羊山镇', county: '金乡县', year: 2023, status: 'needs_review' });
    expect(body.tables.requests.granted!.total).toBe(6);
    expect(body.tables.requests.new!.total).toBeNull();
    expect(body.cells).toHaveLength(200);
    expect(body.review).toEqual([{ key: 'requests.new.total', section: 'requests', row: 'new', column: 'total', reason: '数字看不清', line: 2 }]);
    expect(body.flags.map((f) => f.rule)).toContain('cells.review');
    expect(body.text).toContain('本年新收');
    expect(body.document.url).toBe(`/api/reports/${id}/original`);

    const original = await ctx.app.inject({ url: body.document.url });
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(String(original.headers['content-disposition'])).toBe(`attachment; filename="___ 2023.txt"; filename*=UTF-8''${encodeURIComponent('羊山镇 2023.txt')}`);
    expect(original.body).toContain('本年新收 1O 件');

    const cells = parseCsv((await ctx.app.inject({ url: `/api/reports/${id}/cells.csv` })).body);
    expect(cells[0]).toEqual(['表', '行', '列', '键', '原值', '现行值', '已更正', '待核对原因', '原文行号']);
    expect(cells).toContainEqual(['依申请公开', '一、本年新收政府信息公开申请数量', '总计', 'requests.new.total', '', '', '否', '数字看不清', '2']);
    expect((await ctx.app.inject({ url: `/api/reports/${id}/cells` })).json()).toMatchObject({ total: 200 });
    expect((await ctx.app.inject({ url: '/api/reports/9999/original' })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/api/reports/9999/cells' })).statusCode).toBe(404);
  });
  it('carries every field of its list row (file, format, flag counts, reviews, corrections), as docs/api.md promises', async () => {
    const ctx = await build();
    const review = [{ section: 'requests' as const, row: 'new', column: 'total', reason: '数字看不清', line: 2 }];
    const id = await seed(ctx, record('金乡县羊山镇人民政府', 2023, { ...requests(6, 2, 2), 'requests.new.total': null }), { review, fileName: '羊山镇.txt' });
    await ctx.app.inject({ method: 'POST', url: `/api/reports/${id}/corrections`, payload: { key: 'requests.granted.total', value: 6, reason: '核对原件' }, headers: AUTH });
    const listed = ((await ctx.app.inject({ url: `/api/reports?q=羊山` })).json() as { rows: Record<string, unknown>[] }).rows[0]!;
    const detail = ((await ctx.app.inject({ url: `/api/reports/${id}` })).json() as { report: Record<string, unknown>; flags: { severity: string; state: string }[] }).report;
    expect(Object.keys(listed).length).toBeGreaterThan(15);
    expect(detail).toMatchObject(listed);
    expect(detail).toMatchObject({ fileName: '羊山镇.txt', format: 'txt', reviews: 1, corrections: 1 });
    expect((detail.flags as { total: number }).total).toBeGreaterThan(0);
  });
});

describe('corrections', () => {
  it('set a cell with a reason: parsed kept, history kept, value in force and aggregates updated, flags recomputed', async () => {
    const ctx = await build();
    const review = [{ section: 'requests' as const, row: 'new', column: 'total', reason: '数字看不清', line: 2 }];
    const id = await seed(ctx, record('金乡县羊山镇人民政府', 2023, { ...requests(6, 2, 2), 'requests.new.total': null }), { review });
    const url = `/api/reports/${id}/corrections`;
    const body = { key: 'requests.new.total', value: 9, reason: '按原件核对', author: '张三' };

    expect((await ctx.app.inject({ method: 'POST', url, payload: body })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'POST', url, payload: body, headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);

    const first = await ctx.app.inject({ method: 'POST', url, payload: body, headers: AUTH });
    expect(first.statusCode).toBe(200);
    const r1 = first.json() as { cell: { parsed: number | null; value: number; corrected: boolean }; status: string; flags: { rule: string }[] };
    expect(r1.cell).toMatchObject({ parsed: null, value: 9, corrected: true });
    expect(r1.status).toBe('ok');
    expect(r1.flags.map((f) => f.rule)).not.toContain('cells.review');
    // 9 new but 10 processed: the balance rule now fires.
    expect(r1.flags.map((f) => f.rule)).toContain('arith.balance');

    const second = await ctx.app.inject({ method: 'POST', url, payload: { ...body, value: 10, author: '李四' }, headers: AUTH });
    expect((second.json() as { flags: { rule: string }[] }).flags.map((f) => f.rule)).not.toContain('arith.balance');

    const history = (await ctx.app.inject({ url: `${url}?key=requests.new.total` })).json() as { rows: { value: number; author: string; reason: string }[] };
    expect(history.rows.map((h) => [h.value, h.author])).toEqual([[10, '李四'], [9, '张三']]);
    const wide = await ctx.db.selectFrom('report_value').select('requests__new__total' as never).where('report_id', '=', id).executeTakeFirstOrThrow();
    expect(wide).toEqual({ requests__new__total: 10 });
    const agg = (await ctx.app.inject({ url: '/api/aggregates/total?year=2023' })).json() as { tables: { requests: Record<string, Record<string, number>> } };
    expect(agg.tables.requests.new!.total).toBe(10);
    const detail = (await ctx.app.inject({ url: `/api/reports/${id}` })).json() as { parsedTables: { requests: Record<string, Record<string, number | null>> }; corrections: unknown[] };
    expect(detail.parsedTables.requests.new!.total).toBeNull();
    expect(detail.corrections).toHaveLength(2);
    expect(parseCsv((await ctx.app.inject({ url: `${url}.csv` })).body)[1]!.slice(0, 5)).toEqual(['申请·一、本年新收政府信息公开申请数量·总计', 'requests.new.total', '10', '按原件核对', '李四']);
  });

  it('refuses unknown cells, empty reasons, unknown reports', async () => {
    const ctx = await build();
    const id = await seed(ctx, record('金乡县羊山镇人民政府', 2023));
    const post = (payload: object, rid = id) => ctx.app.inject({ method: 'POST', url: `/api/reports/${rid}/corrections`, payload, headers: AUTH });
    const bad = await post({ key: 'requests.nope.total', value: 1, reason: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect((bad.json() as { error: { message: string } }).error.message).toContain('key');
    expect((await post({ key: 'requests.new.total', value: 1, reason: '' })).statusCode).toBe(400);
    expect((await post({ key: 'requests.new.total', value: 'x', reason: 'r' })).statusCode).toBe(400);
    expect((await post({ key: 'requests.new.total', value: 1, reason: 'r' }, 999)).statusCode).toBe(404);
  });
});

describe('DELETE /api/reports/:id', () => {
  it('hides a report from lists and aggregates, keeps it, and can restore it (admin only)', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    const url = `/api/reports/${s.ids.huji23}`;
    expect((await ctx.app.inject({ method: 'DELETE', url })).statusCode).toBe(401);
    const del = await ctx.app.inject({ method: 'DELETE', url: `${url}?reason=${encodeURIComponent('重复上传')}`, headers: AUTH });
    expect(del.statusCode).toBe(200);
    expect((del.json() as { deletedAt: string }).deletedAt).toBeTruthy();
    const list = (await ctx.app.inject({ url: '/api/reports?year=2023' })).json() as ListBody;
    expect(list.rows.map((r) => r.id)).not.toContain(s.ids.huji23);
    const hidden = (await ctx.app.inject({ url: '/api/reports?deleted=true' })).json() as ListBody;
    expect(hidden.rows.map((r) => r.id)).toEqual([s.ids.huji23]);
    const total = (await ctx.app.inject({ url: `/api/aggregates/total?year=2023&county=${s.jinxiang}` })).json() as { reports: number };
    expect(total.reports).toBe(2);
    expect((await ctx.app.inject({ url })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'POST', url: `${url}/restore` })).statusCode).toBe(401);
    // The only version, deleted in force: back in force, and the answer says so.
    expect((await ctx.app.inject({ method: 'POST', url: `${url}/restore`, headers: AUTH })).json()).toMatchObject({
      id: s.ids.huji23, deletedAt: null, reinstated: s.ids.huji23, inForce: { id: s.ids.huji23, no: 1 },
    });
    expect(((await ctx.app.inject({ url: `/api/aggregates/total?year=2023&county=${s.jinxiang}` })).json() as { reports: number }).reports).toBe(3);
    expect((await ctx.app.inject({ method: 'DELETE', url: '/api/reports/9999', headers: AUTH })).statusCode).toBe(404);
  });
});
