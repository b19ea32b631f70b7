/**
 * What the speed work changed in behaviour: the small default metric set of /api/aggregates,
 * value filters evaluated in SQL (they must keep exactly the rows the JS rule `passes` keeps),
 * and serialised answers cached with an ETag until the data changes (also from another process).
 */
import Database from 'better-sqlite3';
import { openDatabase } from '../../db/open.ts';
import { describe, expect, it } from 'vitest';
import { parseFilter, passes } from '../../shared/filters.ts';
import { DASHBOARD_METRICS, SUMMARY_METRICS } from '../../shared/metrics.ts';
import { AUTH, build, requests, seed, seedCounty } from './helper.ts';
import { record } from '../support/records.ts';

type Agg = { total: number; metrics: { id: string }[]; rows: { organ: string; values: Record<string, number | null> }[]; sum: { values: Record<string, number | null> } };

describe('/api/aggregates metric sets', () => {
  it('defaults to the dashboard set; metrics not asked for are absent, blanks are null', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    await seed(ctx, record('金乡县鸡黍镇人民政府', 2023, { ...requests(3, 0, 0), 'appeals.review.total': null }));
    const body = (await ctx.app.inject({ url: `/api/aggregates?year=2023&county=${s.jinxiang}` })).json() as Agg;
    expect(body.metrics.map((m) => m.id)).toEqual(DASHBOARD_METRICS);
    for (const r of body.rows) expect(Object.keys(r.values).sort()).toEqual([...DASHBOARD_METRICS].sort());
    const jishu = body.rows.find((r) => r.organ === '鸡黍镇')!;
    expect(jishu.values['appeals.review.total']).toBeNull();
    expect('requests.new.natural_person' in jishu.values).toBe(false);
    const summary = (await ctx.app.inject({ url: `/api/aggregates?year=2023&county=${s.jinxiang}&metrics=summary` })).json() as Agg;
    expect(summary.metrics.map((m) => m.id)).toEqual(SUMMARY_METRICS);
    expect(summary.rows.find((r) => r.organ === '鸡黍镇')!.values['requests.new.natural_person']).toBe(3);
    // The county total keeps the summary set by default: the dashboard's cards read it.
    const total = (await ctx.app.inject({ url: `/api/aggregates/total?year=2023&county=${s.jinxiang}` })).json() as { values: Record<string, number | null> };
    expect(Object.keys(total.values).sort()).toEqual([...SUMMARY_METRICS].sort());
  });
});

describe('value filters in SQL', () => {
  it('keep exactly the rows the filter rule keeps, blanks included', async () => {
    const ctx = await build();
    const organs: [string, Record<string, number | null>][] = [
      ['甲镇', requests(4, 1, 0)], ['乙镇', requests(1, 0, 3)], ['丙镇', requests(0, 0, 0)],
      ['丁镇', { ...requests(2, 2, 0), 'appeals.review.total': null, 'appeals.review.corrected': null, 'appeals.review.upheld': null, 'appeals.review.other': null }],
      ['戊镇', { ...requests(1, 2, 0), 'appeals.review.upheld': 1, 'appeals.review.corrected': 2, 'appeals.review.total': 3 }],
      ['己镇', { ...requests(3, 0, 0), 'requests.denied_state_secret.total': null, 'requests.denied_state_secret.natural_person': null }],
    ];
    for (const [name, v] of organs) await seed(ctx, record(`金乡县${name}人民政府`, 2023, v));
    const all = (await ctx.app.inject({ url: '/api/aggregates?year=2023&metrics=all' })).json() as Agg;
    expect(all.total).toBe(organs.length);
    const filters = [
      'disclosure_rate<0.8', 'disclosure_rate>=0.75', 'disclosure_rate=1', 'disclosure_rate=blank', 'disclosure_rate!=blank',
      'requests.new.total>3', 'requests.new.total=0', 'requests.new.total!=5', 'appeals.review.total=blank', 'appeals.review.total<=0',
      'review_correction_rate>0.5', 'review_concluded=blank', 'review_concluded>=1', 'unable>0', 'denied=0', 'reports=1',
      'requests.denied_state_secret.total=blank', 'requests.denied_state_secret.total!=0',
    ];
    const countyId = ((await ctx.app.inject({ url: '/api/counties' })).json() as { rows: { id: number }[] }).rows[0]!.id;
    // Province-wide (narrow queries, then the page) and one county (one wide query): same rows.
    for (const scope of ['', `&county=${countyId}`]) for (const text of filters) {
      const f = parseFilter(text);
      const expected = all.rows.filter((r) => passes(f, r.values[f.metric])).map((r) => r.organ).sort();
      const got = (await ctx.app.inject({ url: `/api/aggregates?year=2023${scope}&metrics=all&filter=${encodeURIComponent(text)}` })).json() as Agg;
      expect({ text, organs: got.rows.map((r) => r.organ).sort() }).toEqual({ text, organs: expected });
      expect(got.total).toBe(expected.length);
      // A page of the sorted rows carries the same values as the unpaged rows.
      const page = (await ctx.app.inject({ url: `/api/aggregates?year=2023${scope}&metrics=all&sort=disclosure_rate&order=desc&limit=2&offset=1&filter=${encodeURIComponent(text)}` })).json() as Agg;
      expect(page.total).toBe(expected.length);
      for (const r of page.rows) expect(r.values).toEqual(all.rows.find((x) => x.organ === r.organ)!.values);
      const rates = page.rows.map((r) => r.values.disclosure_rate ?? -1);
      expect(rates).toEqual([...rates].sort((a, b) => b - a));
    }
    // `sum` is over the rows that pass, a blank still blank.
    const low = (await ctx.app.inject({ url: `/api/aggregates?year=2023&metrics=requests.new.total,appeals.review.total&filter=${encodeURIComponent('requests.new.total<5')}` })).json() as Agg;
    expect(low.rows.map((r) => r.organ).sort()).toEqual(['乙镇', '丙镇', '丁镇', '戊镇', '己镇'].sort());
    expect(low.sum.values['requests.new.total']).toBe(14);
    expect(low.sum.values['appeals.review.total']).toBe(3);
    // The same sums when the page is smaller than the rows that pass (summed by a separate query).
    for (const scope of ['', `&county=${countyId}`]) {
      const lowPaged = (await ctx.app.inject({ url: `/api/aggregates?year=2023${scope}&metrics=requests.new.total,appeals.review.total&limit=1&filter=${encodeURIComponent('requests.new.total<5')}` })).json() as Agg;
      expect(lowPaged.rows).toHaveLength(1);
      expect(lowPaged.sum.values).toEqual(low.sum.values);
    }
    const allPaged = (await ctx.app.inject({ url: '/api/aggregates?year=2023&metrics=requests.new.total,reports&limit=1' })).json() as Agg;
    expect(allPaged.sum.values).toEqual({ 'requests.new.total': 19, reports: 6 });
    const blank = (await ctx.app.inject({ url: `/api/aggregates?year=2023&metrics=appeals.review.total&filter=${encodeURIComponent('appeals.review.total=blank')}` })).json() as Agg;
    expect(blank.sum.values['appeals.review.total']).toBeNull();
  });
});

