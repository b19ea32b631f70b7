/**
 * 手工录入 with the scanned file attached: the report stays the typed record, the scan is kept
 * byte for byte as a document beside it (one row per distinct file), served back as a download,
 * shown in the report's detail; a scan over the per-file limit is refused and nothing is stored.
 */
import { describe, expect, it } from 'vitest';
import { renderText } from '../../server/report/render.ts';
import { record } from '../support/records.ts';
import { AUTH, build, multipart } from './helper.ts';
import type { Ctx } from './helper.ts';

const CELLS = { 'requests.new.natural_person': 5, 'requests.new.total': 5, 'active.licensing.decisions': 12 };
const BODY = { organ: '青禾县白沙镇人民政府', county: '青禾县', year: 2025, published: '2026-01-20', cells: CELLS };
/** A small PDF-looking file with every byte value in it, so any re-encoding would show. */
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\n%%EOF\n')]);
const scan = (bytes: Buffer, fileName = '白沙镇2025年报扫描件.pdf') => ({ fileName, base64: bytes.toString('base64') });

interface Result { outcome: string; reportId: number | null; attached: boolean }
interface Detail { attachment: { fileName: string; size: number; url: string } | null; document: { via: string; format: string }; text: string }

const post = (ctx: Ctx, payload: object) => ctx.app.inject({ method: 'POST', url: '/api/reports/manual', headers: AUTH, payload });
const count = async (ctx: Ctx, table: 'document' | 'report' | 'report_attachment') =>
  Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('POST /api/reports/manual with a scanned file', () => {
  it('keeps the scan byte for byte beside the typed report, shows it in the detail and serves it back', async () => {
    const ctx = await build();
    const res = await post(ctx, { ...BODY, attachment: scan(PDF) });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<Result>();
    expect(r).toMatchObject({ outcome: 'ingested', attached: true });
    const d = (await ctx.app.inject({ url: `/api/reports/${r.reportId}` })).json<Detail>();
    expect(d.attachment).toEqual({ fileName: '白沙镇2025年报扫描件.pdf', size: PDF.length, url: `/api/reports/${r.reportId}/attachment` });
    // The report is still the typed record, its original the written-out text, not the scan.
    expect(d.document).toMatchObject({ via: 'manual', format: 'txt' });
    expect(d.text).toContain('白沙镇');
    const file = await ctx.app.inject({ url: d.attachment!.url });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(String(file.headers['content-disposition'])).toMatch(/^attachment; filename="[^"]*\.pdf"; filename\*=UTF-8''/);
    expect(String(file.headers['content-disposition'])).toContain(encodeURIComponent('白沙镇2025年报扫描件.pdf'));
    expect(file.rawPayload.equals(PDF)).toBe(true);
    const doc = await ctx.db.selectFrom('document').selectAll().where('file_name', '=', '白沙镇2025年报扫描件.pdf').executeTakeFirstOrThrow();
    expect(doc).toMatchObject({ format: 'pdf', extraction: 'attachment', text: '', size: PDF.length, received_via: 'manual' });
  });

  it('still stores a report without a scan; its detail and attachment route say there is none', async () => {
    const ctx = await build();
    const r = (await post(ctx, BODY)).json<Result>();
    expect(r).toMatchObject({ outcome: 'ingested', attached: false });
    expect((await ctx.app.inject({ url: `/api/reports/${r.reportId}` })).json<Detail>().attachment).toBeNull();
    const none = await ctx.app.inject({ url: `/api/reports/${r.reportId}/attachment` });
    expect(none.statusCode).toBe(404);
    expect(none.json<{ error: { message: string } }>().error.message).toContain('没有附扫描件');
    expect(await count(ctx, 'document')).toBe(1);
  });

  it('changes nothing when the same report is sent again with the same scan, and reuses a stored file', async () => {
    const ctx = await build();
    const first = (await post(ctx, { ...BODY, attachment: scan(PDF) })).json<Result>();
    const docs = await count(ctx, 'document');
    expect(docs).toBe(2);
    const again = (await post(ctx, { ...BODY, attachment: scan(PDF, '另一个名字.pdf') })).json<Result>();
    expect(again).toMatchObject({ outcome: 'unchanged', reportId: first.reportId, attached: false });
    expect(await count(ctx, 'document')).toBe(docs);
    expect(await count(ctx, 'report_attachment')).toBe(1);
    // A changed number is a new version; the same scan attached to it is the same document row.
    const changed = (await post(ctx, { ...BODY, cells: { ...CELLS, 'active.licensing.decisions': 13 }, attachment: scan(PDF) })).json<Result>();
    expect(changed).toMatchObject({ outcome: 'replaced', attached: true });
    expect(changed.reportId).not.toBe(first.reportId);
    expect(await count(ctx, 'document')).toBe(docs + 1); // the new typed text only
    const links = await ctx.db.selectFrom('report_attachment').select(['report_id', 'document_id']).orderBy('report_id').execute();
    expect(links.map((l) => l.report_id)).toEqual([first.reportId, changed.reportId]);
    expect(links[0]!.document_id).toBe(links[1]!.document_id);
    // Re-sending the typed report without a scan keeps the scan it has.
    expect((await post(ctx, { ...BODY, cells: { ...CELLS, 'active.licensing.decisions': 13 } })).json<Result>()).toMatchObject({ outcome: 'unchanged', attached: false });
    expect((await ctx.app.inject({ url: `/api/reports/${changed.reportId}` })).json<Detail>().attachment?.size).toBe(PDF.length);
  });

  it('refuses a scan over the per-file limit with a clear message, storing nothing', async () => {
    const ctx = await build({ limits: { maxFileBytes: 4096 } });
    const big = Buffer.alloc(5000, 7);
    const res = await post(ctx, { ...BODY, attachment: scan(big) });
    expect(res.statusCode).toBe(413);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/扫描件“白沙镇2025年报扫描件\.pdf”有 5 KB，超过了单个文件 4 KB 的上限/);
    // Far over: the body itself is refused before it is read.
    const huge = await post(ctx, { ...BODY, attachment: scan(Buffer.alloc(4 * 1024 * 1024, 7)) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json<{ error: { message: string } }>().error.message).toMatch(/超过/);
    expect(await count(ctx, 'report')).toBe(0);
    expect(await count(ctx, 'document')).toBe(0);
    expect(await count(ctx, 'report_attachment')).toBe(0);
    // At the limit it is taken.
    expect((await post(ctx, { ...BODY, attachment: scan(Buffer.alloc(4096, 7)) })).json<Result>()).toMatchObject({ outcome: 'ingested', attached: true });
  });

  it('treats the file name as data and refuses what is not a scan', async () => {
    const ctx = await build();
    const hostile = '<img src=x onerror=alert(1)>"\r\n../扫描.pdf';
    const r = (await post(ctx, { ...BODY, attachment: scan(PDF, hostile) })).json<Result>();
    expect(r.attached).toBe(true);
    const d = (await ctx.app.inject({ url: `/api/reports/${r.reportId}` })).json<Detail>();
    // Kept as sent (line breaks dropped), never a path; JSON carries it as text.
    expect(d.attachment?.fileName).toBe('<img src=x onerror=alert(1)>"../扫描.pdf');
    const file = await ctx.app.inject({ url: d.attachment!.url });
    const disposition = String(file.headers['content-disposition']);
    expect(disposition).not.toMatch(/[<>\r\n/]/);
    expect(disposition).toContain('filename*=UTF-8\'\'' + encodeURIComponent('_img src=x onerror=alert(1)__.._扫描.pdf'));
    expect(disposition.split('"').length).toBe(3); // the quoted name holds no quote of its own
    const bad = async (payload: object, message: RegExp) => {
      const res = await post(ctx, payload);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(message);
    };
    const other = { ...BODY, organ: '青禾县黑石镇人民政府' };
    await bad({ ...other, attachment: scan(PDF, 'run.exe') }, /不是 PDF、图片/);
    await bad({ ...other, attachment: scan(Buffer.alloc(0)) }, /是空的/);
    await bad({ ...other, attachment: { fileName: 'a.pdf', base64: '%%%not base64%%%' } }, /base64/);
    expect(await count(ctx, 'report')).toBe(1);
  });
});

