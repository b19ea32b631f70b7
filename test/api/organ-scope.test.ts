/**
 * `county` and `kind` mean the same on every aggregate route (aggregates, total, trends, compare)
 * and on organs: one schema piece, one scope in the aggregates module.
 */
import { describe, expect, it } from 'vitest';
import { build, parseCsv, seedCounty } from './helper.ts';

type Values = Record<string, number | null>;

describe('kind filter (township / street / department …)', () => {
  it('narrows every aggregate route to organs of the kinds asked, several kinds ORed', async () => {
    const ctx = await build();
    const s = await seedCounty(ctx);
    const get = async <T>(url: string) => {
      const res = await ctx.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      return res.json() as T;
    };
    const base = `year=2023&county=${s.jinxiang}`;

    type Agg = { rows: { organ: string; kind: string; values: Values }[]; sum: { values: Values } };
    const towns = await get<Agg>(`/api/aggregates?${base}&kind=township`);
    expect(towns.rows.map((r) => r.organ).sort()).toEqual(['羊山镇', '胡集镇'].sort());
    expect(new Set(towns.rows.map((r) => r.kind))).toEqual(new Set(['township']));
    expect(towns.sum.values.reports).toBe(2);
    const depts = await get<Agg>(`/api/aggregates?${base}&kind=department`);
    expect(depts.rows.map((r) => r.organ)).toEqual(['县教育局']);
    expect(depts.sum.values['appeals.review.total']).toBe(2);
    const both = await get<Agg>(`/api/aggregates?${base}&kind=township&kind=department`);
    expect(both.sum.values.reports).toBe(3);
    expect((await get<Agg>(`/api/aggregates?${base}&kind=street`)).rows).toEqual([]);

    type Total = { reports: number; values: Values; tables: { appeals: Record<string, Record<string, number | null>> } };
    const all = await get<Total>(`/api/aggregates/total?${base}`);
    const townTotal = await get<Total>(`/api/aggregates/total?${base}&kind=township`);
    expect([all.reports, townTotal.reports]).toEqual([3, 2]);
    expect(all.tables.appeals.review!.total).toBe(2);
    expect(townTotal.tables.appeals.review!.total).toBe(0);

    type Trends = { scope: { kind?: string[] }; rows: { year: number; values: Values }[] };
    const trend = await get<Trends>(`/api/trends?county=${s.jinxiang}&kind=department&metrics=reports,appeals.review.total`);
    expect(trend.scope.kind).toEqual(['department']);
    expect(trend.rows.map((r) => [r.year, r.values.reports, r.values['appeals.review.total']])).toEqual([[2023, 1, 2]]);

    type Compare = { rows: { organ: string }[] };
    const cmp = await get<Compare>(`/api/compare?metric=requests.new.total&county=${s.jinxiang}&kind=township`);
    expect(cmp.rows.map((r) => r.organ).sort()).toEqual(['羊山镇', '胡集镇'].sort());
    const csv = parseCsv((await ctx.app.inject({ url: `/api/compare.csv?metric=requests.new.total&county=${s.jinxiang}&kind=department` })).body);
    expect(csv.slice(1).map((r) => r[1])).toEqual(['县教育局']);

    type Organs = { rows: { name: string }[] };
    expect((await get<Organs>(`/api/organs?county=${s.jinxiang}&kind=department`)).rows.map((r) => r.name)).toEqual(['县教育局']);
    expect((await get<Organs>(`/api/organs?county=${s.jinxiang}&kind=department&kind=township`)).rows).toHaveLength(3);
  });

  it('refuses an unknown kind with a 400 naming the parameter and the allowed kinds', async () => {
    const ctx = await build();
    for (const path of ['/api/aggregates?year=2023&', '/api/aggregates/total?year=2023&', '/api/trends?', '/api/compare?metric=reports&', '/api/organs?']) {
      const res = await ctx.app.inject({ url: `${path}kind=village` });
      expect(res.statusCode, path).toBe(400);
      const message = (res.json() as { error: { message: string } }).error.message;
      expect(message, path).toContain('“kind”');
      expect(message, path).toContain('township');
    }
  });
});