describe('cached answers', () => {
  it('send an ETag, answer 304 to If-None-Match, and change when the data changes', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    const url = `/api/aggregates?year=2023&county=${s.jinxiang}&metrics=requests.new.total`;
    const first = await ctx.app.inject({ url });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    const second = await ctx.app.inject({ url });
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(etag);
    const notModified = await ctx.app.inject({ url, headers: { 'if-none-match': etag } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');

    // A write through this server: a correction.
    const res = await ctx.app.inject({
      method: 'POST', url: `/api/reports/${s.ids.huji23}/corrections`, headers: AUTH,
      payload: { key: 'requests.new.total', value: 40, reason: '核对原件' },
    });
    expect(res.statusCode).toBe(200);
    const third = await ctx.app.inject({ url, headers: { 'if-none-match': etag } });
    expect(third.statusCode).toBe(200);
    expect(third.headers.etag).not.toBe(etag);
    const sumOf = (body: string) => (JSON.parse(body) as Agg).sum.values['requests.new.total'];
    expect(sumOf(third.body)).toBe(50);

    // A write by another process (e.g. the ingest CLI, a second server) on the same database: the shared data_version moves.
    const other = await openDatabase(ctx.target);
    await other.db.updateTable('report_value').set({ requests__new__total: 1 }).where('report_id', '=', s.ids.huji23).execute();
    await other.db.destroy();
    expect(sumOf((await ctx.app.inject({ url })).body)).toBe(11);

    // SQLite: even a program that knows nothing of data_version (the sqlite3 shell) is noticed.
    if (ctx.dialect === 'sqlite') {
      const shell = new Database(ctx.path);
      shell.prepare('update report_value set requests__new__total = 2 where report_id = ?').run(s.ids.huji23);
      shell.close();
      expect(sumOf((await ctx.app.inject({ url })).body)).toBe(12);
    }
  });

  it('caches the report list too, and not errors', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    const a = await ctx.app.inject({ url: `/api/reports?county=${s.jinxiang}&year=2023` });
    expect(a.statusCode).toBe(200);
    expect((a.json() as { total: number }).total).toBe(3);
    expect((await ctx.app.inject({ url: `/api/reports?county=${s.jinxiang}&year=2023`, headers: { 'if-none-match': a.headers.etag as string } })).statusCode).toBe(304);
    const del = await ctx.app.inject({ method: 'DELETE', url: `/api/reports/${s.ids.huji23}`, headers: AUTH });
    expect(del.statusCode).toBe(200);
    expect(((await ctx.app.inject({ url: `/api/reports?county=${s.jinxiang}&year=2023` })).json() as { total: number }).total).toBe(2);
    expect((await ctx.app.inject({ url: '/api/aggregates?year=2023&sort=bogus' })).statusCode).toBe(400);
    expect((await ctx.app.inject({ url: '/api/aggregates?year=2023&sort=bogus' })).statusCode).toBe(400);
  });
});
