/** Stored flags on a real SQLite file: recomputation, neighbours, decisions that survive. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recomputeFlags } from '../../server/flags/recompute.ts';
import { FlagDecisionError, decideFlag, listFlags } from '../../server/flags/review.ts';
import {
  addCounty, addOrgan, addReport, correctCell, deleteReport, generatedRecord, review, withCells,
} from './helpers.ts';
import { tempDb } from '../support/db.ts';
import type { TestDb } from '../support/db.ts';

let t: TestDb;
beforeEach(async () => {
  t = await tempDb();
});
afterEach(async () => {
  await t.close();
});

const all = async (filter = {}) => (await listFlags(t.db, { limit: 1000, ...filter })).rows;
const ruleSet = async (filter = {}) => (await all(filter)).map((f) => `${f.rule}@${f.organ}/${f.year}`).sort();

describe('recomputeFlags', () => {
  it('stores a report\'s own flags with organ, county, year, cells and title', async () => {
    const county = await addCounty(t);
    const organ = await addOrgan(t, county, '东风镇');
    const id = await addReport(t, organ, withCells(generatedRecord(), { 'active.enforcement.decisions': null }));
    await recomputeFlags(t.db, { reportIds: [id] });
    const flags = await all();
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      rule: 'cells.blank', title: '表格有空白单元格', severity: 'warning', reportId: id, organ: '东风镇', county: '东风县', year: 2024,
      state: 'open', decision: null, cells: [{ key: 'active.enforcement.decisions', value: null }],
    });
  });

  it('review cells come from the database (uncorrected cell.review) and vanish once corrected', async () => {
    const county = await addCounty(t);
    const organ = await addOrgan(t, county, '东风镇');
    const rec = withCells(generatedRecord(), { 'requests.new.total': null });
    const id = await addReport(t, organ, rec, [review('requests.new.total')]);
    await recomputeFlags(t.db, { reportIds: [id] });
    expect(await ruleSet()).toEqual(['cells.review@东风镇/2024']);
    await correctCell(t, id, 'requests.new.total', 0);
    await recomputeFlags(t.db, { reportIds: [id] });
    expect(await ruleSet()).toEqual([]);
  });

  it('a change in year y recomputes the continuity flag of y+1', async () => {
    const county = await addCounty(t);
    const organ = await addOrgan(t, county, '东风镇');
    const narrative = { overview: '2023年东风镇重点公开了征地补偿和低保名单。', problems: '栏目更新慢。', other: '未收取信息处理费。' };
    const y1 = await addReport(t, organ, withCells(generatedRecord({ year: 2023, published: '2024-01-20', narrative }), {
      'requests.new.natural_person': 2, 'requests.new.total': 2, 'requests.carried_forward.natural_person': 2,
      'requests.carried_forward.total': 2,
    }));
    const y2 = await addReport(t, organ, generatedRecord());
    await recomputeFlags(t.db, { reportIds: [y1, y2] });
    expect((await ruleSet({ rule: 'continuity.carry' }))).toEqual(['continuity.carry@东风镇/2024', 'continuity.carry@东风镇/2024']);
    // The clerk finds 2023 really carried nothing forward: correct it, recompute 2023 only.
    await correctCell(t, y1, 'requests.carried_forward.natural_person', 0);
    await correctCell(t, y1, 'requests.carried_forward.total', 0);
    await correctCell(t, y1, 'requests.processed_total.natural_person', 2);
    await correctCell(t, y1, 'requests.processed_total.total', 2);
    await correctCell(t, y1, 'requests.granted.natural_person', 2);
    await correctCell(t, y1, 'requests.granted.total', 2);
    await recomputeFlags(t.db, { reportIds: [y1] });
    expect(await ruleSet()).toEqual([]);
  });

  it('adding the previous year raises the later year\'s cross-year flags (copied text, outlier)', async () => {
    const county = await addCounty(t);
    const organ = await addOrgan(t, county, '东风镇');
    const y2 = await addReport(t, organ, withCells(generatedRecord(), { 'active.licensing.decisions': 550 }));
    await recomputeFlags(t.db, { reportIds: [y2] });
    expect(await ruleSet()).toEqual([]);
    const y1 = await addReport(t, organ, withCells(generatedRecord({ year: 2023, published: '2024-01-15' }), { 'active.licensing.decisions': 7 }));
    await recomputeFlags(t.db, { reportIds: [y1] });
    const flags = await all();
    expect(flags.map((f) => `${f.rule}@${f.year}`).sort()).toEqual(['copy.previous_year@2024', 'outlier.history@2024']);
    expect(flags.every((f) => f.reportId === y2)).toBe(true);
  });

  it('deleting a report raises its organ\'s missing-report flag and drops its own flags', async () => {
    const county = await addCounty(t);
    const a = await addOrgan(t, county, '东风镇');
    const b = await addOrgan(t, county, '红旗乡');
    const ra = await addReport(t, a, generatedRecord({ organ: '东风镇' }));
    const rb = await addReport(t, b, generatedRecord({ organ: '红旗乡', published: null, published_source: null }));
    await recomputeFlags(t.db, { reportIds: [ra, rb] });
    expect(await ruleSet()).toEqual(['timeliness.undated@红旗乡/2024']);
    await deleteReport(t, rb);
    await recomputeFlags(t.db, { reportIds: [rb] });
    const flags = await all();
    expect(flags.map((f) => [f.rule, f.organ, f.reportId])).toEqual([['missing.report', '红旗乡', null]]);
    expect(flags[0]!.message).toBe('“红旗乡”在名录中，但没有2024年的政府信息公开工作年度报告（本县已有 1 份该年度报告）');
    // Once the county has no report that year, nothing is missing.
    await deleteReport(t, ra);
    await recomputeFlags(t.db, { reportIds: [ra] });
    expect(await all()).toEqual([]);
  });

  it('copied problems text: flags on both organs, kept current when one of them is rewritten', async () => {
    const county = await addCounty(t);
    const problems = '一是政府信息主动公开意识还需进一步提升；二是信息公开的深度和广度不够；三是政府信息公开整体工作水平仍需提升。下一步将加强学习培训，提升平台运营水平。';
    const ids: number[] = [];
    for (const name of ['东风镇', '红旗乡', '前进镇']) {
      const organ = await addOrgan(t, county, name);
      const p = name === '前进镇' ? '今年重点解决村级公开栏更新慢的问题，计划每月检查一次公开栏，并把征地补偿资金逐村张榜，接受群众监督和评议。' : `${name}${problems}`;
      ids.push(await addReport(t, organ, generatedRecord({ organ: name, narrative: { ...generatedRecord().narrative, problems: p } })));
    }
    for (const id of ids) await recomputeFlags(t.db, { reportIds: [id] });
    expect(await ruleSet()).toEqual(['copy.peer_problems@东风镇/2024', 'copy.peer_problems@红旗乡/2024']);
    const first = (await all({ organId: undefined })).find((f) => f.organ === '东风镇')!;
    expect(first.detail).toMatchObject({ matches: [{ organ: '红旗乡', similarity: 1 }] });

    // 红旗乡 replaces its report with its own text: 东风镇's flag (which names 红旗乡) goes too.
    const hongqi = (await t.db.selectFrom('organ').select('id').where('name', '=', '红旗乡').executeTakeFirstOrThrow()).id;
    const replaced = await addReport(t, hongqi, generatedRecord({ organ: '红旗乡', narrative: { ...generatedRecord().narrative, problems: '我乡存在的问题是网站栏目更新不及时。下一步将安排专人每周更新栏目，并对照上级要点逐项整改，年底前完成全部整改任务并向社会公布结果。' } }));
    await recomputeFlags(t.db, { reportIds: [ids[1]!, replaced] });
    expect(await ruleSet()).toEqual([]);
  });

  it('a reviewer\'s decision survives recomputation until the numbers change', async () => {
    const county = await addCounty(t);
    const organ = await addOrgan(t, county, '东风镇');
    const id = await addReport(t, organ, withCells(generatedRecord(), { 'requests.granted.total': 3 }));
    await recomputeFlags(t.db, { reportIds: [id] });
    const flag = (await all({ rule: 'arith.row_total' }))[0]!;
    const decided = await decideFlag(t.db, flag.id, { state: 'dismissed', reason: '原件如此，已电话核实', author: '张三' });
    expect(decided).toMatchObject({ state: 'dismissed', decision: { state: 'dismissed', reason: '原件如此，已电话核实', author: '张三' } });

    // Re-ingesting the same numbers (a new report row, new flag rows) keeps the decision.
    const again = await addReport(t, organ, withCells(generatedRecord(), { 'requests.granted.total': 3 }));
    await recomputeFlags(t.db, { reportIds: [id, again] });
    const kept = (await all({ rule: 'arith.row_total' }))[0]!;
    expect(kept.id).not.toBe(flag.id);
    expect(kept.reportId).toBe(again);
    expect(kept.state).toBe('dismissed');
    expect(await ruleSet({ state: 'dismissed' })).toEqual(['arith.row_total@东风镇/2024']);
    expect((await all({ state: 'open' })).map((f) => f.rule)).not.toContain('arith.row_total');

    // The numbers it was about change: the flag is open again, the old decision shown as outdated.
    await correctCell(t, again, 'requests.granted.total', 5);
    await recomputeFlags(t.db, { reportIds: [again] });
    const reopened = (await all({ rule: 'arith.row_total' }))[0]!;
    expect(reopened.state).toBe('open');
    expect(reopened.decision).toBeNull();
    expect(reopened.outdatedDecision).toMatchObject({ state: 'dismissed', author: '张三' });
  });

  it('decideFlag refuses an empty reason or an unknown flag, in Chinese', async () => {
    const county = await addCounty(t);
    const organ = await addOrgan(t, county, '东风镇');
    const id = await addReport(t, organ, generatedRecord({ published: null, published_source: null }));
    await recomputeFlags(t.db, { reportIds: [id] });
    const flag = (await all())[0]!;
    await expect(decideFlag(t.db, flag.id, { state: 'confirmed', reason: '  ', author: '张三' })).rejects.toThrow('请填写确认或排除这条提示的理由。');
    await expect(decideFlag(t.db, 99999, { state: 'confirmed', reason: '理由', author: '张三' })).rejects.toBeInstanceOf(FlagDecisionError);
    expect((await decideFlag(t.db, flag.id, { state: 'confirmed', reason: '确实未署日期', author: '张三' })).state).toBe('confirmed');
  });

  it('listFlags filters by rule, severity, county, organ, year, and pages with a total', async () => {
    const county = await addCounty(t);
    const other = await addCounty(t, '西山县');
    const a = await addOrgan(t, county, '东风镇');
    const b = await addOrgan(t, other, '红旗乡');
    const ids = [
      await addReport(t, a, withCells(generatedRecord({ published: null, published_source: null }), { 'active.enforcement.decisions': null, 'active.fees.amount_wan_yuan': null })),
      await addReport(t, b, withCells(generatedRecord({ organ: '红旗乡', year: 2023, published: '2024-03-01' }), { 'appeals.review.total': 4 })),
    ];
    await recomputeFlags(t.db, { reportIds: ids });
    expect(await ruleSet({ countyId: county })).toEqual(['cells.blank@东风镇/2024', 'cells.blank@东风镇/2024', 'timeliness.undated@东风镇/2024']);
    expect(await ruleSet({ year: 2023 })).toEqual(['arith.appeals@红旗乡/2023', 'timeliness.late@红旗乡/2023']);
    expect(await ruleSet({ severity: 'error' })).toEqual(['arith.appeals@红旗乡/2023']);
    expect(await ruleSet({ organId: a, rule: 'timeliness.undated' })).toEqual(['timeliness.undated@东风镇/2024']);
    const page1 = await listFlags(t.db, { limit: 2, offset: 0 });
    const page2 = await listFlags(t.db, { limit: 2, offset: 2 });
    const page3 = await listFlags(t.db, { limit: 2, offset: 4 });
    expect(page1.total).toBe(5);
    expect(page1.rows[0]!.severity).toBe('error');
    expect(new Set([...page1.rows, ...page2.rows, ...page3.rows].map((f) => f.id)).size).toBe(5);
  });
});
