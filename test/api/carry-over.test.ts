/**
 * POST /api/reports/:id/carry-over: the corrections and flag decisions of the version a report
 * replaced are carried over at the clerk's request, through the correction and decision paths,
 * once (a second call changes nothing); GET says what would be carried.
 */
import { describe, expect, it } from 'vitest';
import { renderText } from '../../server/report/render.ts';
import { record } from '../support/records.ts';
import { AUTH, build, multipart, requests, seed } from './helper.ts';
import type { Ctx } from './helper.ts';

const ORGAN = '金乡县羊山镇人民政府';
const MARK = '（沿用自上一版本）';

type Item = { key?: string; rule?: string; value?: number | null; current?: number | null; state?: string; reason: string; why?: string };
type Result = { reportId: number; fromReportId: number | null; carried: { corrections: Item[]; decisions: Item[] }; notCarried: { corrections: Item[]; decisions: Item[] } };
type Flag = { id: number; rule: string; reportId: number; state: string; decision: { state: string; reason: string; author: string } | null };

async function upload(ctx: Ctx, values: Record<string, number | null>, name: string): Promise<{ outcome: string; reportId: number; superseded?: unknown }> {
  const body = multipart([{ name, data: Buffer.from(renderText(record(ORGAN, 2023, values), 'rows-tab')) }], { county: '金乡县' });
  const res = await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...body, headers: { ...body.headers, ...AUTH } });
  expect(res.statusCode).toBe(200);
  return (res.json() as { results: { outcome: string; reportId: number; superseded?: unknown }[] }).results[0]!;
}

const flagsOf = async (ctx: Ctx, id: number) => ((await ctx.app.inject({ url: `/api/flags?report=${id}&limit=100` })).json() as { rows: Flag[] }).rows;
const carry = (ctx: Ctx, id: number, payload: object = {}, headers: Record<string, string> = AUTH) =>
  ctx.app.inject({ method: 'POST', url: `/api/reports/${id}/carry-over`, headers, payload });

/** A: 本年新收 12 but 10 processed (the balance rule flags it); a cell corrected, the flag dismissed. B: 13 new, the flag comes back with other numbers. */
async function replaced(ctx: Ctx) {
  const a = await upload(ctx, { ...requests(6, 2, 2), 'requests.new.natural_person': 12, 'requests.new.total': 12 }, 'a.txt');
  const corrected = await ctx.app.inject({
    method: 'POST', url: `/api/reports/${a.reportId}/corrections`, headers: AUTH,
    payload: { key: 'appeals.review.upheld', value: 3, reason: '原件核对为3', author: '张三' },
  });
  expect(corrected.statusCode).toBe(200);
  const balance = (await flagsOf(ctx, a.reportId)).find((f) => f.rule === 'arith.balance');
  expect(balance).toBeDefined();
  const decided = await ctx.app.inject({
    method: 'POST', url: `/api/flags/${balance!.id}/decision`, headers: AUTH, payload: { state: 'dismissed', reason: '已电话核实', author: '张三' },
  });
  expect(decided.statusCode).toBe(200);
  const b = await upload(ctx, { ...requests(6, 2, 2), 'requests.new.natural_person': 13, 'requests.new.total': 13 }, 'b.txt');
  expect(b.outcome).toBe('replaced');
  expect(b.superseded).toBeDefined();
  return { a: a.reportId, b: b.reportId };
}

