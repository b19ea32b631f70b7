/**
 * `npm run db:copy` (server/copy/copy.ts): a county's SQLite database merged into another
 * database (SQLite here, PostgreSQL under NIANBAO_TEST_DATABASE_URL). What the API answers —
 * the report list, every report's detail (history, corrections, actions, flags), aggregates and
 * flags with their review state — is the same in source and target once ids are replaced by
 * natural keys; a second copy changes nothing; a second county merges beside the first; and
 * the target copied back into a fresh SQLite file answers the same again.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../db/open.ts';
import type { OpenedDb } from '../../db/open.ts';
import { buildApp } from '../../server/app.ts';
import { copyDatabase } from '../../server/copy/copy.ts';
import { kindOfKey } from '../../server/copy/remap.ts';
import { correctReport } from '../../server/corrections/correct.ts';
import { recordDecision, writeWithFlags } from '../../server/flags/write.ts';
import { deleteVersion, makeVersionCurrent } from '../../server/versions/versions.ts';
import { TOKEN, requests, seed, seedCounty } from '../api/helper.ts';
import type { Ctx } from '../api/helper.ts';
import { counts, tempDb, tempDir } from '../support/db.ts';
import { record } from '../support/records.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function withApp(opened: OpenedDb, dir: string): Promise<Ctx> {
  const app = await buildApp({ db: opened.db, dbPath: opened.path, adminToken: TOKEN, webRoot: join(dir, 'no-web') });
  cleanups.push(() => app.close());
  return { ...opened, app, dir };
}

/** A fresh SQLite database (a county's file), whatever backend the tests run on. */
async function sqliteCtx(): Promise<Ctx> {
  const folder = tempDir('nianbao-copy-');
  const opened = await openDb(join(folder.dir, 'county.sqlite'));
  cleanups.push(async () => {
    await opened.db.destroy();
    folder.remove();
  });
  return withApp(opened, folder.dir);
}

/** A fresh database on the tests' backend (the province's). */
async function targetCtx(): Promise<Ctx> {
  const t = await tempDb('nianbao-copy-');
  cleanups.push(() => t.close());
  return withApp(t, t.dir);
}

const PEER_TEXT = '部分单位政府信息公开工作人员业务水平有待提高，主动公开内容不够全面，政策解读形式较为单一，依申请公开答复规范化程度还需加强，下一步将加强培训、完善制度。';

/**
 * County A: 金乡县 (羊山镇 2022 and three versions of 2023, one deleted and an older one put
 * back in force; 胡集镇 2023 deleted; 教育局 2023; two organs whose problems text is the same,
 * a copied-text flag) and 鱼台县 (one report). A correction and decisions on two flags.
 */
async function seedA(ctx: Ctx) {
  const s = await seedCounty(ctx);
  const v2 = await seed(ctx, record('金乡县羊山镇人民政府', 2023, requests(7, 2, 2)), { fileName: '羊山镇2023-第二版.txt' });
  const v3 = await seed(ctx, record('金乡县羊山镇人民政府', 2023, requests(8, 2, 2)), { fileName: '羊山镇2023-第三版.txt' });
  const peer = (organ: string) => {
    const r = record(organ, 2023, requests(2, 1, 0));
    return { ...r, narrative: { ...r.narrative, problems: PEER_TEXT } };
  };
  await seed(ctx, peer('金乡县鸡黍镇人民政府'));
  await seed(ctx, peer('金乡县王丕街道办事处'));
  await correctReport(ctx.db, s.ids.yangshan22, [{ key: 'requests.granted.natural_person', value: 9, reason: '原文第3行为9', author: '张三' }]);
  await deleteVersion(ctx.db, v3, { reason: '上传错了文件', author: '李四' });
  await makeVersionCurrent(ctx.db, s.ids.yangshan23, { reason: '第一版为正式发布版', author: '李四' }); // the delete brought v2 back; the clerk wants v1
  await deleteVersion(ctx.db, s.ids.huji23, { reason: '重复上传', author: '王五' });
  const flags = (await ctx.app.inject({ url: '/api/flags?limit=500' })).json() as { rows: { id: number; rule: string; organ: string }[] };
  const peerFlag = flags.rows.find((f) => f.rule === 'copy.peer_problems');
  const arith = flags.rows.find((f) => f.rule.startsWith('arith.'));
  expect(peerFlag).toBeDefined();
  expect(arith).toBeDefined();
  await recordDecision(ctx.db, peerFlag!.id, { state: 'dismissed', reason: '两镇共用一份整改材料，属实', author: '赵六' });
  await recordDecision(ctx.db, arith!.id, { state: 'confirmed', reason: '已通知单位更正', author: '赵六' });
  return s;
}

