/**
 * Which version is in force after a mistake is undone (issue 15): deleting the version in force
 * brings back the newest earlier version not deleted, and undeleting it puts it back; moving one
 * report to another organ of the county, where it becomes a version by the usual rule (the newer
 * upload is in force) and the organ-year it left gets its previous version back. Flags of every
 * organ-year touched are those a recompute gives.
 */
import { describe, expect, it } from 'vitest';
import { flagsOfReport } from '../../server/flags/recompute.ts';
import { record } from '../support/records.ts';
import { AUTH, build, requests, seed } from './helper.ts';
import type { Ctx } from './helper.ts';

interface Ref { id: number; no: number; fileName: string }
interface Change { id: number; deletedAt: string | null; inForce: Ref | null; reinstated: number | null; replaced: number[]; message: string }
interface Moved {
  id: number; organId: number; organ: string; fromOrganId: number; fromOrgan: string; inForce: boolean; replaced: number[];
  targetInForce: Ref | null; reinstated: number | null; sourceInForce: Ref | null; message: string;
}
interface Version { id: number; state: string; actions: { action: string; reason: string; detail: Record<string, unknown> | null }[] }
interface Detail { report: { id: number; organId: number; organ: string; current: boolean }; history: Version[] }

const YANGSHAN = '金乡县羊山镇人民政府';
const HUJI = '金乡县胡集镇人民政府';
/** 新收 12 but 办理 10: the balance rule flags it, so there is a flag to follow. */
const UNBALANCED = { ...requests(6, 2, 2), 'requests.new.natural_person': 12, 'requests.new.total': 12 };

const detail = async (ctx: Ctx, id: number) => (await ctx.app.inject({ url: `/api/reports/${id}` })).json() as Detail;
const states = async (ctx: Ctx, id: number) => (await detail(ctx, id)).history.map((h) => [h.id, h.state]);
const del = (ctx: Ctx, id: number, reason = '上传错了文件') =>
  ctx.app.inject({ method: 'DELETE', url: `/api/reports/${id}?reason=${encodeURIComponent(reason)}`, headers: AUTH });
const undelete = (ctx: Ctx, id: number) => ctx.app.inject({ method: 'POST', url: `/api/reports/${id}/restore`, payload: { reason: '误删' }, headers: AUTH });
const moveOrgan = (ctx: Ctx, id: number, organ: number, reason = '报告属胡集镇', headers: Record<string, string> = AUTH) =>
  ctx.app.inject({ method: 'POST', url: `/api/reports/${id}/move-organ`, payload: { organ, reason }, headers });
const organId = async (ctx: Ctx, name: string) => (await ctx.db.selectFrom('organ').select('id').where('name', 'like', `%${name}%`).executeTakeFirstOrThrow()).id;

/** The report's stored flags (its own rules) and what a fresh check gives: the same identities. */
async function flagIdentities(ctx: Ctx, id: number) {
  const stored = (await ctx.db.selectFrom('flag').select('identity').where('report_id', '=', id).execute()).map((f) => f.identity).sort();
  const fresh = (await flagsOfReport(ctx.db, id)).filter((f) => f.reportId === id).map((f) => f.identity).sort();
  return { stored, fresh };
}
const storedFlags = async (ctx: Ctx, id: number) => (await ctx.db.selectFrom('flag').select('rule').where('report_id', '=', id).execute()).map((f) => f.rule);
const newTotal = async (ctx: Ctx, organ: number) => {
  const agg = (await ctx.app.inject({ url: `/api/reports?organ=${organ}&year=2023` })).json() as { rows: { id: number }[] };
  return agg.rows.map((r) => r.id);
};

