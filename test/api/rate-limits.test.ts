/**
 * Limits per client address: writes (every route that needs the admin token) and failed token
 * checks. Reads are never limited. A refusal is 429 in the project's error shape, in Chinese,
 * with Retry-After.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_APP_LIMITS } from '../../server/app.ts';
import { AUTH, build, multipart, requests, seed } from './helper.ts';
import type { Ctx } from './helper.ts';
import { record } from '../support/records.ts';

const WRONG = { authorization: 'Bearer not-the-admin-token' };
const OTHER_IP = '10.0.0.2';

type Res = { statusCode: number; headers: Record<string, unknown>; json: () => unknown; body: string };

function expect429(res: Res, word: string) {
  expect(res.statusCode, res.body).toBe(429);
  const body = res.json() as { error: { code: string; message: string } };
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toBe('too_many_requests');
  expect(body.error.message).toContain(word);
  expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(body.error.message).toMatch(/\d+ 秒后再试/);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

async function reportId(ctx: Ctx): Promise<number> {
  return seed(ctx, record('金乡县羊山镇人民政府', 2023, requests(1, 0, 0)));
}

const restore = (id: number, headers: Record<string, string>, remoteAddress?: string) => ({
  method: 'POST' as const, url: `/api/reports/${id}/restore`, headers, ...(remoteAddress ? { remoteAddress } : {}),
});

afterEach(() => { vi.useRealTimers(); });

describe('failed admin tokens', () => {
  it(`refuse an address after ${DEFAULT_APP_LIMITS.failedTokensPerMinute} wrong tokens in a minute, even with the right one, until the minute is over`, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const ctx = await build();
    const id = await reportId(ctx);
    for (let i = 0; i < DEFAULT_APP_LIMITS.failedTokensPerMinute; i++) {
      expect((await ctx.app.inject(restore(id, WRONG))).statusCode).toBe(401);
    }
    expect429(await ctx.app.inject(restore(id, WRONG)), '口令');
    // Locked: the right token is refused too (else the lock would tell a guess that hits).
    expect429(await ctx.app.inject(restore(id, AUTH)), '口令');
    // Other addresses and every read go on.
    expect((await ctx.app.inject(restore(id, AUTH, OTHER_IP))).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/api/meta' })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: `/api/reports/${id}` })).statusCode).toBe(200);
    vi.setSystemTime(Date.now() + 61_000);
    expect((await ctx.app.inject(restore(id, AUTH))).statusCode).toBe(200);
  });

  it('count wrong tokens only: a missing token or the right one costs nothing', async () => {
    const ctx = await build({ limits: { failedTokensPerMinute: 2 } });
    const id = await reportId(ctx);
    for (let i = 0; i < 5; i++) expect((await ctx.app.inject(restore(id, {}))).statusCode).toBe(401);
    for (let i = 0; i < 5; i++) expect((await ctx.app.inject(restore(id, AUTH))).statusCode).toBe(200);
    expect((await ctx.app.inject(restore(id, WRONG))).statusCode).toBe(401);
    expect((await ctx.app.inject(restore(id, WRONG))).statusCode).toBe(401);
    expect429(await ctx.app.inject(restore(id, WRONG)), '口令');
  });
});

describe('writes', () => {
  it('are limited per address on every route that needs the token, before the body is read', async () => {
    const ctx = await build({ limits: { writesPerMinute: 3 } });
    const id = await reportId(ctx);
    for (let i = 0; i < 3; i++) expect((await ctx.app.inject(restore(id, AUTH))).statusCode).toBe(200);
    const upload = multipart([{ name: 'a.txt', data: Buffer.from('不是年报') }]);
    const writes = [
      restore(id, AUTH),
      { method: 'POST' as const, url: `/api/reports/${id}/corrections`, headers: AUTH, payload: { key: 'requests.new.total', value: 2, reason: '核对原件' } },
      { method: 'POST' as const, url: '/api/flags/1/decision', headers: AUTH, payload: { decision: 'nonsense' } },
      { method: 'DELETE' as const, url: `/api/reports/${id}`, headers: AUTH },
      { method: 'POST' as const, url: '/api/uploads', headers: { ...AUTH, ...upload.headers }, payload: upload.payload },
    ];
    for (const w of writes) expect429(await ctx.app.inject(w), '写操作');
    // Reads are not writes; another address has its own count.
    for (let i = 0; i < 20; i++) expect((await ctx.app.inject({ url: '/api/reports' })).statusCode).toBe(200);
    expect((await ctx.app.inject(restore(id, AUTH, OTHER_IP))).statusCode).toBe(200);
  });

  it(`allow ${DEFAULT_APP_LIMITS.writesPerMinute} writes a minute by default`, async () => {
    const ctx = await build();
    const id = await reportId(ctx);
    for (let i = 0; i < DEFAULT_APP_LIMITS.writesPerMinute; i++) {
      expect((await ctx.app.inject(restore(id, AUTH))).statusCode).toBe(200);
    }
    expect429(await ctx.app.inject(restore(id, AUTH)), '写操作');
  });
});

describe('reads', () => {
  it('are never limited', async () => {
    const ctx = await build({ limits: { writesPerMinute: 1, failedTokensPerMinute: 1 } });
    const id = await reportId(ctx);
    await ctx.app.inject(restore(id, WRONG));
    await ctx.app.inject(restore(id, WRONG));
    for (let i = 0; i < 300; i++) {
      const res = await ctx.app.inject({ url: i % 2 ? '/api/meta' : `/api/reports/${id}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});
