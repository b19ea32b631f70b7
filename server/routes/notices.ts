/**
 * 整改通知: one organ's flags of a year (not the dismissed ones) in plain words, as JSON for the
 * printable page, as .docx, and every organ of a county at once as a zip of .docx files.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import JSZip from 'jszip';
import { attachment, safeFileName } from '../csv.ts';
import { noticeDocx } from '../export/notice-docx.ts';
import { listFlags } from '../flags/review.ts';
import { notFound } from '../plugins/errors.ts';
import { countyName, organById } from '../repositories/search.repository.ts';
import { Type, Year, errorResponses } from '../schemas/common.ts';
import { buildNotice } from '../../shared/notice.ts';
import type { Notice, NoticeFlag } from '../../shared/notice.ts';
import { requireScope } from './scope.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const OrganYear = Type.Object({ organ: Type.Integer({ minimum: 1 }), year: Year });
const CountyYear = Type.Object({ county: Type.Integer({ minimum: 1 }), year: Year });
const NoticeItem = Type.Object({ heading: Type.String(), message: Type.String(), cells: Type.Array(Type.String()) });
const NoticeResponse = Type.Object({
  title: Type.String(), addressee: Type.String(), intro: Type.String(), items: Type.Array(NoticeItem),
  closing: Type.String(), signature: Type.String(), date: Type.String(),
});
const Binary = (what: string) => Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: what });

const noticeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function organNotice(organId: number, year: number): Promise<{ notice: Notice; organ: string }> {
    const organ = await organById(app.db, organId);
    if (!organ) throw notFound(`没有编号为 ${organId} 的单位。`);
    const flags = (await listFlags(app.db, { organId, year, limit: 1000 })).rows.filter((f) => f.state !== 'dismissed');
    return { organ: organ.name, notice: buildNotice({ organ: organ.name, year, county: organ.county, flags, today: new Date() }) };
  }

  app.get('/notices', {
    schema: { tags: ['flags'], summary: '整改通知（一个单位一年）', querystring: OrganYear, response: { 200: NoticeResponse, ...errorResponses } },
  }, async (request) => (await organNotice(request.query.organ, request.query.year)).notice);

  app.get('/notices.docx', {
    schema: { tags: ['flags'], summary: '整改通知（Word）', querystring: OrganYear, response: { 200: Binary('a .docx document'), ...errorResponses } },
  }, async (request, reply) => {
    const { notice, organ } = await organNotice(request.query.organ, request.query.year);
    return reply.header('content-type', DOCX).header('content-disposition', attachment(safeFileName(`${organ}_${request.query.year}年_整改通知.docx`)))
      .send(await noticeDocx(notice));
  });

  app.get('/notices.zip', {
    schema: { tags: ['flags'], summary: '整改通知：县区内每个有提示的单位一份（zip）', querystring: CountyYear, response: { 200: Binary('a zip of .docx documents'), ...errorResponses } },
  }, async (request, reply) => {
    const { county, year } = request.query;
    await requireScope(app.db, { county });
    const flags = (await listFlags(app.db, { countyId: county, year, limit: 100_000 })).rows.filter((f) => f.state !== 'dismissed' && f.organId !== null);
    const byOrgan = new Map<number, { organ: string; flags: NoticeFlag[] }>();
    for (const f of flags) {
      const entry = byOrgan.get(f.organId!) ?? { organ: f.organ ?? '', flags: [] };
      entry.flags.push(f);
      byOrgan.set(f.organId!, entry);
    }
    const countyLabel = (await countyName(app.db, county)) ?? '';
    const zip = new JSZip();
    const today = new Date();
    for (const { organ, flags: list } of [...byOrgan.values()].sort((a, b) => a.organ.localeCompare(b.organ, 'zh-CN'))) {
      const notice = buildNotice({ organ, year, county: countyLabel, flags: list, today });
      zip.file(safeFileName(`${organ}_${year}年_整改通知.docx`), await noticeDocx(notice));
    }
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    return reply.header('content-type', 'application/zip')
      .header('content-disposition', attachment(safeFileName(`${countyLabel}_${year}年_整改通知（${byOrgan.size}个单位）.zip`))).send(bytes);
  });
};

export default noticeRoutes;
