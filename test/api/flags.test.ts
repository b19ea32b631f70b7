import { describe, expect, it } from 'vitest';
import { AUTH, build, multipart, parseCsv, requests, seed, seedCounty } from './helper.ts';
import { record } from '../support/records.ts';

describe('flags', () => {
  it('lists with filters, summarises, and takes decisions (admin only)', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    await seed(ctx, record('金乡县鸡黍镇人民政府', 2023, { ...requests(3, 0, 0), 'requests.processed_total.total': 7 }));
    const list = (await ctx.app.inject({ url: `/api/flags?county=${s.jinxiang}&year=2023&rule=arith.processed` })).json() as { rows: { id: number; organ: string; title: string; severity: string; state: string }[]; total: number };
    expect(list.total).toBe(1);
    expect(list.rows[0]).toMatchObject({ organ: '鸡黍镇', severity: 'error', state: 'open' });
    expect(list.rows[0]!.title).toBe('办理结果总计不等于各项办理结果之和');
    const flagId = list.rows[0]!.id;
    expect((await ctx.app.inject({ url: '/api/flags?severity=error' })).json()).toMatchObject({ total: expect.any(Number) });
    expect((await ctx.app.inject({ url: '/api/flags?rule=no.rule' })).statusCode).toBe(400);
    expect((await ctx.app.inject({ url: '/api/flags?severity=bad' })).statusCode).toBe(400);

    const summary = (await ctx.app.inject({ url: `/api/flags/summary?county=${s.jinxiang}&year=2023` })).json() as { byRule: { rule: string; count: number }[]; byOrgan: { organ: string; error: number }[]; matrix: { organ: string; rule: string; count: number }[] };
    expect(summary.byRule.find((r) => r.rule === 'arith.processed')!.count).toBe(1);
    expect(summary.byOrgan.find((o) => o.organ === '鸡黍镇')!.error).toBeGreaterThan(0);
    expect(summary.matrix).toContainEqual(expect.objectContaining({ organ: '鸡黍镇', rule: 'arith.processed', count: 1 }));
    expect(parseCsv((await ctx.app.inject({ url: `/api/flags/summary.csv?county=${s.jinxiang}` })).body)[0]).toEqual(['单位', '规则', '规则编号', '提示数']);

    const errorsOf = async () => ((await ctx.app.inject({ url: `/api/aggregates?year=2023&county=${s.jinxiang}&metrics=flags_error` })).json() as { rows: { organ: string; values: { flags_error: number } }[] })
      .rows.find((r) => r.organ === '鸡黍镇')!.values.flags_error;
    const errorsBefore = await errorsOf();
    const url = `/api/flags/${flagId}/decision`;
    const payload = { state: 'dismissed', reason: '原件如此', author: '王五' };
    expect((await ctx.app.inject({ method: 'POST', url, payload })).statusCode).toBe(401);
    const decided = await ctx.app.inject({ method: 'POST', url, payload, headers: AUTH });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ state: 'dismissed', decision: { reason: '原件如此', author: '王五' } });
    expect((await ctx.app.inject({ url: `/api/flags?state=dismissed` })).json()).toMatchObject({ total: 1 });
    // A dismissed flag no longer counts in aggregates.
    expect(await errorsOf()).toBe(errorsBefore - 1);
    expect((await ctx.app.inject({ method: 'POST', url, payload: { ...payload, state: 'maybe' }, headers: AUTH })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/flags/99999/decision', payload, headers: AUTH })).statusCode).toBe(404);
    const csv = parseCsv((await ctx.app.inject({ url: '/api/flags.csv?state=dismissed' })).body);
    expect(csv[0]!.slice(0, 4)).toEqual(['编号', '县区', '单位', '年度']);
    expect(csv[1]).toContain('已排除');
  });
});