/** County B: 嘉祥县, two organs over two years. */
async function seedB(ctx: Ctx) {
  await seed(ctx, record('嘉祥县纸坊镇人民政府', 2022, requests(3, 0, 1)), { county: '嘉祥县' });
  await seed(ctx, record('嘉祥县纸坊镇人民政府', 2023, requests(4, 1, 1)), { county: '嘉祥县' });
  await seed(ctx, record('嘉祥县卧龙山街道办事处', 2023, requests(30, 1, 1)), { county: '嘉祥县' });
}

/** Natural keys for the ids of one database: `R:sha|organ|year`, `O:county/organ`, `C:county`. */
async function labels(db: Ctx['db']) {
  const counties = new Map((await db.selectFrom('county').select(['id', 'name']).execute()).map((c) => [c.id, `C:${c.name}`]));
  const organRows = await db.selectFrom('organ').select(['id', 'name', 'county_id']).execute();
  const organs = new Map(organRows.map((o) => [o.id, `O:${o.county_id === null ? '-' : counties.get(o.county_id)}/${o.name}`]));
  const reportRows = await db.selectFrom('report').innerJoin('document', 'document.id', 'report.document_id')
    .select(['report.id', 'report.organ_id', 'report.year', 'document.sha256']).execute();
  const reports = new Map(reportRows.map((r) => [r.id, `R:${r.sha256}|${organs.get(r.organ_id)}|${r.year}`]));
  return { counties, organs, reports };
}

/** An API answer with every id replaced by its natural key (flag and correction ids dropped), lists sorted. */
function normalise(value: unknown, l: Awaited<ReturnType<typeof labels>>, kind: 'reports' | 'organs' | 'counties' | null = null): unknown {
  if (typeof value === 'number' && kind) return l[kind].get(value) ?? `unknown ${kind} ${value}`;
  if (typeof value === 'string') return value.replace(/\/api\/reports\/(\d+)\//g, (_m, id: string) => `/api/reports/${l.reports.get(Number(id))}/`);
  if (Array.isArray(value)) {
    const items = value.map((v) => normalise(v, l, kind));
    return items.every((i) => i && typeof i === 'object') ? items.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : items;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'id' || k === 'etag') continue;
      out[k] = normalise(v, l, k === 'organ' && typeof v === 'number' ? 'organs' : kindOfKey(k));
    }
    return out;
  }
  return value;
}

