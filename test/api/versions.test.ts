/**
 * Versions of an organ-year and the actions on them: the history lists every version (this one
 * included), a wrong upload is deleted with its reason kept in the history, an earlier version is
 * put back in force, and a report whose county is unknown is moved to a county.
 */
import { describe, expect, it } from 'vitest';
import { record } from '../support/records.ts';
import { AUTH, build, requests, seed } from './helper.ts';
import type { Ctx } from './helper.ts';

interface Version { id: number; current: boolean; deletedAt: string | null; state: string; county: string | null; actions: { action: string; reason: string; author: string }[] }
interface Detail { report: { id: number; current: boolean; countyId: number | null; county: string | null }; history: Version[]; tables: { requests: Record<string, Record<string, number | null>> } }

const ORGAN = '金乡县羊山镇人民政府';
const detail = async (ctx: Ctx, id: number) => (await ctx.app.inject({ url: `/api/reports/${id}` })).json() as Detail;
const total = async (ctx: Ctx, q: string) => ((await ctx.app.inject({ url: `/api/reports?${q}` })).json() as { total: number; rows: { id: number }[] });

async function threeVersions(ctx: Ctx) {
  const v1 = await seed(ctx, record(ORGAN, 2023, requests(1, 0, 0)), { fileName: 'v1.txt' });
  const v2 = await seed(ctx, record(ORGAN, 2023, requests(2, 0, 0)), { fileName: 'v2.txt' });
  const v3 = await seed(ctx, record(ORGAN, 2023, requests(3, 0, 0)), { fileName: 'v3.txt' });
  return { v1, v2, v3 };
}

