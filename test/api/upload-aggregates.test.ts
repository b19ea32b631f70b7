/**
 * A successful upload end to end: a generated report (rendered as a seed-like text by the
 * renderer) goes through `POST /api/uploads` with the admin token, the real parser and ingest,
 * and its numbers come back from `/api/aggregates`, including a blank that stays blank.
 */
import { describe, expect, it } from 'vitest';
import { renderText } from '../../server/report/render.ts';
import { AUTH, build, multipart, requests } from './helper.ts';
import { record } from '../support/records.ts';

type Agg = { total: number; rows: { organ: string; reportId: number | null; values: Record<string, number | null> }[]; sum: { values: Record<string, number | null> } };

describe('POST /api/uploads (success) then /api/aggregates', () => {
  it('ingests a rendered report and finds its numbers in the aggregates', async () => {
    const ctx = await build();
    const rec = record('金乡县羊山镇人民政府', 2023, {
      ...requests(7, 2, 3),
      'appeals.review.upheld': 1, 'appeals.review.corrected': 2, 'appeals.review.other': 0, 'appeals.review.pending': 0, 'appeals.review.total': 3,
      'active.normative_documents.issued': 4,
      'active.licensing.decisions': null,
    });
    const text = renderText(rec, 'cells-tab', { plain: true });
    const body = multipart([{ name: '羊山镇2023年报.txt', data: Buffer.from(text) }], { county: '金乡县' });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...body, headers: { ...body.headers, ...AUTH } });
    expect(res.statusCode).toBe(200);
    const out = res.json() as { results: { outcome: string; reportId: number | null; year: number | null; reason: string | null }[]; tally: { ingested: number; failed: number } };
    expect(out.results[0]!.reason).toBeNull();
    expect(out.results[0]).toMatchObject({ outcome: 'ingested', year: 2023 });
    expect(out.tally).toMatchObject({ ingested: 1, failed: 0 });
    const reportId = out.results[0]!.reportId;
    expect(reportId).toBeGreaterThan(0);

    const county = ((await ctx.app.inject({ url: '/api/counties' })).json() as { rows: { id: number; name: string }[] }).rows.find((c) => c.name === '金乡县')!;
    const metrics = 'requests.new.total,requests.granted.total,requests.partially_granted.total,unable,disclosure_rate,appeals.review.total,review_correction_rate,active.normative_documents.issued,active.licensing.decisions';
    const agg = (await ctx.app.inject({ url: `/api/aggregates?year=2023&county=${county.id}&metrics=${metrics}` })).json() as Agg;
    expect(agg.total).toBe(1);
    const row = agg.rows[0]!;
    expect(row.reportId).toBe(reportId);
    expect(row.values).toEqual({
      'requests.new.total': 12, 'requests.granted.total': 7, 'requests.partially_granted.total': 2, unable: 3,
      disclosure_rate: 0.75, 'appeals.review.total': 3, review_correction_rate: 0.666667,
      'active.normative_documents.issued': 4,
      // Blank in the report: blank in the aggregate, never 0.
      'active.licensing.decisions': null,
    });
    expect(agg.sum.values['requests.new.total']).toBe(12);

    // The same file again changes nothing.
    const again = await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...body, headers: { ...body.headers, ...AUTH } });
    expect((again.json() as { results: { outcome: string }[] }).results[0]!.outcome).toBe('unchanged');
    const after = (await ctx.app.inject({ url: `/api/aggregates?year=2023&county=${county.id}&metrics=requests.new.total` })).json() as Agg;
    expect(after.rows.map((r) => r.values['requests.new.total'])).toEqual([12]);
  });
});
