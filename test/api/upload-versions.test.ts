/**
 * Versions through POST /api/uploads: re-sending an older version makes it current again (with
 * history, and the answer says so), re-sending the current one changes nothing; and when a
 * version replaces another, the answer lists the replaced version's corrections and flag
 * decisions that no longer hold.
 */
import { describe, expect, it } from 'vitest';
import { renderText } from '../../server/report/render.ts';
import { record } from '../support/records.ts';
import { counts } from '../support/db.ts';
import { AUTH, build, multipart, requests } from './helper.ts';
import type { Ctx } from './helper.ts';

type Result = {
  outcome: string; reportId: number | null; reason: string | null; restored?: boolean;
  superseded?: { fromReportId: number; corrections: { key: string; cell: string; value: number | null; current: number | null }[]; decisions: { rule: string; state: string }[] };
};

const ORGAN = '金乡县羊山镇人民政府';

function fileOf(values: Record<string, number | null>, name: string) {
  return { name, data: Buffer.from(renderText(record(ORGAN, 2023, values), 'rows-tab')) };
}

async function upload(ctx: Ctx, f: { name: string; data: Buffer }): Promise<Result> {
  const body = multipart([f], { county: '金乡县' });
  const res = await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...body, headers: { ...body.headers, ...AUTH } });
  expect(res.statusCode).toBe(200);
  return (res.json() as { results: Result[] }).results[0]!;
}

async function current(ctx: Ctx): Promise<{ id: number; current: number }[]> {
  return ctx.db.selectFrom('report').select(['id', 'current']).orderBy('id').execute();
}

async function newTotal(ctx: Ctx): Promise<number | null> {
  const county = ((await ctx.app.inject({ url: '/api/counties' })).json() as { rows: { id: number; name: string }[] }).rows.find((c) => c.name === '金乡县')!;
  const agg = (await ctx.app.inject({ url: `/api/aggregates?year=2023&county=${county.id}&metrics=requests.new.total` })).json() as { rows: { values: Record<string, number | null> }[] };
  expect(agg.rows).toHaveLength(1);
  return agg.rows[0]!.values['requests.new.total']!;
}

describe('re-sending versions', () => {
  it('an older version re-sent becomes current again; the current one re-sent changes nothing', async () => {
    const ctx = await build();
    const a = fileOf(requests(6, 2, 2), 'a.txt');
    const b = fileOf(requests(7, 2, 2), 'b.txt');
    const first = await upload(ctx, a);
    expect(first.outcome).toBe('ingested');
    const second = await upload(ctx, b);
    expect(second.outcome).toBe('replaced');
    expect(await newTotal(ctx)).toBe(11);

    const again = await upload(ctx, a);
    expect(again.outcome).toBe('replaced');
    expect(again.restored).toBe(true);
    expect(again.reportId).toBe(first.reportId);
    expect(again.reason).toContain('已恢复为当前版本');
    // A is in force again, B is history; nothing new is stored.
    expect(await current(ctx)).toEqual([{ id: first.reportId, current: 1 }, { id: second.reportId, current: 0 }]);
    expect(await newTotal(ctx)).toBe(10);
    const flagsOfB = await ctx.db.selectFrom('flag').select('id').where('report_id', '=', second.reportId).execute();
    expect(flagsOfB).toEqual([]);

    // The version in force re-sent: 未变化, nothing written.
    const before = await counts(ctx);
    const same = await upload(ctx, a);
    expect(same.outcome).toBe('unchanged');
    expect(same.restored).toBeUndefined();
    expect(await counts(ctx)).toEqual(before);
    expect(await current(ctx)).toEqual([{ id: first.reportId, current: 1 }, { id: second.reportId, current: 0 }]);
  });

  it('lists the corrections and flag decisions of the replaced version that no longer hold', async () => {
    const ctx = await build();
    // A: 本年新收 12 but processed 10: the balance rule flags it.
    const a = fileOf({ ...requests(6, 2, 2), 'requests.new.natural_person': 12, 'requests.new.total': 12 }, 'a.txt');
    const first = await upload(ctx, a);
    const id = first.reportId!;
    const corrected = await ctx.app.inject({
      method: 'POST', url: `/api/reports/${id}/corrections`, headers: AUTH,
      payload: { key: 'requests.granted.total', value: 8, reason: '原件核对为8', author: '张三' },
    });
    expect(corrected.statusCode).toBe(200);
    const flags = (await ctx.app.inject({ url: `/api/flags?report=${id}&limit=100` })).json() as { rows: { id: number; rule: string; reportId: number }[] };
    const balance = flags.rows.find((f) => f.rule === 'arith.balance' && f.reportId === id);
    expect(balance).toBeDefined();
    const decided = await ctx.app.inject({
      method: 'POST', url: `/api/flags/${balance!.id}/decision`, headers: AUTH, payload: { state: 'dismissed', reason: '已电话核实', author: '张三' },
    });
    expect(decided.statusCode).toBe(200);

    // B fixes the balance; its 办理结果 granted is still 6 as printed.
    const b = fileOf({ ...requests(8, 2, 2) , 'requests.granted.total': 6, 'requests.granted.natural_person': 6, 'requests.new.total': 12, 'requests.new.natural_person': 12 }, 'b.txt');
    const second = await upload(ctx, b);
    expect(second.outcome).toBe('replaced');
    expect(second.superseded?.fromReportId).toBe(id);
    expect(second.superseded?.corrections).toEqual([
      expect.objectContaining({ key: 'requests.granted.total', value: 8, current: 6 }),
    ]);
    expect(second.superseded?.corrections[0]!.cell).toContain('总计');
    expect(second.superseded?.decisions).toEqual([expect.objectContaining({ rule: 'arith.balance', state: 'dismissed' })]);
    expect(second.reason).toContain('1 处更正');
    expect(second.reason).toContain('1 项核查结论');

    // Re-sending A makes it current with its own correction in force again; B had none to lose.
    const back = await upload(ctx, a);
    expect(back.restored).toBe(true);
    expect(back.superseded).toBeUndefined();
    const cells = (await ctx.app.inject({ url: `/api/reports/${id}/cells` })).json() as { rows?: { key: string; value: number | null }[] } | { key: string; value: number | null }[];
    const list = Array.isArray(cells) ? cells : cells.rows ?? [];
    expect(list.find((c) => c.key === 'requests.granted.total')?.value).toBe(8);
  });
});