describe('report versions', () => {
  it('history lists every version of the organ-year, newest first, this one included and marked', async () => {
    const ctx = await build();
    const { v1, v2, v3 } = await threeVersions(ctx);
    const single = await seed(ctx, record('金乡县胡集镇人民政府', 2023, requests(1, 0, 0)));
    const d = await detail(ctx, v3);
    expect(d.history.map((h) => [h.id, h.state])).toEqual([[v3, 'in_force'], [v2, 'replaced'], [v1, 'replaced']]);
    // An old version shows the same list, itself included.
    expect((await detail(ctx, v1)).history.map((h) => h.id)).toEqual([v3, v2, v1]);
    expect((await detail(ctx, single)).history.map((h) => h.id)).toEqual([single]);
  });

  it('deletes a wrong upload with its reason kept in the history, and puts an earlier version back in force', async () => {
    const ctx = await build();
    const { v1, v2, v3 } = await threeVersions(ctx);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/reports/${v3}?reason=${encodeURIComponent('上传错了文件')}` })).statusCode).toBe(401);
    const del = await ctx.app.inject({ method: 'DELETE', url: `/api/reports/${v3}?reason=${encodeURIComponent('上传错了文件')}&author=${encodeURIComponent('李四')}`, headers: AUTH });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ id: v3, reinstated: v2, replaced: [v3], inForce: { id: v2, no: 2, fileName: 'v2.txt' } });
    let d = await detail(ctx, v3);
    expect(d.history[0]).toMatchObject({ id: v3, state: 'deleted', actions: [{ action: 'delete', reason: '上传错了文件', author: '李四' }] });
    // The version before it is in force again (see versions-in-force.test.ts).
    expect((await total(ctx, 'year=2023&q=羊山镇')).rows.map((r) => r.id)).toEqual([v2]);

    // A reason is required to put a version back in force.
    expect((await ctx.app.inject({ method: 'POST', url: `/api/reports/${v1}/make-current`, payload: { reason: ' ' }, headers: AUTH })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/reports/${v1}/make-current`, payload: { reason: 'x' } })).statusCode).toBe(401);
    const made = await ctx.app.inject({ method: 'POST', url: `/api/reports/${v1}/make-current`, payload: { reason: '第一版才是正式发布的' }, headers: AUTH });
    expect(made.statusCode).toBe(200);
    expect(made.json()).toMatchObject({ id: v1, replaced: [v2] }); // the version the delete brought back
    d = await detail(ctx, v1);
    expect(d.report.current).toBe(true);
    expect(d.history.map((h) => [h.id, h.state])).toEqual([[v3, 'deleted'], [v2, 'replaced'], [v1, 'in_force']]);
    expect(d.history[2]!.actions[0]).toMatchObject({ action: 'restore', reason: '第一版才是正式发布的', author: '管理员' });
    const listed = await total(ctx, 'year=2023&q=羊山镇');
    expect(listed.rows.map((r) => r.id)).toEqual([v1]);
    // The aggregates read the version in force.
    const agg = (await ctx.app.inject({ url: '/api/aggregates/total?year=2023' })).json() as { tables: Detail['tables'] };
    expect(agg.tables.requests.new!.total).toBe(1);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/reports/${v1}/make-current`, payload: { reason: '再来' }, headers: AUTH })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/reports/999/make-current`, payload: { reason: '再来' }, headers: AUTH })).statusCode).toBe(404);

    // Undelete keeps v3 as a replaced version: since its delete a clerk put v1 in force, and that stays; reason kept.
    const undel = await ctx.app.inject({ method: 'POST', url: `/api/reports/${v3}/restore`, payload: { reason: '误删' }, headers: AUTH });
    expect(undel.json()).toMatchObject({ id: v3, deletedAt: null, reinstated: null, replaced: [], inForce: { id: v1, no: 1 } });
    d = await detail(ctx, v3);
    expect(d.history[0]).toMatchObject({ id: v3, state: 'replaced' });
    expect(d.history[0]!.actions.map((a) => a.action)).toEqual(['undelete', 'delete']);
    // The old client call without a body still works.
    await ctx.app.inject({ method: 'DELETE', url: `/api/reports/${v2}`, headers: AUTH });
    expect((await ctx.app.inject({ method: 'POST', url: `/api/reports/${v2}/restore`, headers: AUTH })).statusCode).toBe(200);
  });

  it('lists reports whose county is unknown and moves one to a county with its versions', async () => {
    const ctx = await build();
    await seed(ctx, record(ORGAN, 2023, requests(1, 0, 0)));
    const a = await seed(ctx, record('白鹭镇人民政府', 2023, requests(2, 0, 0)), { county: '', fileName: 'a1.txt' });
    const b = await seed(ctx, record('白鹭镇人民政府', 2023, requests(4, 0, 0)), { county: '', fileName: 'a2.txt' });
    const unknown = await total(ctx, 'unknownCounty=true&year=2023');
    expect(unknown.rows.map((r) => r.id)).toEqual([b]);
    const county = (await ctx.db.selectFrom('county').select('id').where('name', '=', '金乡县').executeTakeFirstOrThrow()).id;
    expect((await ctx.app.inject({ method: 'POST', url: `/api/reports/${b}/move`, payload: { county, reason: '' }, headers: AUTH })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/reports/${b}/move`, payload: { county: 9999, reason: '核实' }, headers: AUTH })).statusCode).toBe(400);
    const moved = await ctx.app.inject({ method: 'POST', url: `/api/reports/${b}/move`, payload: { county, reason: '电话核实属金乡县' }, headers: AUTH });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ ids: expect.arrayContaining([a, b]), countyId: county, county: '金乡县', replaced: [] });
    expect((await total(ctx, 'unknownCounty=true&year=2023')).total).toBe(0);
    const d = await detail(ctx, b);
    expect(d.report).toMatchObject({ countyId: county, county: '金乡县' });
    expect(d.history.map((h) => [h.id, h.county])).toEqual([[b, '金乡县'], [a, '金乡县']]);
    expect(d.history[0]!.actions[0]).toMatchObject({ action: 'move', reason: '电话核实属金乡县' });
    // The county's list and totals now include it.
    const inCounty = await total(ctx, `county=${county}&year=2023`);
    expect(inCounty.rows.map((r) => r.id)).toContain(b);
    const agg = (await ctx.app.inject({ url: `/api/aggregates/total?year=2023&county=${county}` })).json() as { tables: Detail['tables'] };
    expect(agg.tables.requests.new!.total).toBe(5);
    // Moving again to the same county is refused.
    expect((await ctx.app.inject({ method: 'POST', url: `/api/reports/${b}/move`, payload: { county, reason: '再移' }, headers: AUTH })).statusCode).toBe(400);
  });
});
