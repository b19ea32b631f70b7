/**
 * 手工录入: a report typed in the template's layout becomes the same record as a parsed one
 * (same storage, same checks), blank stays blank, its text original reads back to the same
 * numbers, and typing it again changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { AUTH, build } from './helper.ts';

const CELLS = {
  'requests.new.natural_person': 5, 'requests.new.total': 5,
  'requests.granted.natural_person': 3, 'requests.granted.total': 3,
  'requests.processed_total.natural_person': 3, 'requests.processed_total.total': 3,
  'requests.carried_forward.natural_person': 2, 'requests.carried_forward.total': 2,
  'active.licensing.decisions': 1234, 'active.fees.amount_wan_yuan': 1.5,
  'requests.new.commercial': null,
};
const BODY = { organ: '青禾县白沙镇人民政府', county: '青禾县', year: 2025, published: '2026-01-20', cells: CELLS, narrative: { overview: '2025年，白沙镇推进政务公开。', problems: null, other: '本年度未收取信息处理费。' } };

interface Detail {
  report: { organ: string; county: string; year: number; published: string };
  document: { via: string; fileName: string; format: string };
  cells: { key: string; value: number | null; line: number | null }[];
  flags: { rule: string }[];
  text: string;
}

describe('POST /api/reports/manual', () => {
  it('stores a typed report as a parsed one would be, blanks kept blank', async () => {
    const ctx = await build();
    const res = await ctx.app.inject({ method: 'POST', url: '/api/reports/manual', headers: AUTH, payload: BODY });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as { outcome: string; reportId: number; organ: string };
    expect(r.outcome).toBe('ingested');
    const d = (await ctx.app.inject({ url: `/api/reports/${r.reportId}` })).json() as Detail;
    expect(d.document.via).toBe('manual');
    expect(d.document.fileName).toContain('手工录入');
    expect(d.report).toMatchObject({ organ: '白沙镇', county: '青禾县', year: 2025, published: '2026-01-20' });
    const v = new Map(d.cells.map((c) => [c.key, c]));
    expect(v.get('active.licensing.decisions')?.value).toBe(1234);
    expect(v.get('active.fees.amount_wan_yuan')?.value).toBe(1.5);
    expect(v.get('requests.new.commercial')?.value).toBeNull();
    // Cells not typed are blank, not 0.
    expect(v.get('appeals.review.total')?.value).toBeNull();
    // Each cell points at its line of the written-out text.
    const line = v.get('active.licensing.decisions')!.line!;
    expect(d.text.split('\n')[line - 1]).toContain('1234');
    // The same checks as any report: blank cells are flagged for completeness.
    expect(d.flags.length).toBeGreaterThan(0);
  });

  it('changes nothing when typed again, and replaces the report when a number changes', async () => {
    const ctx = await build();
    const first = (await ctx.app.inject({ method: 'POST', url: '/api/reports/manual', headers: AUTH, payload: BODY })).json() as { reportId: number };
    const again = (await ctx.app.inject({ method: 'POST', url: '/api/reports/manual', headers: AUTH, payload: BODY })).json() as { outcome: string; reportId: number };
    expect(again.outcome).toBe('unchanged');
    const changed = (await ctx.app.inject({ method: 'POST', url: '/api/reports/manual', headers: AUTH, payload: { ...BODY, cells: { ...CELLS, 'active.licensing.decisions': 99 } } })).json() as { outcome: string; reportId: number };
    expect(changed.outcome).toBe('replaced');
    expect(changed.reportId).not.toBe(first.reportId);
  });

  it('refuses what it cannot store, in words a clerk understands', async () => {
    const ctx = await build();
    const post = (payload: unknown, headers: Record<string, string> = AUTH) => ctx.app.inject({ method: 'POST', url: '/api/reports/manual', headers, payload: payload as object });
    expect((await post(BODY, {})).statusCode).toBe(401);
    const unknownKey = await post({ ...BODY, cells: { 'requests.nonsense.total': 1 } });
    expect(unknownKey.statusCode).toBe(400);
    expect(unknownKey.json<{ error: { message: string } }>().error.message).toContain('没有这些单元格');
    expect((await post({ ...BODY, cells: { 'requests.new.total': -1 } })).statusCode).toBe(400);
    const markup = await post({ ...BODY, organ: '<img src=x>镇人民政府' });
    expect(markup.statusCode).toBe(400);
    expect((await ctx.app.inject({ url: '/api/reports' })).json<{ total: number }>().total).toBe(0);
  });
});