/** What the API says about the given counties (by name): reports, each report in full, aggregates, totals, flags. */
async function snapshot(ctx: Ctx, countyNames: readonly string[]) {
  const l = await labels(ctx.db);
  const get = async (url: string) => {
    const res = await ctx.app.inject({ url });
    expect(res.statusCode, url).toBe(200);
    return res.json() as unknown;
  };
  const out: Record<string, unknown> = {};
  const counties = await ctx.db.selectFrom('county').select(['id', 'name']).where('name', 'in', [...countyNames]).execute();
  expect(counties.map((c) => c.name).sort()).toEqual([...countyNames].sort());
  for (const c of counties) {
    out[`reports ${c.name}`] = normalise(await get(`/api/reports?county=${c.id}&limit=500`), l);
    out[`deleted ${c.name}`] = normalise(await get(`/api/reports?county=${c.id}&deleted=true&limit=500`), l);
    out[`flags ${c.name}`] = normalise(await get(`/api/flags?county=${c.id}&limit=500`), l);
    for (const year of [2022, 2023]) {
      out[`aggregates ${c.name} ${year}`] = normalise(await get(`/api/aggregates?year=${year}&county=${c.id}&metrics=all&limit=500`), l);
      out[`total ${c.name} ${year}`] = normalise(await get(`/api/aggregates/total?year=${year}&county=${c.id}&metrics=all`), l);
    }
    const ids = await ctx.db.selectFrom('report').select('id').where('county_id', '=', c.id).execute();
    for (const { id } of ids) {
      out[`detail ${l.reports.get(id)}`] = normalise(await get(`/api/reports/${id}`), l);
      const original = await ctx.app.inject({ url: `/api/reports/${id}/original` });
      out[`original ${l.reports.get(id)}`] = [original.statusCode, original.headers['content-type'], createHash('sha256').update(original.rawPayload).digest('hex')];
    }
  }
  return out;
}

/** The stored flags (natural keys for ids), and what a recompute of every report gives. */
async function storedFlags(db: Ctx['db']) {
  const l = await labels(db);
  const rows = await db.selectFrom('flag').select(['identity', 'fingerprint', 'rule', 'message', 'report_id', 'organ_id', 'cells', 'detail']).execute();
  return rows.map((r) => JSON.stringify(normalise({ ...r, reportId: r.report_id, organId: r.organ_id, report_id: undefined, organ_id: undefined, identity: r.identity.split('|').slice(2).join('|'), detail: JSON.parse(r.detail) as unknown }, l))).sort();
}

async function recomputedFlags(db: Ctx['db']) {
  const ids = (await db.selectFrom('report').select('id').execute()).map((r) => r.id);
  await writeWithFlags(db, async () => ({ changed: { reportIds: ids } }));
  return storedFlags(db);
}