describe('coverage and missing reports', () => {
  it('lists which organs reported, which did not, for a year', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    const cov = (await ctx.app.inject({ url: `/api/coverage?year=2022&county=${s.jinxiang}` })).json() as { rows: { organ: string; status: string; reportId: number | null }[] };
    expect(cov.rows.map((r) => [r.organ, r.status]).sort()).toEqual([['县教育局', 'missing'], ['羊山镇', 'reported'], ['胡集镇', 'missing']].sort());
    const missing = (await ctx.app.inject({ url: `/api/missing?year=2022&county=${s.jinxiang}` })).json() as { rows: { organ: string }[] };
    expect(missing.rows.map((r) => r.organ).sort()).toEqual(['县教育局', '胡集镇'].sort());
    const csv = parseCsv((await ctx.app.inject({ url: `/api/missing.csv?year=2022&county=${s.jinxiang}` })).body);
    expect(csv[0]).toEqual(['县区', '单位', '在名录中', '报送情况', '发布日期', '报告编号']);
    expect(csv.slice(1).every((r) => r[3] === '未报送')).toBe(true);
    expect((await ctx.app.inject({ url: '/api/missing' })).statusCode).toBe(400);
  });
});

describe('reference routes', () => {
  it('meta, template, rules, counties, organs (search), organ, years', async () => {
    const ctx = await build();
    expect((await ctx.app.inject({ url: '/api/meta' })).json()).toMatchObject({ reports: 0, empty: true, latestYear: null });
    const s = await seedCounty(ctx);
    expect((await ctx.app.inject({ url: '/api/meta' })).json()).toMatchObject({ counties: 2, reports: 5, years: [2022, 2023], latestYear: 2023, empty: false });
    const tpl = (await ctx.app.inject({ url: '/api/template' })).json() as { cells: unknown[]; metrics: { id: string }[] };
    expect(tpl.cells).toHaveLength(200);
    expect(tpl.metrics.map((m) => m.id)).toContain('disclosure_rate');
    const rules = ((await ctx.app.inject({ url: '/api/rules' })).json() as { rows: { id: string }[] }).rows;
    expect(rules.length).toBeGreaterThan(10);
    const rulesCsv = await ctx.app.inject({ url: '/api/rules.csv' });
    expect(rulesCsv.body.startsWith('\uFEFF')).toBe(true);
    const ruleRows = parseCsv(rulesCsv.body);
    expect(ruleRows[0]).toEqual(['规则编号', '规则', '级别', '类别', '范围']);
    expect(ruleRows).toHaveLength(rules.length + 1);
    expect(ruleRows.find((r) => r[0] === 'arith.balance')?.slice(2)).toEqual(['错误', '勾稽关系', '单份报告']);
    const counties = (await ctx.app.inject({ url: '/api/counties' })).json() as { rows: { name: string; reports: number; years: number[] }[] };
    expect(counties.rows.find((c) => c.name === '金乡县')).toMatchObject({ reports: 4, years: [2022, 2023] });
    const organs = (await ctx.app.inject({ url: '/api/organs?q=羊山' })).json() as { rows: { id: number; name: string; years: number[] }[]; total: number };
    expect(organs.total).toBe(1);
    expect(organs.rows[0]).toMatchObject({ name: '羊山镇', years: [2022, 2023] });
    expect(((await ctx.app.inject({ url: `/api/organs?county=${s.yutai}` })).json() as { total: number }).total).toBe(1);
    const one = (await ctx.app.inject({ url: `/api/organs/${organs.rows[0]!.id}` })).json() as { reportList: { year: number }[] };
    expect(one.reportList.map((r) => r.year)).toEqual([2022, 2023]);
    expect((await ctx.app.inject({ url: `/api/years?county=${s.jinxiang}` })).json()).toMatchObject({ rows: [{ year: 2022, reports: 1 }, { year: 2023, reports: 3 }] });
    const csv = parseCsv((await ctx.app.inject({ url: '/api/organs.csv?q=镇' })).body);
    expect(csv[0]!.slice(0, 3)).toEqual(['编号', '县区', '单位']);
    expect(csv).toHaveLength(4);
    expect(parseCsv((await ctx.app.inject({ url: '/api/counties.csv' })).body)[1]).toEqual([expect.any(String), '金乡县', '3', '4', '2022、2023']);
    expect(parseCsv((await ctx.app.inject({ url: '/api/years.csv' })).body)[2]).toEqual(['2023', '4', '4']);
    expect((await ctx.app.inject({ url: `/api/organs?q=${'长'.repeat(60)}` })).statusCode).toBe(400);
  });
});

