/**
 * "A flag counts unless dismissed" is one rule read in SQL (report list, aggregates, summary:
 * repositories/flags.repository.ts) and in JS (a report's own counts from its flags' review
 * state). On flags with many confirmed, dismissed and re-decided ones, every reading agrees.
 */
import { describe, expect, it } from 'vitest';
import { writeWithFlags } from '../../server/flags/write.ts';
import { record } from '../support/records.ts';
import { AUTH, build, requests, seed } from './helper.ts';

type Counts = { error: number; warning: number; info: number; total: number };

describe('not dismissed: SQL and JS count alike', () => {
  it('list rows, report detail, aggregates and the summary agree after random decisions', async () => {
    const ctx = await build();
    // Unbalanced tables raise several error and warning flags per report.
    for (let i = 0; i < 6; i++) {
      await seed(ctx, record(`金乡县第${i}镇人民政府`, 2023, { ...requests(3 + i, 1, 0), 'requests.processed_total.total': 9 + i, 'requests.new.total': 2 }));
    }
    const flags = ((await ctx.app.inject({ url: '/api/flags?limit=1000' })).json() as { rows: { id: number }[] }).rows;
    expect(flags.length).toBeGreaterThan(12);
    // Deterministic mix: dismiss, confirm, dismiss then confirm again (the latest decision wins).
    for (const [i, f] of flags.entries()) {
      const decide = (state: string) => ctx.app.inject({ method: 'POST', url: `/api/flags/${f.id}/decision`, payload: { state, reason: '核对', author: '甲' }, headers: AUTH });
      if (i % 3 === 0) await decide('dismissed');
      if (i % 3 === 1) await decide('confirmed');
      if (i % 5 === 0) await decide(i % 2 ? 'confirmed' : 'dismissed');
    }

    const list = ((await ctx.app.inject({ url: '/api/reports?limit=500' })).json() as { rows: { id: number; organId: number; flags: Counts }[] }).rows;
    const summary = (await ctx.app.inject({ url: '/api/flags/summary' })).json() as { byOrgan: ({ organId: number } & Counts)[] };
    const aggregates = ((await ctx.app.inject({ url: '/api/aggregates?year=2023&metrics=flags_error,flags_warning,flags_info,flags_total' })).json() as {
      rows: { organId: number; values: Record<string, number> }[];
    }).rows;
    let dismissed = 0;
    for (const row of list) {
      const detail = (await ctx.app.inject({ url: `/api/reports/${row.id}` })).json() as { report: { flags: Counts }; flags: { state: string }[] };
      dismissed += detail.flags.filter((f) => f.state === 'dismissed').length;
      expect(detail.report.flags, `report ${row.id}: list (SQL) and detail (JS)`).toEqual(row.flags);
      const byOrgan = summary.byOrgan.find((o) => o.organId === row.organId) ?? { error: 0, warning: 0, info: 0, total: 0 };
      expect({ error: byOrgan.error, warning: byOrgan.warning, info: byOrgan.info, total: byOrgan.total }).toEqual(row.flags);
      const agg = aggregates.find((a) => a.organId === row.organId)!.values;
      expect({ error: agg.flags_error, warning: agg.flags_warning, info: agg.flags_info, total: agg.flags_total }).toEqual(row.flags);
    }
    expect(dismissed).toBeGreaterThan(3);
    const dismissedSql = (await ctx.app.inject({ url: '/api/flags?state=dismissed&limit=1000' })).json() as { total: number };
    expect(dismissedSql.total).toBe(dismissed);
  });

  it('the report-write service commits the write and its flags together, or neither', async () => {
    const ctx = await build();
    await expect(writeWithFlags(ctx.db, async (trx) => {
      await trx.insertInto('county').values({ name: '回滚县', sort_key: null }).execute();
      return { changed: {} };
    }, () => {
      throw new Error('after the flags');
    })).rejects.toThrow('after the flags');
    expect(await ctx.db.selectFrom('county').select('id').where('name', '=', '回滚县').execute()).toEqual([]);
    await writeWithFlags(ctx.db, async (trx) => {
      await trx.insertInto('county').values({ name: '提交县', sort_key: null }).execute();
      return { changed: {} };
    });
    expect(await ctx.db.selectFrom('county').select('id').where('name', '=', '提交县').execute()).toHaveLength(1);
  });
});