describe('deleting the version in force', () => {
  it('brings back the newest earlier version with its flags, and undeleting puts the deleted one back in force', async () => {
    const ctx = await build();
    const v1 = await seed(ctx, record(YANGSHAN, 2023, requests(1, 0, 0)), { fileName: 'v1.txt' });
    const v2 = await seed(ctx, record(YANGSHAN, 2023, UNBALANCED), { fileName: 'v2.txt' });
    const v3 = await seed(ctx, record(YANGSHAN, 2023, requests(3, 0, 0)), { fileName: 'v3.txt' });
    expect(await storedFlags(ctx, v2)).toEqual([]); // a replaced version has no stored flags

    const res = await del(ctx, v3);
    expect(res.statusCode).toBe(200);
    const body = res.json() as Change;
    expect(body).toMatchObject({ id: v3, reinstated: v2, replaced: [v3], inForce: { id: v2, no: 2, fileName: 'v2.txt' } });
    expect(body.message).toBe('已删除；第 2 版（v2.txt）恢复为现行版本。');
    expect(await states(ctx, v3)).toEqual([[v3, 'deleted'], [v2, 'in_force'], [v1, 'replaced']]);
    const d = await detail(ctx, v2);
    expect(d.report.current).toBe(true);
    expect(d.history[1]!.actions[0]).toMatchObject({ action: 'restore', reason: '上传错了文件', detail: { cause: 'delete', deletedReportId: v3 } });
    expect(d.history[0]!.actions[0]).toMatchObject({ action: 'delete', detail: { wasInForce: true, reinstatedReportId: v2 } });
    // Flags follow: v2's balance flag is stored now, v3 has none, and they are what a recompute gives.
    expect(await storedFlags(ctx, v2)).toContain('arith.balance');
    expect(await storedFlags(ctx, v3)).toEqual([]);
    const f2 = await flagIdentities(ctx, v2);
    expect(f2.stored).toEqual(f2.fresh);
    const organ = d.report.organId;
    expect(await newTotal(ctx, organ)).toEqual([v2]);
    const agg = (await ctx.app.inject({ url: '/api/aggregates/total?year=2023' })).json() as { tables: { requests: Record<string, { total: number | null }> } };
    expect(agg.tables.requests.new!.total).toBe(12);

    // Undoing the delete: v3 in force again, v2 back to history, flags with them.
    const back = await undelete(ctx, v3);
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ id: v3, deletedAt: null, reinstated: v3, replaced: [v2], inForce: { id: v3, no: 3 } });
    expect((back.json() as Change).message).toBe('已取消删除；第 3 版（v3.txt）重新成为现行版本，第 2 版（v2.txt）转为历史版本。');
    expect(await states(ctx, v3)).toEqual([[v3, 'in_force'], [v2, 'replaced'], [v1, 'replaced']]);
    expect(await storedFlags(ctx, v2)).toEqual([]);
    expect(await newTotal(ctx, organ)).toEqual([v3]);
    expect((await detail(ctx, v3)).history[0]!.actions[0]).toMatchObject({ action: 'undelete', reason: '误删', detail: { inForce: true, replaced: [v2] } });
  });

  it('with no earlier version leaves the organ-year without a report in force; undeleting restores it', async () => {
    const ctx = await build();
    const only = await seed(ctx, record(YANGSHAN, 2023, requests(1, 0, 0)), { fileName: 'only.txt' });
    const organ = await organId(ctx, '羊山镇');
    const res = (await del(ctx, only)).json() as Change;
    expect(res).toMatchObject({ id: only, inForce: null, reinstated: null, replaced: [only] });
    expect(res.message).toBe('已删除；本单位本年度暂无现行版本。');
    expect(await newTotal(ctx, organ)).toEqual([]);
    const back = (await undelete(ctx, only)).json() as Change;
    expect(back).toMatchObject({ reinstated: only, inForce: { id: only, no: 1, fileName: 'only.txt' } });
    expect(back.message).toBe('已取消删除；第 1 版（only.txt）重新成为现行版本。');
    expect(await newTotal(ctx, organ)).toEqual([only]);
  });

  it('skips earlier versions that are deleted: with all of them deleted, nothing is in force', async () => {
    const ctx = await build();
    const v1 = await seed(ctx, record(YANGSHAN, 2023, requests(1, 0, 0)), { fileName: 'v1.txt' });
    const v2 = await seed(ctx, record(YANGSHAN, 2023, requests(2, 0, 0)), { fileName: 'v2.txt' });
    const v3 = await seed(ctx, record(YANGSHAN, 2023, requests(3, 0, 0)), { fileName: 'v3.txt' });
    // Deleting a replaced version changes nothing in force, and says which one is.
    const first = (await del(ctx, v2)).json() as Change;
    expect(first).toMatchObject({ reinstated: null, replaced: [], inForce: { id: v3, no: 3 } });
    expect(first.message).toBe('已删除（保留在历史中）；现行版本仍为第 3 版（v3.txt）。');
    // v2 deleted: deleting v3 skips it and brings back v1.
    expect(((await del(ctx, v3)).json() as Change).inForce).toMatchObject({ id: v1, no: 1 });
    expect(await states(ctx, v1)).toEqual([[v3, 'deleted'], [v2, 'deleted'], [v1, 'in_force']]);
    // v1 deleted too: none left.
    const last = (await del(ctx, v1)).json() as Change;
    expect(last).toMatchObject({ inForce: null, reinstated: null, replaced: [v1] });
    expect(await newTotal(ctx, await organId(ctx, '羊山镇'))).toEqual([]);
    // Undeleting v2 (deleted as history) brings it back as history: nothing in force still.
    const v2back = (await undelete(ctx, v2)).json() as Change;
    expect(v2back).toMatchObject({ reinstated: null, inForce: null });
    expect(v2back.message).toBe('已取消删除，作为历史版本保留；本单位本年度暂无现行版本。');
    // Deleting the version in force when only later versions are left brings none back.
    const ctx2 = await build();
    const a = await seed(ctx2, record(YANGSHAN, 2023, requests(1, 0, 0)), { fileName: 'a.txt' });
    const b = await seed(ctx2, record(YANGSHAN, 2023, requests(2, 0, 0)), { fileName: 'b.txt' });
    expect((await ctx2.app.inject({ method: 'POST', url: `/api/reports/${a}/make-current`, payload: { reason: '第一版为准' }, headers: AUTH })).statusCode).toBe(200);
    const gone = (await del(ctx2, a)).json() as Change;
    expect(gone).toMatchObject({ inForce: null, reinstated: null });
    expect(gone.message).toContain('没有更早的版本可以恢复');
    expect(await states(ctx2, a)).toEqual([[b, 'replaced'], [a, 'deleted']]);
  });

  it('undeleting after a newer upload keeps the newer one in force', async () => {
    const ctx = await build();
    const v1 = await seed(ctx, record(YANGSHAN, 2023, requests(1, 0, 0)), { fileName: 'v1.txt' });
    const v2 = await seed(ctx, record(YANGSHAN, 2023, requests(2, 0, 0)), { fileName: 'v2.txt' });
    expect(((await del(ctx, v2)).json() as Change).inForce?.id).toBe(v1);
    const v3 = await seed(ctx, record(YANGSHAN, 2023, requests(3, 0, 0)), { fileName: 'v3.txt' });
    const back = (await undelete(ctx, v2)).json() as Change;
    expect(back).toMatchObject({ reinstated: null, replaced: [], inForce: { id: v3, no: 3 } });
    expect(back.message).toBe('已取消删除，作为历史版本保留；现行版本为第 3 版（v3.txt）。');
    expect(await states(ctx, v3)).toEqual([[v3, 'in_force'], [v2, 'replaced'], [v1, 'replaced']]);
  });
});

