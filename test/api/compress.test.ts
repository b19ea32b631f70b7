/**
 * Compression: the web app's files are compressed once at build and sent as they are; the bulk
 * CSV exports are compressed on the fly; small JSON answers are sent plain (compressing them on
 * the server's one thread slowed reads during an upload).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WEB_DIST, ensureWebBuilt } from '../../scripts/lib/web-build.ts';
import { record } from '../support/records.ts';
import { build, requests, seed } from './helper.ts';

describe('compressed answers', () => {
  it('sends the built web app precompressed (brotli or gzip) and the same bytes uncompressed', async () => {
    ensureWebBuilt();
    const assets = join(WEB_DIST, 'assets');
    const big = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f) && statSync(join(assets, f)).size >= 1024);
    expect(big.length).toBeGreaterThan(3);
    for (const f of big) {
      expect(existsSync(join(assets, `${f}.br`)), f).toBe(true);
      expect(existsSync(join(assets, `${f}.gz`)), f).toBe(true);
    }
    const ctx = await build({ webRoot: WEB_DIST });
    const echarts = big.find((f) => f.startsWith('echarts'))!;
    const plain = await ctx.app.inject({ url: `/assets/${echarts}` });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await ctx.app.inject({ url: `/assets/${echarts}`, headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);
    const gz = await ctx.app.inject({ url: `/assets/${echarts}`, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(plain.rawPayload)).toBe(true);
  });

  it('compresses the bulk CSV exports, and leaves JSON answers plain', async () => {
    const ctx = await build();
    for (let i = 0; i < 3; i++) await seed(ctx, record(`青禾县${'甲乙丙'[i]}镇人民政府`, 2024, requests(1, 1, 1)), { county: '青禾县' });
    const csv = await ctx.app.inject({ url: '/api/export/long.csv', headers: { 'accept-encoding': 'br, gzip' } });
    expect(csv.headers['content-encoding']).toBe('br');
    const text = brotliDecompressSync(csv.rawPayload).toString();
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('甲镇');
    const json = await ctx.app.inject({ url: '/api/reports?limit=50', headers: { 'accept-encoding': 'br, gzip' } });
    expect(json.headers['content-encoding']).toBeUndefined();
    expect(json.json<{ total: number }>().total).toBe(3);
  });
});
