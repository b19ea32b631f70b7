/**
 * Limits per client address (@fastify/rate-limit's in-memory store, one window per minute):
 *
 * - **writes**: every route that needs the admin token (its `preHandler` is `app.requireAdmin`:
 *   uploads, corrections, flag decisions, deletes, restores, and any admin route added later)
 *   counts against `writesPerMinute`. Checked when the request arrives, before its body is read.
 * - **failed token checks**: a wrong admin token counts against `failedTokensPerMinute`. Once an
 *   address is over, every token check from it is refused until its minute is over — the right
 *   token too, or the answer would tell which guess hit.
 *
 * Reads are never limited. A refusal is 429 `too_many_requests` with `Retry-After`.
 * The address is the one the server sees (`request.ip`): behind a reverse proxy every client
 * shares the proxy's.
 */
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { ApiError } from './errors.ts';

export const RATE_WINDOW_MS = 60_000;

export interface RateLimits {
  /** Writes (admin routes) per address per minute. */
  writesPerMinute: number;
  /** Wrong admin tokens per address per minute before the address is refused. */
  failedTokensPerMinute: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Throws 429 when the address is over its failed-token limit (does not count). */
    checkTokenLockout: (request: FastifyRequest) => Promise<void>;
    /** Counts a wrong token for the request's address. */
    countFailedToken: (request: FastifyRequest) => Promise<void>;
  }
}

function tooMany(message: string, ttlMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  return new ApiError(429, 'too_many_requests', `${message}请 ${seconds} 秒后再试。`, {}, { 'retry-after': String(seconds) });
}

/** True when a route's preHandler is (or includes) `requireAdmin`. */
function needsAdmin(route: RouteOptions, requireAdmin: unknown): boolean {
  const pre = route.preHandler;
  return Array.isArray(pre) ? pre.includes(requireAdmin as never) : pre === requireAdmin;
}

export default fp(async function rateLimits(app: FastifyInstance, opts: RateLimits) {
  await app.register(rateLimit, { global: false, timeWindow: RATE_WINDOW_MS, cache: 10_000 });
  const writes = app.createRateLimit({ max: opts.writesPerMinute, timeWindow: RATE_WINDOW_MS });
  const failures = app.createRateLimit({ max: opts.failedTokensPerMinute, timeWindow: RATE_WINDOW_MS });

  app.decorate('checkTokenLockout', async (request: FastifyRequest) => {
    const r = await failures(request, { increment: false });
    // `current` failures so far; the limit is reached when they number `max`.
    if (!r.isAllowed && r.max - r.remaining >= r.max) {
      throw tooMany(`管理员口令错误次数过多（每个地址每分钟最多 ${r.max} 次），已暂停接受口令。`, r.ttl);
    }
  });
  app.decorate('countFailedToken', async (request: FastifyRequest) => {
    await failures(request);
  });

  app.addHook('onRoute', (route) => {
    if (!needsAdmin(route, app.requireAdmin)) return;
    const gate = async (request: FastifyRequest) => {
      await app.checkTokenLockout(request);
      const r = await writes(request);
      if (!r.isAllowed && r.isExceeded) throw tooMany(`写操作太频繁（每个地址每分钟最多 ${r.max} 次）。`, r.ttl);
    };
    route.onRequest = route.onRequest === undefined ? [gate] : [...(Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]), gate];
  });
}, { name: 'rate-limits', dependencies: ['auth'] });
