/**
 * A null in a request body stays null: the app validates with coerceTypes, and a schema written
 * as a union with null would let ajv turn a blank (null) into 0. A blank is never 0.
 */
import { describe, expect, it } from 'vitest';
import { record } from '../support/records.ts';
import { AUTH, build, requests, seed } from './helper.ts';

describe('null in request bodies', () => {
  it('a correction to blank stores blank, not 0', async () => {
    const ctx = await build();
    const id = await seed(ctx, record('青禾县白沙镇人民政府', 2024, requests(1, 1, 1)), { county: '青禾县' });
    const res = await ctx.app.inject({ method: 'POST', url: `/api/reports/${id}/corrections`, headers: AUTH, payload: { key: 'requests.new.commercial', value: null, reason: '原件此格空白' } });
    expect(res.statusCode, res.body).toBe(200);
    const cells = (await ctx.app.inject({ url: `/api/reports/${id}/cells` })).json() as { rows: { key: string; value: number | null; corrected: boolean }[] };
    const cell = cells.rows.find((c) => c.key === 'requests.new.commercial')!;
    expect(cell.corrected).toBe(true);
    expect(cell.value).toBeNull();
  });
});
