import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { record } from '../support/records.ts';
import { build, requests, seed } from './helper.ts';

describe('compressed answers', () => {
  it('gzips or brotlis JSON and the web app\'s scripts when the browser accepts it', async () => {
    const ctx0 = await build();
    const web = join(ctx0.dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
    const script = `export const x = ${JSON.stringify('年报'.repeat(20_000))};`;
    writeFileSync(join(web, 'assets', 'app.js'), script);
    const ctx = await build({ webRoot: web });
    for (let i = 0; i < 3; i++) await seed(ctx, record(`青禾县${'甲乙丙'[i]}镇人民政府`, 2024, requests(1, 1, 1)), { county: '青禾县' });

    const gz = await ctx.app.inject({ url: '/assets/app.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);
    expect(gz.rawPayload.length).toBeLessThan(script.length / 10);

    const br = await ctx.app.inject({ url: '/api/reports?limit=50', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect((JSON.parse(brotliDecompressSync(br.rawPayload).toString()) as { total: number }).total).toBe(3);

    // Without Accept-Encoding, plain bytes.
    const plain = await ctx.app.inject({ url: '/api/reports?limit=50' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json<{ total: number }>().total).toBe(3);
  });
});
