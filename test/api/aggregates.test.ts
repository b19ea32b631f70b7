import { describe, expect, it } from 'vitest';
import { build, parseCsv, requests, seed, seedCounty } from './helper.ts';
import { record } from '../support/records.ts';

type Row = { organ: string; county: string; reportId: number | null; values: Record<string, number | null> };

describe('GET /api/aggregates', () => {
  it('sums a county-year by organ with 公开率 and 纠错率', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    const res = await ctx.app.inject({ url: `/api/aggregates?year=2023&county=${s.jinxiang}` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { rows: Row[]; total: number; sum: { values: Record<string, number | null> }; county: { name: string } };
    expect(body.county.name).toBe('金乡县');
    expect(body.total).toBe(3);
    const by = Object.fromEntries(body.rows.map((r) => [r.organ, r]));
    expect(by['羊山镇']!.values['requests.new.total']).toBe(10);
    expect(by['羊山镇']!.values.disclosure_rate).toBe(0.8);
    expect(by['羊山镇']!.reportId).toBe(s.ids.yangshan23);
    expect(by['胡集镇']!.values.disclosure_rate).toBe(0.25);
    expect(by['胡集镇']!.values.unable).toBe(3);
    // processed 0: the rate is unknown, not 0.
    expect(by['县教育局']!.values.disclosure_rate).toBeNull();
    expect(by['县教育局']!.values.review_correction_rate).toBe(0.5);
    expect(by['县教育局']!.values.review_concluded).toBe(2);
    expect(body.sum.values['requests.new.total']).toBe(14);
    expect(body.sum.values.disclosure_rate).toBeCloseTo(9 / 14, 5);
    expect(body.sum.values.reports).toBe(3);
  });

  it('groups by county for the whole province', async () => {
    const ctx = await build();
    await seedCounty(ctx);
    const body = (await ctx.app.inject({ url: '/api/aggregates?year=2023&by=county&metrics=requests.new.total,reports' })).json() as { rows: Row[] };
    expect(body.rows.map((r) => [r.county, r.values['requests.new.total'], r.values.reports])).toEqual([['金乡县', 14, 3], ['鱼台县', 5, 1]]);
  });

  it('filters by value, sorts by a metric with blanks last, pages', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    const q = (extra: string) => ctx.app.inject({ url: `/api/aggregates?year=2023&county=${s.jinxiang}&${extra}` }).then((r) => r.json() as { rows: Row[]; total: number });
    expect((await q('filter=disclosure_rate<0.5')).rows.map((r) => r.organ)).toEqual(['胡集镇']);
    expect((await q('filter=disclosure_rate=blank')).rows.map((r) => r.organ)).toEqual(['县教育局']);
    expect((await q('filter=requests.new.total>=4&filter=requests.new.total<=9')).rows.map((r) => r.organ)).toEqual(['胡集镇']);
    expect((await q('sort=disclosure_rate&order=desc')).rows.map((r) => r.organ)).toEqual(['羊山镇', '胡集镇', '县教育局']);
    expect((await q('sort=disclosure_rate&order=asc')).rows.map((r) => r.organ)).toEqual(['胡集镇', '羊山镇', '县教育局']);
    const page = await q('sort=requests.new.total&order=desc&limit=1&offset=1');
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.organ)).toEqual(['胡集镇']);
  });

  it('counts flags not dismissed by severity', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    // An unbalanced table: the arithmetic rules flag it.
    await seed(ctx, record('金乡县鸡黍镇人民政府', 2023, { ...requests(3, 0, 0), 'requests.processed_total.total': 7 }));
    const body = (await ctx.app.inject({ url: `/api/aggregates?year=2023&county=${s.jinxiang}&metrics=flags_error,flags_total&filter=flags_error>0` })).json() as { rows: Row[] };
    expect(body.rows.map((r) => r.organ)).toEqual(['鸡黍镇']);
    expect(body.rows[0]!.values.flags_error).toBeGreaterThan(0);
  });

  it('answers CSV with BOM, Chinese headers, numbers and blanks', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    for (const url of [`/api/aggregates.csv?year=2023&county=${s.jinxiang}&metrics=requests.new.total,disclosure_rate`,
      `/api/aggregates?year=2023&county=${s.jinxiang}&metrics=requests.new.total,disclosure_rate&format=csv`]) {
      const res = await ctx.app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''");
      // The file says whose and which year; 公开率 reads as the page shows it.
      expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('金乡县_2023年_各单位汇总.csv');
      const rows = parseCsv(res.body);
      expect(rows[0]).toEqual(['县区', '单位', '年度', '申请·一、本年新收政府信息公开申请数量·总计', '公开率']);
      expect(rows).toContainEqual(['金乡县', '羊山镇', '2023', '10', '80.0%']);
      expect(rows).toContainEqual(['金乡县', '县教育局', '2023', '0', '']);
      expect(res.body).toContain('\r\n');
    }
  });
});

