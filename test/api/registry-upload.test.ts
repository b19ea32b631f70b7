/** The organ registry imported in the browser: POST /api/organs/registry, the CLI's import over HTTP. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { AUTH, build, multipart } from './helper.ts';

const CSV = '县区,机关名称,类型,别名\n金乡县,羊山镇人民政府,乡镇,羊山镇\n金乡县,教育局,部门,\n,无县区机关,部门,\n';

describe('POST /api/organs/registry', () => {
  it('imports the registry CSV (admin only), says what it added and which lines it left out; a second import updates nothing new', async () => {
    const ctx = await build();
    const body = multipart([{ name: '名录.csv', data: Buffer.from(CSV) }]);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/organs/registry', ...body })).statusCode).toBe(401);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/organs/registry', ...body, headers: { ...body.headers, ...AUTH } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rows: 2, added: 2, updated: 0, problems: [{ line: 4, reason: expect.stringContaining('县') }] });
    const organs = (await ctx.app.inject({ url: '/api/organs?q=羊山' })).json() as { rows: { name: string; inRegistry: boolean; county: string }[] };
    expect(organs.rows).toEqual([expect.objectContaining({ name: '羊山镇', kind: 'township', inRegistry: true, county: '金乡县' })]);
    // GBK, as Excel saves it on a Chinese Windows.
    const gbk = multipart([{ name: 'gbk.csv', data: iconv.encode(CSV, 'gbk') }]);
    const again = await ctx.app.inject({ method: 'POST', url: '/api/organs/registry', ...gbk, headers: { ...gbk.headers, ...AUTH } });
    expect(again.json()).toMatchObject({ rows: 2, added: 0 });
    // Nothing to import: 400 with the reason.
    const empty = multipart([{ name: 'x.csv', data: Buffer.from('hello') }]);
    const bad = await ctx.app.inject({ method: 'POST', url: '/api/organs/registry', ...empty, headers: { ...empty.headers, ...AUTH } });
    expect(bad.statusCode).toBe(400);
  });
});