const rowCounts = async (ctx: Ctx) => ({
  ...(await counts(ctx)),
  correction: (await ctx.db.selectFrom('correction').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  report_action: (await ctx.db.selectFrom('report_action').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  flag_decision: (await ctx.db.selectFrom('flag_decision').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
});

describe('db:copy', () => {
  it('copies a county into an empty database: the API answers the same, and a second copy changes nothing', async () => {
    const a = await sqliteCtx();
    await seedA(a);
    const target = await targetCtx();
    const first = await copyDatabase(a.db, target.db, { batchSize: 3 });
    expect(first.reports).toEqual({ copied: 9, already: 0 });
    expect(first.counties).toEqual({ copied: 2, already: 0 });
    expect(first.corrections).toEqual({ copied: 1, already: 0 });
    expect(first.actions).toEqual({ copied: 4, already: 0 }); // two deletes, the version the first brought back, a make-current
    expect(first.decisions).toEqual({ copied: 2, already: 0 });
    expect(first.currentConflicts).toEqual({ sourceInForce: 0, targetInForce: 0 });

    const source = await snapshot(a, ['金乡县', '鱼台县']);
    expect(await snapshot(target, ['金乡县', '鱼台县'])).toEqual(source);
    // Both decisions hold in the target: one flag dismissed, one confirmed.
    const states = ((await target.app.inject({ url: '/api/flags?limit=500' })).json() as { rows: { state: string }[] }).rows.map((f) => f.state);
    expect(states.filter((s) => s !== 'open').sort()).toEqual(['confirmed', 'dismissed']);
    // The stored flags are what recomputing every report gives.
    const stored = await storedFlags(target.db);
    expect(stored.length).toBeGreaterThan(0);
    expect(await recomputedFlags(target.db)).toEqual(stored);

    const before = await rowCounts(target);
    const second = await copyDatabase(a.db, target.db);
    expect(second.reports).toEqual({ copied: 0, already: 9 });
    for (const k of ['counties', 'organs', 'aliases', 'documents', 'corrections', 'actions', 'decisions'] as const) expect(second[k].copied, k).toBe(0);
    expect(second.cells + second.values).toBe(0);
    expect(await rowCounts(target)).toEqual(before);
    expect(await snapshot(target, ['金乡县', '鱼台县'])).toEqual(source);
  });

  it('merges a second county beside the first (ids differ), and a round trip back to SQLite answers the same', async () => {
    const a = await sqliteCtx();
    await seedA(a);
    const b = await sqliteCtx();
    await seedB(b);
    const target = await targetCtx();
    // B first, so that every id of A differs in the target.
    expect((await copyDatabase(b.db, target.db)).reports).toEqual({ copied: 3, already: 0 });
    const copied = await copyDatabase(a.db, target.db, { batchSize: 2 });
    expect(copied.reports).toEqual({ copied: 9, already: 0 });
    // The copied-text flag names organs by id: its decision follows it to the target's flag.
    expect(copied.decisionsRefingered).toBeGreaterThan(0);
    const aIds = await a.db.selectFrom('organ').select('id').orderBy('id').execute();
    const tIds = await target.db.selectFrom('organ').innerJoin('county', 'county.id', 'organ.county_id').select('organ.id').where('county.name', '!=', '嘉祥县').orderBy('organ.id').execute();
    expect(tIds.map((o) => o.id)).not.toEqual(aIds.map((o) => o.id));

    const sourceA = await snapshot(a, ['金乡县', '鱼台县']);
    const sourceB = await snapshot(b, ['嘉祥县']);
    expect(await snapshot(target, ['金乡县', '鱼台县'])).toEqual(sourceA);
    expect(await snapshot(target, ['嘉祥县'])).toEqual(sourceB);
    expect(await recomputedFlags(target.db)).toEqual(await storedFlags(target.db));

    const again = await copyDatabase(b.db, target.db);
    expect(again.reports).toEqual({ copied: 0, already: 3 });

    // Round trip: the province's database into a fresh SQLite file.
    const back = await sqliteCtx();
    const r = await copyDatabase(target.db, back.db, { batchSize: 4 });
    expect(r.reports).toEqual({ copied: 12, already: 0 });
    expect(r.decisions).toEqual({ copied: 2, already: 0 });
    expect(await snapshot(back, ['金乡县', '鱼台县'])).toEqual(sourceA);
    expect(await snapshot(back, ['嘉祥县'])).toEqual(sourceB);
    expect((await copyDatabase(target.db, back.db)).reports).toEqual({ copied: 0, already: 12 });
  });

  it('keeps one report in force per organ-year: the later upload wins, the other stays as a version', async () => {
    const a = await sqliteCtx();
    const target = await targetCtx();
    const organ = '金乡县羊山镇人民政府';
    // The target's report is older than the source's 2023 report, newer than its 2022 one.
    const older = await seed(target, record(organ, 2023, requests(1, 0, 0)), { fileName: 'province-2023.txt' });
    await target.db.updateTable('report').set({ created_at: '2024-01-01 00:00:00' } as never).where('id', '=', older).execute();
    const newer = await seed(target, record(organ, 2022, requests(2, 0, 0)), { fileName: 'province-2022.txt' });
    await target.db.updateTable('report').set({ created_at: '2025-06-01 00:00:00' } as never).where('id', '=', newer).execute();
    const s23 = await seed(a, record(organ, 2023, requests(5, 0, 0)), { fileName: 'county-2023.txt' });
    const s22 = await seed(a, record(organ, 2022, requests(6, 0, 0)), { fileName: 'county-2022.txt' });
    await a.db.updateTable('report').set({ created_at: '2025-01-01 00:00:00' } as never).where('id', 'in', [s23, s22]).execute();

    const r = await copyDatabase(a.db, target.db);
    expect(r.currentConflicts).toEqual({ sourceInForce: 1, targetInForce: 1 });
    const inForce = await target.db.selectFrom('report').innerJoin('document', 'document.id', 'report.document_id')
      .select(['report.year', 'document.file_name']).where('report.current', '=', 1).orderBy('report.year').execute();
    expect(inForce).toEqual([{ year: 2022, file_name: 'province-2022.txt' }, { year: 2023, file_name: 'county-2023.txt' }]);
    const list = (await target.app.inject({ url: '/api/reports?year=2023' })).json() as { rows: { fileName: string; tables?: unknown }[]; total: number };
    expect(list.total).toBe(1);
    expect(list.rows[0]!.fileName).toBe('county-2023.txt');
    // The other stays in the organ-year's history.
    const detail = (await target.app.inject({ url: `/api/reports/${older}` })).json() as { history: { state: string }[] };
    expect(detail.history.map((h) => h.state).sort()).toEqual(['in_force', 'replaced']);
    expect(await recomputedFlags(target.db)).toEqual(await storedFlags(target.db));
    // Again: nothing moves.
    const again = await copyDatabase(a.db, target.db);
    expect(again.reports).toEqual({ copied: 0, already: 2 });
    expect(again.currentConflicts).toEqual({ sourceInForce: 0, targetInForce: 0 });
  });

  it('brings a correction made after an earlier copy into a report already there', async () => {
    const a = await sqliteCtx();
    const target = await targetCtx();
    const id = await seed(a, record('金乡县胡集镇人民政府', 2023, requests(3, 1, 0)));
    await copyDatabase(a.db, target.db);
    await correctReport(a.db, id, [{ key: 'requests.granted.natural_person', value: 4, reason: '核对原文', author: '张三' }]);
    const r = await copyDatabase(a.db, target.db);
    expect(r.corrections).toEqual({ copied: 1, already: 0 });
    expect(r.correctedInTarget).toBe(1);
    expect(await snapshot(target, ['金乡县'])).toEqual(await snapshot(a, ['金乡县']));
    expect(await recomputedFlags(target.db)).toEqual(await storedFlags(target.db));
  });

  it('brings the scan attached to a hand-entered report, byte for byte, once', async () => {
    const a = await sqliteCtx();
    const target = await targetCtx();
    const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
    const cells = { 'requests.new.natural_person': 2, 'requests.new.total': 2 };
    const res = await a.app.inject({
      method: 'POST', url: '/api/reports/manual', headers: { authorization: `Bearer ${TOKEN}` },
      payload: { organ: '金乡县鸡黍镇人民政府', county: '金乡县', year: 2024, cells, attachment: { fileName: '鸡黍镇扫描件.pdf', base64: scan.toString('base64') } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = await copyDatabase(a.db, target.db);
    expect(r.attachments).toEqual({ copied: 1, already: 0 });
    expect(r.documents.copied).toBe(2); // the typed report's text and the scan
    const list = (await target.app.inject({ url: '/api/reports?q=%E9%B8%A1%E9%BB%8D' })).json() as { rows: { id: number }[] };
    expect(list.rows).toHaveLength(1);
    const detail = (await target.app.inject({ url: `/api/reports/${list.rows[0]!.id}` })).json() as { attachment: { fileName: string; url: string } | null };
    expect(detail.attachment?.fileName).toBe('鸡黍镇扫描件.pdf');
    expect((await target.app.inject({ url: detail.attachment!.url })).rawPayload.equals(scan)).toBe(true);
    const again = await copyDatabase(a.db, target.db);
    expect(again.attachments).toEqual({ copied: 0, already: 1 });
    expect(again.documents.copied).toBe(0);
  });
});