describe('GET /api/aggregates/total', () => {
  it('gives the consolidated tables and how many reports left a cell blank', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    await seed(ctx, record('金乡县鸡黍镇人民政府', 2023, { ...requests(3, 0, 0), 'appeals.review.total': null }));
    const body = (await ctx.app.inject({ url: `/api/aggregates/total?year=2023&county=${s.jinxiang}` })).json() as {
      reports: number; organs: number; tables: { requests: Record<string, Record<string, number | null>>; appeals: Record<string, Record<string, number | null>> };
      blanks: Record<string, number>; values: Record<string, number | null>;
    };
    expect(body.reports).toBe(4);
    expect(body.organs).toBe(4);
    expect(body.tables.requests.new!.total).toBe(17);
    expect(body.tables.appeals.review!.total).toBe(2);
    expect(body.blanks).toEqual({ 'appeals.review.total': 1 });
    expect(body.values.disclosure_rate).toBeCloseTo(12 / 17, 5);
    const csv = parseCsv((await ctx.app.inject({ url: `/api/aggregates/total.csv?year=2023&county=${s.jinxiang}` })).body);
    expect(csv[0]).toEqual(['表', '行', '列', '合计', '空白报告数']);
    expect(csv).toContainEqual(['复议诉讼', '行政复议', '总计', '2', '1']);
    expect(csv.length).toBe(201);
  });

  it('an empty year is all blank, never zero', async () => {
    const ctx = await build();
    const body = (await ctx.app.inject({ url: '/api/aggregates/total?year=2020' })).json() as { reports: number; tables: { requests: Record<string, Record<string, number | null>> } };
    expect(body.reports).toBe(0);
    expect(body.tables.requests.new!.total).toBeNull();
  });
});

describe('GET /api/trends', () => {
  it('gives metrics by year with the change from the previous year', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    const body = (await ctx.app.inject({ url: `/api/trends?county=${s.jinxiang}&metrics=requests.new.total,reports` })).json() as { rows: { year: number; values: Record<string, number>; change: Record<string, number | null> }[] };
    expect(body.rows).toEqual([
      { year: 2022, values: { 'requests.new.total': 6, reports: 1 }, change: { 'requests.new.total': null, reports: null } },
      { year: 2023, values: { 'requests.new.total': 14, reports: 3 }, change: { 'requests.new.total': 8, reports: 2 } },
    ]);
    const organ = (await ctx.app.inject({ url: '/api/organs?q=羊山' })).json() as { rows: { id: number }[] };
    const one = (await ctx.app.inject({ url: `/api/trends?organ=${organ.rows[0]!.id}&metrics=disclosure_rate&from=2023` })).json() as { rows: { year: number; values: Record<string, number>; change: Record<string, number> }[] };
    expect(one.rows).toHaveLength(1);
    expect(one.rows[0]!.values.disclosure_rate).toBe(0.8);
    expect(one.rows[0]!.change.disclosure_rate).toBeCloseTo(0.8 - 5 / 6, 5);
    const csv = parseCsv((await ctx.app.inject({ url: `/api/trends.csv?county=${s.jinxiang}&metrics=requests.new.total` })).body);
    expect(csv[0]).toEqual(['年度', '申请·一、本年新收政府信息公开申请数量·总计', '申请·一、本年新收政府信息公开申请数量·总计·较上年']);
    expect(csv[2]).toEqual(['2023', '14', '8']);
    expect((await ctx.app.inject({ url: '/api/trends?from=2023&to=2022' })).statusCode).toBe(400);
  });
});

