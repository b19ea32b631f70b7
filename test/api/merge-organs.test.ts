/** Two organs that are one: POST /api/organs/:id/merge files every report of one under the other. */
import { describe, expect, it } from 'vitest';
import { record } from '../support/records.ts';
import { AUTH, build, requests, seed } from './helper.ts';

describe('POST /api/organs/:id/merge', () => {
  it('moves every report, keeps one in force per year (the newest), makes the name an alias, deletes the merged organ', async () => {
    const ctx = await build();
    const a22 = await seed(ctx, record('金乡县教育局', 2022, requests(1, 0, 0)));
    const a23 = await seed(ctx, record('金乡县教育局', 2023, requests(2, 0, 0)));
    const b23 = await seed(ctx, record('金乡县教育和体育局', 2023, requests(3, 0, 0)));
    const b24 = await seed(ctx, record('金乡县教育和体育局', 2024, requests(4, 0, 0)));
    const organOf = async (id: number) => (await ctx.db.selectFrom('report').select('organ_id').where('id', '=', id).executeTakeFirstOrThrow()).organ_id;
    const [a, b] = [await organOf(a22), await organOf(b23)];
    expect(a).not.toBe(b);
    const bName = (await ctx.db.selectFrom('organ').select('name').where('id', '=', b).executeTakeFirstOrThrow()).name;
    const other = await seed(ctx, record('鱼台县王鲁镇人民政府', 2023, requests(1, 0, 0)), { county: '鱼台县' });
    const otherOrgan = await organOf(other);

    const url = `/api/organs/${b}/merge`;
    expect((await ctx.app.inject({ method: 'POST', url, payload: { into: a, reason: '同一机关' } })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'POST', url, payload: { into: a, reason: ' ' }, headers: AUTH })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url, payload: { into: otherOrgan, reason: '同一机关' }, headers: AUTH })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url, payload: { into: b, reason: '同一机关' }, headers: AUTH })).statusCode).toBe(400);
    const res = await ctx.app.inject({ method: 'POST', url, payload: { into: a, reason: '同一机关的两种写法' }, headers: AUTH });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ into: a, moved: [b23, b24], retired: [a23] });

    const list = (await ctx.app.inject({ url: `/api/reports?organ=${a}&sort=year` })).json() as { rows: { id: number; year: number }[] };
    expect(list.rows.map((r) => [r.year, r.id])).toEqual([[2022, a22], [2023, b23], [2024, b24]]);
    expect((await ctx.app.inject({ url: `/api/organs/${b}` })).statusCode).toBe(404);
    const organ = (await ctx.app.inject({ url: `/api/organs/${a}` })).json() as { aliases: string[] };
    expect(organ.aliases).toContain(bName);
    // The 2023 history has both versions, the merge recorded on the moved one.
    const d = (await ctx.app.inject({ url: `/api/reports/${b23}` })).json() as { history: { id: number; state: string; actions: { action: string; reason: string }[] }[] };
    expect(d.history.map((h) => [h.id, h.state])).toEqual([[b23, 'in_force'], [a23, 'replaced']]);
    expect(d.history[0]!.actions[0]).toMatchObject({ action: 'move', reason: '同一机关的两种写法' });
    // A later report printed the other way is filed under the organ that stayed.
    const later = await seed(ctx, record('金乡县教育和体育局', 2025, requests(5, 0, 0)));
    expect(await organOf(later)).toBe(a);
  });
});