describe('the attached scan sent later as a report of its own', () => {
  it('is read like any new file (not answered “unchanged” with no report), and stays the hand entry’s attachment', async () => {
    const ctx = await build();
    // The "scan" here is a readable report of another organ: what OCR would make of a real one.
    const other = Buffer.from(renderText(record('青禾县黑石镇人民政府', 2025, { 'requests.new.total': 0 }), 'rows-tab'));
    const typed = (await post(ctx, { ...BODY, attachment: scan(other, '黑石镇扫描件.pdf') })).json<Result>();
    expect(typed.attached).toBe(true);
    expect(await count(ctx, 'document')).toBe(2);

    const body = multipart([{ name: '黑石镇2025.txt', data: other }], { county: '青禾县' });
    const up = await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...body, headers: { ...body.headers, ...AUTH } });
    const r = (up.json() as { results: { outcome: string; reportId: number | null; organ: string | null }[] }).results[0]!;
    expect(r).toMatchObject({ outcome: 'ingested', organ: '黑石镇' });
    expect(r.reportId).not.toBeNull();
    // One row for the bytes, now also the new report's original, read.
    expect(await count(ctx, 'document')).toBe(2);
    const d = (await ctx.app.inject({ url: `/api/reports/${r.reportId}` })).json<Detail>();
    expect(d.document.format).toBe('txt');
    expect(d.text).toContain('黑石镇');
    const file = await ctx.app.inject({ url: `/api/reports/${typed.reportId}/attachment` });
    expect(file.rawPayload.equals(other)).toBe(true);
    // Sent once more: now it is simply known.
    const again = await ctx.app.inject({ method: 'POST', url: '/api/uploads', ...body, headers: { ...body.headers, ...AUTH } });
    expect((again.json() as { results: { outcome: string; reportId: number | null }[] }).results[0]).toMatchObject({ outcome: 'unchanged', reportId: r.reportId });
  });
});
