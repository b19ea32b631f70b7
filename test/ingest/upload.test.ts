/**
 * An upload goes through the CLI's ingest path (ingestItems): a .zip is walked in memory as one
 * on disk is walked, its files and every message naming the archive as the clerk sent it (never a
 * temporary path), with the results the CLI gives for the same archive.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../server/ingest/batch.ts';
import type { IngestResult } from '../../server/ingest/ingest.ts';
import { renderText } from '../../server/report/render.ts';
import { AUTH, build, multipart } from '../api/helper.ts';
import { tempDb } from '../support/db.ts';
import { record } from '../support/records.ts';
import { makeZip } from './helpers.ts';

const report = (organ: string, year: number) => Buffer.from(renderText(record(organ, year, { 'requests.new.total': 0 }), 'rows-tab'));

const ARCHIVE = makeZip([
  { name: '羊山镇/2023.txt', data: report('金乡县羊山镇人民政府', 2023) },
  { name: 'inner.zip', data: makeZip([{ name: 'x.txt', data: Buffer.from('x') }]) },
  { name: '空文件.txt', data: Buffer.alloc(0) },
  { name: '胡集镇.txt', data: report('金乡县胡集镇人民政府', 2023) },
]);

async function upload(files: { name: string; data: Buffer }[], fields: Record<string, string> = {}) {
  const ctx = await build();
  const { payload, headers } = multipart(files, fields);
  const res = await ctx.app.inject({ method: 'POST', url: '/api/uploads', payload, headers: { ...headers, ...AUTH } });
  return { ctx, res, results: (res.json() as { results: IngestResult[] }).results };
}

describe('a .zip upload', () => {
  it('names its files and the archive as sent, and gives what the CLI gives for the same archive', async () => {
    const { res, results } = await upload([{ name: '上报材料.zip', data: ARCHIVE }], { county: '金乡县' });
    expect(res.statusCode).toBe(200);
    expect(results.map((r) => r.file)).toEqual(['上报材料.zip/羊山镇/2023.txt', '上报材料.zip/inner.zip', '上报材料.zip/空文件.txt', '上报材料.zip/胡集镇.txt']);
    expect(results[1]!.reason).toContain('压缩包“上报材料.zip”里又套了压缩包“inner.zip”');
    for (const r of results) expect(r.reason ?? '').not.toMatch(/nianbao-upload|upload\.zip|\/tmp\//);

    const cli = await tempDb();
    try {
      const path = join(cli.dir, '上报材料.zip');
      writeFileSync(path, ARCHIVE);
      const out: IngestResult[] = [];
      for await (const r of ingestPaths(cli.db, [path], { via: 'cli', county: '金乡县' })) out.push(r);
      const asSent = (r: IngestResult) => ({ ...r, file: r.file.replace(path, '上报材料.zip'), reason: r.reason?.replaceAll(path, '上报材料.zip') ?? null });
      expect(results).toEqual(out.map(asSent));
    } finally {
      await cli.close();
    }
  });

  it('that is corrupt is one failure named as sent', async () => {
    const { res, results } = await upload([{ name: '坏的.zip', data: Buffer.from('PK\x03\x04 not really a zip') }]);
    expect(res.statusCode).toBe(200);
    expect(results).toHaveLength(1);
    expect(results[0]!.file).toBe('坏的.zip');
    expect(results[0]!.reason).toMatch(/^压缩包“坏的\.zip”已损坏/);
  });

  it('applies the county field to the files after it, each file in its own transaction', async () => {
    const { ctx, results } = await upload([
      { name: 'a.txt', data: Buffer.from(renderText(record('羊山镇人民政府', 2023, {}), 'rows-tab')) },
      { name: 'b.zip', data: makeZip([{ name: 'b.txt', data: Buffer.from(renderText(record('胡集镇人民政府', 2023, {}), 'rows-tab')) }]) },
    ], { county: '鱼台县' });
    expect(results.map((r) => [r.file, r.outcome, r.county])).toEqual([['a.txt', 'ingested', '鱼台县'], ['b.zip/b.txt', 'ingested', '鱼台县']]);
    expect(Number((await ctx.db.selectFrom('report').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(2);
  });
});
