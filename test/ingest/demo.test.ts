import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoIfEmpty } from '../../server/demo/load.ts';
import { generateCounty } from '../../server/demo/records.ts';
import { renderDemoReport } from '../../server/demo/render.ts';
import { listOrgans } from '../../server/repositories/organs.repository.ts';
import { counts, tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';

let t: TestDb;
beforeEach(async () => { t = await tempDb(); });
afterEach(async () => { await t.close(); });

describe('the fictional county', () => {
  it('is the same for the same seed and different for another', () => {
    const a = generateCounty({ seed: 7 });
    const b = generateCounty({ seed: 7 });
    expect(a.reports.map(renderDemoReport)).toEqual(b.reports.map(renderDemoReport));
    expect(generateCounty({ seed: 8 }).reports.map((r) => r.record.requests.new.total)).not.toEqual(a.reports.map((r) => r.record.requests.new.total));
    expect(new Set(a.reports.map((r) => r.organ.name)).size).toBeGreaterThanOrEqual(20);
    expect(new Set(a.reports.map((r) => r.year)).size).toBe(5);
  });

  it('has quiet townships and a few busy departments', () => {
    const { reports } = generateCounty({ seed: 1 });
    const towns = reports.filter((r) => r.organ.kind === 'township');
    const zeroShare = towns.filter((r) => r.record.requests.new.total === 0).length / towns.length;
    expect(zeroShare).toBeGreaterThan(0.4);
    expect(Math.max(...reports.map((r) => r.record.requests.new.total ?? 0))).toBeGreaterThan(150);
    expect(reports.some((r) => (r.record.appeals.review.total ?? 0) > 0)).toBe(true);
    expect(reports.some((r) => (r.record.appeals.litigation_direct.total ?? 0) > 0)).toBe(true);
  });

  it('loads into an empty database quickly, with its faults visible, and only once', async () => {
    const started = Date.now();
    const { loaded, results } = await loadDemoIfEmpty(t.db);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(loaded).toBe(true);
    const outcome = (o: string) => results.filter((r) => r.outcome === o).length;
    expect(outcome('replaced')).toBe(1);
    expect(results.filter((r) => r.outcome === 'failed').map((r) => r.reason)).toContainEqual(expect.stringMatching(/报告年度/));
    expect(results.some((r) => r.needsReview)).toBe(true);
    const organs = await listOrgans(t.db);
    expect(organs.every((o) => o.county === '青禾县')).toBe(true);
    expect(organs.filter((o) => !o.inRegistry).map((o) => o.name)).toEqual(['县经济开发区管理委员会']);
    const rules = await t.db.selectFrom('flag').select('rule').distinct().execute();
    expect(rules.length).toBeGreaterThan(2);
    const before = await counts(t);
    expect((await loadDemoIfEmpty(t.db)).loaded).toBe(false);
    expect(await counts(t)).toEqual(before);
  }, 60_000);
});