describe('bulk export', () => {
  it('long and wide CSV of every value', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    const long = parseCsv((await ctx.app.inject({ url: `/api/export/long.csv?year=2023&county=${s.jinxiang}` })).body);
    expect(long[0]).toEqual(['县区', '单位', '年度', '报告编号', '表', '行', '列', '键', '值', '状态']);
    expect(long).toHaveLength(1 + 3 * 200);
    expect(long).toContainEqual(['金乡县', '羊山镇', '2023', String(s.ids.yangshan23), '依申请公开', '一、本年新收政府信息公开申请数量', '总计', 'requests.new.total', '10', '原值']);
    const all = parseCsv((await ctx.app.inject({ url: '/api/export/long' })).body);
    expect(all).toHaveLength(1 + 5 * 200);
    const wide = parseCsv((await ctx.app.inject({ url: '/api/export/wide.csv?year=2023' })).body);
    expect(wide[0]!.slice(0, 6)).toEqual(['县区', '单位', '年度', '报告编号', '状态', '规章·本年制发件数']);
    expect(wide[0]).toHaveLength(205);
    expect(wide).toHaveLength(5);
    const ys = wide.find((r) => r[1] === '羊山镇')!;
    expect(ys[wide[0]!.indexOf('申请·一、本年新收政府信息公开申请数量·总计')]).toBe('10');
  });
});

describe('POST /api/uploads', () => {
  it('needs the admin token', async () => {
    const ctx = await build();
    const body = multipart([{ name: 'a.txt', data: Buffer.from('x') }]);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...body })).statusCode).toBe(401);
  });

  it('answers per file through the ingest code', async () => {
    const ctx = await build();
    const body = multipart([
      { name: '空文件.txt', data: Buffer.alloc(0) },
      { name: '通知.txt', data: Buffer.from('关于召开春季运动会的通知\n各单位：定于四月举行。\n') },
      { name: 'photo.jpg', data: Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02]) },
    ], { county: '金乡县' });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...body, headers: { ...body.headers, ...AUTH } });
    expect(res.statusCode).toBe(200);
    const out = res.json() as { results: { file: string; outcome: string; reason: string | null }[]; tally: { total: number; failed: number } };
    expect(out.results.map((r) => r.file)).toEqual(['空文件.txt', '通知.txt', 'photo.jpg']);
    expect(out.results.every((r) => r.outcome === 'failed' && /[\u4e00-\u9fff]/.test(r.reason ?? ''))).toBe(true);
    expect(out.tally).toMatchObject({ total: 3, failed: 3 });
    expect((await ctx.app.inject({ method: 'POST', url: '/api/uploads', headers: AUTH, payload: { a: 1 } })).statusCode).toBe(400);
    const none = multipart([], { county: '金乡县' });
    expect((await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...none, headers: { ...none.headers, ...AUTH } })).statusCode).toBe(400);
  });

  it('413 for a file over the limit, with the results of the files before it', async () => {
    const ctx = await build({ limits: { maxFileBytes: 1024, maxFiles: 2 } });
    const big = multipart([{ name: 'small.txt', data: Buffer.from('abc') }, { name: 'big.txt', data: Buffer.alloc(4096, 0x41) }]);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...big, headers: { ...big.headers, ...AUTH } });
    expect(res.statusCode).toBe(413);
    const body = res.json() as { error: { code: string; message: string }; results: { file: string }[] };
    expect(body.error.code).toBe('file_too_large');
    expect(body.results.map((r) => r.file)).toEqual(['small.txt']);
    const many = multipart([1, 2, 3].map((i) => ({ name: `${i}.txt`, data: Buffer.from('x') })));
    const res2 = await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...many, headers: { ...many.headers, ...AUTH } });
    expect(res2.statusCode).toBe(413);
    expect(res2.json()).toMatchObject({ error: { code: 'too_many_files' } });
  });
});