describe('GET /api/compare', () => {
  it('gives organ × year with change and change rate', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    const res = await ctx.app.inject({ url: `/api/compare?county=${s.jinxiang}&metric=requests.new.total&years=2022,2023` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { years: number[]; rows: { organ: string; cells: { year: number; value: number | null; change: number | null; changeRate: number | null }[] }[] };
    expect(body.years).toEqual([2022, 2023]);
    const ys = body.rows.find((r) => r.organ === '羊山镇')!;
    expect(ys.cells).toEqual([
      { year: 2022, value: 6, change: null, changeRate: null },
      { year: 2023, value: 10, change: 4, changeRate: 0.666667 },
    ]);
    const hj = body.rows.find((r) => r.organ === '胡集镇')!;
    expect(hj.cells[0]).toEqual({ year: 2022, value: null, change: null, changeRate: null });
    const filtered = (await ctx.app.inject({ url: `/api/compare?county=${s.jinxiang}&metric=requests.new.total&filter=requests.new.total>5` })).json() as { rows: { organ: string }[] };
    expect(filtered.rows.map((r) => r.organ)).toEqual(['羊山镇']);
    const csv = parseCsv((await ctx.app.inject({ url: `/api/compare.csv?county=${s.jinxiang}&metric=requests.new.total&years=2022,2023` })).body);
    expect(csv[0]).toEqual(['县区', '单位', '2022年申请·一、本年新收政府信息公开申请数量·总计', '2022年较上年', '2023年申请·一、本年新收政府信息公开申请数量·总计', '2023年较上年']);
    expect(csv).toContainEqual(['金乡县', '羊山镇', '6', '', '10', '4']);
    expect((await ctx.app.inject({ url: '/api/compare?metric=nope' })).statusCode).toBe(400);
    expect((await ctx.app.inject({ url: '/api/compare?metric=reports&years=20x3' })).json()).toMatchObject({ error: { code: 'bad_request' } });
  });
});

describe('CSV file names', () => {
  it('name the county, year and content, so one page\'s downloads differ', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    const nameOf = async (url: string) => {
      const res = await ctx.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      return decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(String(res.headers['content-disposition']))![1]!);
    };
    const names = await Promise.all([
      nameOf(`/api/flags.csv?county=${s.jinxiang}&year=2023`),
      nameOf(`/api/flags.csv?county=${s.jinxiang}&year=2023&state=open`),
      nameOf(`/api/flags/summary.csv?county=${s.jinxiang}&year=2023`),
      nameOf(`/api/coverage.csv?county=${s.jinxiang}&year=2023`),
      nameOf(`/api/missing.csv?county=${s.jinxiang}&year=2023`),
      nameOf(`/api/aggregates/total.csv?county=${s.jinxiang}&year=2023`),
      nameOf(`/api/reports.csv?county=${s.jinxiang}&year=2023`),
      nameOf(`/api/export/wide.csv?county=${s.jinxiang}&year=2023`),
    ]);
    expect(names[0]).toBe('金乡县_2023年_核查提示.csv');
    expect(names[1]).toBe('金乡县_2023年_核查提示_待处理.csv');
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^金乡县_2023年_.+\.csv$/);
    expect(await nameOf('/api/flags.csv')).toBe('全部县区_全部年度_核查提示.csv');
  });
});