async function countRows(ctx: Ctx) {
  const n = async (t: 'correction' | 'flag_decision' | 'flag') => Number((await ctx.db.selectFrom(t).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { corrections: await n('correction'), decisions: await n('flag_decision'), flags: await n('flag') };
}

describe('carrying corrections and flag decisions over to the new version', () => {
  it('redoes the previous version\'s correction and decision on the version in force, once', async () => {
    const ctx = await build();
    const { a, b } = await replaced(ctx);

    const preview = (await ctx.app.inject({ url: `/api/reports/${b}/carry-over` })).json() as Result;
    expect(preview.fromReportId).toBe(a);
    expect(preview.carried.corrections).toEqual([expect.objectContaining({ key: 'appeals.review.upheld', value: 3, reason: '原件核对为3' })]);
    expect(preview.carried.decisions).toEqual([expect.objectContaining({ rule: 'arith.balance', state: 'dismissed' })]);
    expect(await flagsOf(ctx, b)).toContainEqual(expect.objectContaining({ rule: 'arith.balance', state: 'open' }));

    const res = await carry(ctx, b);
    expect(res.statusCode).toBe(200);
    const done = res.json() as Result;
    expect(done).toEqual(preview);

    // The cell: value in force, and a correction in its history like one made through the correction route.
    const cells = (await ctx.app.inject({ url: `/api/reports/${b}/cells` })).json() as { rows: { key: string; value: number | null; parsed: number | null; corrected: boolean }[] };
    expect(cells.rows.find((c) => c.key === 'appeals.review.upheld')).toEqual(expect.objectContaining({ value: 3, corrected: true }));
    const history = (await ctx.app.inject({ url: `/api/reports/${b}/corrections?key=appeals.review.upheld` })).json() as { rows: { value: number; reason: string; author: string }[] };
    expect(history.rows).toEqual([expect.objectContaining({ value: 3, reason: `原件核对为3${MARK}`, author: '张三' })]);
    const agg = (await ctx.app.inject({ url: `/api/aggregates?year=2023&metrics=appeals.review.upheld` })).json() as { rows: { values: Record<string, number | null> }[] };
    expect(agg.rows[0]!.values['appeals.review.upheld']).toBe(3);
    // The decision: on B's flag of the same rule.
    const flag = (await flagsOf(ctx, b)).find((f) => f.rule === 'arith.balance')!;
    expect(flag.state).toBe('dismissed');
    expect(flag.decision).toEqual(expect.objectContaining({ reason: `已电话核实${MARK}`, author: '张三' }));
    // A keeps its own.
    const own = (await ctx.app.inject({ url: `/api/reports/${a}/corrections` })).json() as { rows: { reason: string }[] };
    expect(own.rows.map((r) => r.reason)).toEqual(['原件核对为3']);

    // Again: nothing changes, and the answer says why.
    const before = await countRows(ctx);
    const again = await carry(ctx, b);
    expect(again.statusCode).toBe(200);
    const second = again.json() as Result;
    expect(second.carried).toEqual({ corrections: [], decisions: [] });
    expect(second.notCarried.corrections).toEqual([expect.objectContaining({ key: 'appeals.review.upheld', why: expect.stringContaining('已与这处更正相同') })]);
    expect(second.notCarried.decisions).toEqual([expect.objectContaining({ rule: 'arith.balance', why: expect.stringContaining('已有核查结论') })]);
    expect(await countRows(ctx)).toEqual(before);
    const after = (await ctx.app.inject({ url: `/api/reports/${b}/carry-over` })).json() as Result;
    expect(after.carried).toEqual({ corrections: [], decisions: [] });
  });

  it('carries only what the body selects, and says what it left', async () => {
    const ctx = await build();
    const { b } = await replaced(ctx);
    const res = await carry(ctx, b, { corrections: [], decisions: ['arith.balance'] });
    expect(res.statusCode).toBe(200);
    const done = res.json() as Result;
    expect(done.carried.corrections).toEqual([]);
    expect(done.notCarried.corrections).toEqual([expect.objectContaining({ key: 'appeals.review.upheld', why: '未选择。' })]);
    expect(done.carried.decisions).toEqual([expect.objectContaining({ rule: 'arith.balance' })]);
    const rest = (await carry(ctx, b, { corrections: ['appeals.review.upheld'] })).json() as Result;
    expect(rest.carried.corrections).toEqual([expect.objectContaining({ key: 'appeals.review.upheld' })]);
    expect(rest.carried.decisions).toEqual([]);
  });

  it('refuses without the token, a bad selection, a report with no previous version answers empty', async () => {
    const ctx = await build();
    const { a, b } = await replaced(ctx);
    const before = await countRows(ctx);
    expect((await carry(ctx, b, {}, {})).statusCode).toBe(401);
    expect((await carry(ctx, b, {}, { authorization: 'Bearer wrong-token-0123456789' })).statusCode).toBe(401);
    expect(await countRows(ctx)).toEqual(before);
    const bad = await carry(ctx, b, { corrections: ['no.such.cell'] });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { code: string } }).error.code).toBe('bad_request');
    expect((await carry(ctx, b, { decisions: ['no.rule'] })).statusCode).toBe(400);
    expect((await carry(ctx, a)).statusCode).toBe(400); // A is history now
    expect((await carry(ctx, 9999)).statusCode).toBe(404);
    expect(await countRows(ctx)).toEqual(before);
    const alone = await seed(ctx, record('金乡县胡集镇人民政府', 2023, requests(1, 0, 3)));
    const none = (await carry(ctx, alone)).json() as Result;
    expect(none).toEqual({ reportId: alone, fromReportId: null, carried: { corrections: [], decisions: [] }, notCarried: { corrections: [], decisions: [] } });
    // No body at all: carries all (here nothing).
    const bare = await ctx.app.inject({ method: 'POST', url: `/api/reports/${alone}/carry-over`, headers: AUTH });
    expect(bare.statusCode).toBe(200);
    expect((bare.json() as Result).fromReportId).toBeNull();
    expect(await countRows(ctx)).toEqual(expect.objectContaining({ corrections: before.corrections, decisions: before.decisions }));
  });
});