describe('POST /api/reports/:id/move-organ', () => {
  it('moves a report to the organ it belongs to: newer than the one there, it is in force; the organ it left gets its previous version back', async () => {
    const ctx = await build();
    const y1 = await seed(ctx, record(YANGSHAN, 2023, requests(1, 0, 0)), { fileName: 'y1.txt' });
    const h1 = await seed(ctx, record(HUJI, 2023, requests(4, 0, 0)), { fileName: 'h1.txt' });
    // 胡集镇's corrected report, filed under 羊山镇 (its title named the wrong town).
    const wrong = await seed(ctx, record(YANGSHAN, 2023, UNBALANCED), { fileName: 'huji-new.txt' });
    const [yangshan, huji] = [await organId(ctx, '羊山镇'), await organId(ctx, '胡集镇')];
    expect(await storedFlags(ctx, wrong)).toContain('arith.balance');

    const res = await moveOrgan(ctx, wrong, huji);
    expect(res.statusCode).toBe(200);
    const body = res.json() as Moved;
    expect(body).toMatchObject({
      id: wrong, organId: huji, organ: '胡集镇', fromOrganId: yangshan, fromOrgan: '羊山镇', inForce: true, replaced: [h1],
      targetInForce: { id: wrong, no: 2, fileName: 'huji-new.txt' }, reinstated: y1, sourceInForce: { id: y1, no: 1, fileName: 'y1.txt' },
    });
    expect(body.message).toBe('已移到胡集镇。胡集镇 2023 年原有现行版本第 1 版（h1.txt）；本报告上传较晚，作为第 2 版（huji-new.txt）成为现行版本，原版本转为历史版本。羊山镇 2023 年的第 1 版（y1.txt）恢复为现行版本。');
    const d = await detail(ctx, wrong);
    expect(d.report).toMatchObject({ organId: huji, organ: '胡集镇', current: true });
    expect(d.history.map((h) => [h.id, h.state])).toEqual([[wrong, 'in_force'], [h1, 'replaced']]);
    expect(d.history[0]!.actions[0]).toMatchObject({
      action: 'move', reason: '报告属胡集镇', detail: { fromOrganId: yangshan, fromOrgan: '羊山镇', toOrganId: huji, toOrgan: '胡集镇', inForce: true, replaced: [h1], reinstatedReportId: y1 },
    });
    expect(await states(ctx, y1)).toEqual([[y1, 'in_force']]);
    expect((await detail(ctx, y1)).history[0]!.actions[0]).toMatchObject({ action: 'restore', detail: { cause: 'move', movedReportId: wrong } });
    expect(await newTotal(ctx, huji)).toEqual([wrong]);
    expect(await newTotal(ctx, yangshan)).toEqual([y1]);
    // Flags of both organ-years: the moved report's flags name its new organ; h1 has none now.
    const f = await flagIdentities(ctx, wrong);
    expect(f.stored.length).toBeGreaterThan(0);
    expect(f.stored).toEqual(f.fresh);
    expect(f.stored.every((i) => i.split('|')[1] === String(huji))).toBe(true);
    expect(await storedFlags(ctx, h1)).toEqual([]);
    const fy = await flagIdentities(ctx, y1);
    expect(fy.stored).toEqual(fy.fresh);
    const byOrgan = (await ctx.app.inject({ url: '/api/aggregates?year=2023&metrics=requests.new.total' })).json() as { rows: { organ: string; values: Record<string, number | null> }[] };
    expect(Object.fromEntries(byOrgan.rows.map((r) => [r.organ, r.values['requests.new.total']]))).toMatchObject({ 羊山镇: 1, 胡集镇: 12 });
  });

  it('an older report moved where a newer one is in force becomes its history; the organ it left, with no earlier version, has none in force', async () => {
    const ctx = await build();
    const stray = await seed(ctx, record(YANGSHAN, 2023, requests(2, 0, 0)), { fileName: 'stray.txt' });
    await seed(ctx, record(YANGSHAN, 2022, requests(2, 0, 0)), { fileName: 'y2022.txt' }); // 羊山镇 keeps another year
    const h1 = await seed(ctx, record(HUJI, 2023, requests(4, 0, 0)), { fileName: 'h1.txt' });
    const [yangshan, huji] = [await organId(ctx, '羊山镇'), await organId(ctx, '胡集镇')];
    const body = (await moveOrgan(ctx, stray, huji)).json() as Moved;
    expect(body).toMatchObject({ inForce: false, replaced: [], targetInForce: { id: h1, no: 2 }, reinstated: null, sourceInForce: null });
    expect(body.message).toBe('已移到胡集镇。胡集镇 2023 年已有较新上传的现行版本第 2 版（h1.txt），本报告作为第 1 版（stray.txt）保留在历史中。羊山镇 2023 年暂无现行版本。');
    expect(await states(ctx, h1)).toEqual([[h1, 'in_force'], [stray, 'replaced']]);
    expect(await newTotal(ctx, yangshan)).toEqual([]);
    expect(await newTotal(ctx, huji)).toEqual([h1]);
    // The missing-report flag of 羊山镇 2023 is there now (it reported in 2022): its organ-year was redone.
    const missing = (await ctx.app.inject({ url: '/api/missing?year=2023' })).json() as { rows: { organ: string }[] };
    expect(missing.rows.map((r) => r.organ)).toContain('羊山镇');
  });

  it('moves a deleted report as deleted history, and an organ left empty is dropped', async () => {
    const ctx = await build();
    const h1 = await seed(ctx, record(HUJI, 2023, requests(4, 0, 0)), { fileName: 'h1.txt' });
    const lone = await seed(ctx, record('金乡县白鹭镇人民政府', 2023, requests(2, 0, 0)), { fileName: 'lone.txt' });
    const bailu = await organId(ctx, '白鹭镇');
    expect((await del(ctx, lone)).statusCode).toBe(200);
    const body = (await moveOrgan(ctx, lone, await organId(ctx, '胡集镇'))).json() as Moved;
    expect(body).toMatchObject({ inForce: false, replaced: [], targetInForce: { id: h1 }, sourceInForce: null });
    expect(body.message).toContain('本报告已删除，作为胡集镇 2023 年的第 2 版（lone.txt）保留在历史中。');
    expect(await states(ctx, h1)).toEqual([[lone, 'deleted'], [h1, 'in_force']]);
    expect((await ctx.app.inject({ url: `/api/organs/${bailu}` })).statusCode).toBe(404);
  });

  it('refuses: the same organ, an unknown organ, another county, no reason, no token, no such report', async () => {
    const ctx = await build();
    const y = await seed(ctx, record(YANGSHAN, 2023, requests(1, 0, 0)));
    const other = await seed(ctx, record('鱼台县王鲁镇人民政府', 2023, requests(5, 0, 0)), { county: '鱼台县' });
    const yangshan = await organId(ctx, '羊山镇');
    const same = await moveOrgan(ctx, y, yangshan);
    expect(same.statusCode).toBe(400);
    expect((same.json() as { error: { message: string } }).error.message).toBe(`报告 ${y} 已在羊山镇名下，请选择另一个单位。`);
    const unknown = await moveOrgan(ctx, y, 99999);
    expect(unknown.statusCode).toBe(400);
    expect((unknown.json() as { error: { message: string } }).error.message).toBe('没有编号为 99999 的单位。');
    const wangLu = (await detail(ctx, other)).report.organId;
    const county = await moveOrgan(ctx, y, wangLu);
    expect(county.statusCode).toBe(400);
    expect((county.json() as { error: { message: string } }).error.message).toContain('不在本报告的县区');
    expect((await moveOrgan(ctx, y, wangLu, ' ')).statusCode).toBe(400);
    expect((await moveOrgan(ctx, y, wangLu, '核实', {})).statusCode).toBe(401);
    expect((await moveOrgan(ctx, 99999, yangshan)).statusCode).toBe(404);
    // Nothing moved, nothing recorded.
    expect((await detail(ctx, y)).report.organId).toBe(yangshan);
    expect(await ctx.db.selectFrom('report_action').select('id').execute()).toEqual([]);
  });
});
