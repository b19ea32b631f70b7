/**
 * 整改通知: JSON for the printable page, a .docx that opens (read back with mammoth) and names
 * every flag not dismissed, and a county's zip with one .docx per organ that has flags.
 */
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { record } from '../support/records.ts';
import { AUTH, build, requests, seed } from './helper.ts';
import type { Ctx } from './helper.ts';

interface Flag { id: number; organId: number | null; message: string; title: string; state: string }

/** Two organs with flags (unbalanced requests), one clean. */
async function county(ctx: Ctx) {
  const broken = { ...requests(2, 1, 0), 'requests.new.total': 9, 'requests.new.natural_person': 9 };
  await seed(ctx, record('青禾县白沙镇人民政府', 2024, broken), { county: '青禾县' });
  await seed(ctx, record('青禾县河湾镇人民政府', 2024, { ...broken, 'appeals.review.upheld': 2, 'appeals.review.total': 5 }), { county: '青禾县' });
  await seed(ctx, record('青禾县柳塘镇人民政府', 2024, requests(1, 1, 1)), { county: '青禾县' });
  const countyId = (await ctx.db.selectFrom('county').select('id').where('name', '=', '青禾县').executeTakeFirstOrThrow()).id;
  const flags = (await ctx.app.inject({ url: `/api/flags?county=${countyId}&year=2024&limit=1000` })).json() as { rows: Flag[] };
  return { countyId, flags: flags.rows };
}

const text = async (docx: Buffer) => (await mammoth.extractRawText({ buffer: docx })).value;

describe('整改通知', () => {
  it('lists an organ\'s flags in plain words, with their cells, as JSON and as Word', async () => {
    const ctx = await build();
    const { flags } = await county(ctx);
    const organId = flags.find((f) => f.organId !== null)!.organId!;
    const own = flags.filter((f) => f.organId === organId);
    expect(own.length).toBeGreaterThanOrEqual(2);
    // A dismissed flag is not asked to be fixed.
    const dismissed = own[0]!;
    expect((await ctx.app.inject({ method: 'POST', url: `/api/flags/${dismissed.id}/decision`, headers: AUTH, payload: { state: 'dismissed', reason: '已核对', author: '测试' } })).statusCode).toBe(200);

    const notice = (await ctx.app.inject({ url: `/api/notices?organ=${organId}&year=2024` })).json() as { title: string; items: { heading: string; message: string; cells: string[] }[]; intro: string };
    expect(notice.title).toMatch(/^关于.+2024年政府信息公开工作年度报告的整改通知$/);
    expect(notice.items).toHaveLength(own.length - 1);
    expect(notice.items.map((i) => i.message)).not.toContain(dismissed.message);
    expect(notice.items[0]!.heading).toMatch(/^（一）【(错误|警告|参考)】/);
    expect(notice.items.some((i) => i.cells.some((c) => c === '依申请公开 · 一、本年新收政府信息公开申请数量 · 总计：9'))).toBe(true);

    const res = await ctx.app.inject({ url: `/api/notices.docx?organ=${organId}&year=2024` });
    expect(res.statusCode).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('2024年_整改通知.docx');
    const body = await text(res.rawPayload);
    expect(body).toContain(notice.title);
    for (const f of own.filter((x) => x.id !== dismissed.id)) expect(body).toContain(f.message);
    expect(body).not.toContain(dismissed.message);
    expect((await ctx.app.inject({ url: '/api/notices?organ=99999&year=2024' })).statusCode).toBe(404);
  });

  it('zips one notice per organ with flags for a whole county', async () => {
    const ctx = await build();
    const { countyId, flags } = await county(ctx);
    const organs = new Set(flags.filter((f) => f.organId !== null).map((f) => f.organId));
    const res = await ctx.app.inject({ url: `/api/notices.zip?county=${countyId}&year=2024` });
    expect(res.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(res.rawPayload);
    const names = Object.keys(zip.files);
    expect(names).toHaveLength(organs.size);
    expect(names.every((n) => n.endsWith('_2024年_整改通知.docx'))).toBe(true);
    for (const n of names) {
      const body = await text(await zip.file(n)!.async('nodebuffer'));
      const organ = n.split('_')[0]!;
      expect(body).toContain(`关于${organ}2024年`);
    }
    // Every flag of the county is in the notice of its organ.
    const all = (await Promise.all(names.map(async (n) => text(await zip.file(n)!.async('nodebuffer'))))).join('\n');
    for (const f of flags.filter((x) => x.organId !== null)) expect(all).toContain(f.message);
    expect((await ctx.app.inject({ url: '/api/notices.zip?county=99999&year=2024' })).statusCode).toBe(404);
  });
});
