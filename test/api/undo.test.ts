/**
 * Undo through the history: a correction's undo puts back the value before it (the previous
 * correction's, or the parsed one) and keeps both in the history; a decision's undo reopens the flag.
 */
import { describe, expect, it } from 'vitest';
import { record } from '../support/records.ts';
import { AUTH, build, requests, seed } from './helper.ts';
import type { Ctx } from './helper.ts';

interface Cell { key: string; parsed: number | null; value: number | null; corrected: boolean }
interface Flag { id: number; rule: string; state: string; decision: { state: string } | null }
interface Detail { report: { status: string }; cells: Cell[]; corrections: { id: number; key: string; value: number | null; reason: string }[]; flags: Flag[] }

const KEY = 'requests.new.total';
const detail = async (ctx: Ctx, id: number) => (await ctx.app.inject({ url: `/api/reports/${id}` })).json() as Detail;
const correct = (ctx: Ctx, id: number, value: number | null, reason: string) =>
  ctx.app.inject({ method: 'POST', url: `/api/reports/${id}/corrections`, payload: { key: KEY, value, reason }, headers: AUTH });
const undo = (ctx: Ctx, id: number, correctionId: number, reason?: string) =>
  ctx.app.inject({ method: 'POST', url: `/api/reports/${id}/corrections/${correctionId}/undo`, ...(reason ? { payload: { reason } } : {}), headers: AUTH });

describe('undo', () => {
  it("puts back a correction's previous value, keeps both, and undoing the undo redoes", async () => {
    const ctx = await build();
    const id = await seed(ctx, record('金乡县羊山镇人民政府', 2023, requests(4, 1, 1)));
    const c1 = ((await correct(ctx, id, 7, '原件为7')).json() as { correction: { id: number } }).correction.id;
    const c2 = ((await correct(ctx, id, 8, '原件为8')).json() as { correction: { id: number } }).correction.id;
    // Only the latest correction of the cell can be undone; admin only.
    expect((await undo(ctx, id, c1)).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/reports/${id}/corrections/${c2}/undo` })).statusCode).toBe(401);
    expect((await undo(ctx, id, 9999)).statusCode).toBe(404);

    const u2 = await undo(ctx, id, c2, '看错了');
    expect(u2.statusCode).toBe(200);
    expect(u2.json()).toMatchObject({ key: KEY, value: 7 });
    let d = await detail(ctx, id);
    expect(d.cells.find((c) => c.key === KEY)).toMatchObject({ value: 7, corrected: true });
    expect(d.corrections.map((c) => c.value)).toEqual([7, 8, 7]);
    expect(d.corrections[0]!.reason).toBe('撤销更正（原更正为 8：原件为8）：看错了');

    // Undo the undo: 8 again. Then undo the undo's undo and c1: back to the parsed 6, not corrected.
    const u3 = (await undo(ctx, id, (u2.json() as { correctionId: number }).correctionId)).json() as { correctionId: number; value: number };
    expect(u3.value).toBe(8);
    const u4 = (await undo(ctx, id, u3.correctionId)).json() as { correctionId: number; value: number };
    expect(u4.value).toBe(7);
    const u5 = (await undo(ctx, id, u4.correctionId)).json() as { value: number };
    expect(u5.value).toBe(8);
    d = await detail(ctx, id);
    expect(d.corrections).toHaveLength(6);

    // A cell corrected once, undone: parsed value, not corrected, aggregates follow.
    const other = await seed(ctx, record('金乡县胡集镇人民政府', 2023, requests(1, 0, 0)));
    const c = ((await correct(ctx, other, 5, '原件为5')).json() as { correction: { id: number } }).correction.id;
    expect((await undo(ctx, other, c)).json()).toMatchObject({ value: 1 });
    d = await detail(ctx, other);
    expect(d.cells.find((x) => x.key === KEY)).toMatchObject({ parsed: 1, value: 1, corrected: false });
    expect(d.corrections).toHaveLength(2);
  });

  it("reopens a flag whose decision is undone; the decision stays in the database", async () => {
    const ctx = await build();
    // Unbalanced: new 5 but only 3 processed, so an arithmetic flag.
    const id = await seed(ctx, record('金乡县羊山镇人民政府', 2023, { ...requests(3, 0, 0), 'requests.new.total': 5, 'requests.new.natural_person': 5 }));
    const flag = (await detail(ctx, id)).flags[0]!;
    expect(flag).toBeTruthy();
    expect((await ctx.app.inject({ method: 'POST', url: `/api/flags/${flag.id}/decision/undo`, headers: AUTH })).statusCode).toBe(400);
    await ctx.app.inject({ method: 'POST', url: `/api/flags/${flag.id}/decision`, payload: { state: 'dismissed', reason: '原件如此', author: '张三' }, headers: AUTH });
    expect((await detail(ctx, id)).flags.find((f) => f.id === flag.id)).toMatchObject({ state: 'dismissed' });
    expect((await ctx.app.inject({ method: 'POST', url: `/api/flags/${flag.id}/decision/undo` })).statusCode).toBe(401);
    const res = await ctx.app.inject({ method: 'POST', url: `/api/flags/${flag.id}/decision/undo`, payload: { reason: '排除错了' }, headers: AUTH });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: flag.id, state: 'open', decision: null });
    expect((await detail(ctx, id)).flags.find((f) => f.id === flag.id)).toMatchObject({ state: 'open' });
    // The open list counts it again; the dismissed list no longer has it.
    const open = (await ctx.app.inject({ url: `/api/flags?state=open&rule=${flag.rule}` })).json() as { rows: Flag[] };
    expect(open.rows.map((f) => f.id)).toContain(flag.id);
    const dismissed = (await ctx.app.inject({ url: `/api/flags?state=dismissed` })).json() as { rows: Flag[] };
    expect(dismissed.rows.map((f) => f.id)).not.toContain(flag.id);
    const rows = await ctx.db.selectFrom('flag_decision').select(['state', 'reason']).orderBy('id').execute();
    expect(rows).toEqual([{ state: 'dismissed', reason: '原件如此' }, { state: 'open', reason: '排除错了' }]);
    // It can be decided again.
    const again = await ctx.app.inject({ method: 'POST', url: `/api/flags/${flag.id}/decision`, payload: { state: 'confirmed', reason: '属实', author: '张三' }, headers: AUTH });
    expect(again.json()).toMatchObject({ state: 'confirmed' });
  });
});
