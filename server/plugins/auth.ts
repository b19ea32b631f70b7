/**
 * Admin-only routes: `preHandler: app.requireAdmin`. Reading needs no token. A wrong token
 * counts against the address's failed-token limit (plugins/rate-limits.ts); an address over it
 * is refused before its token is even compared.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearer, sha256Hex, tokenMatches } from '../auth.ts';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    requireAdmin: (request: FastifyRequest) => Promise<void>;
  }
}

export default fp(async function auth(app: FastifyInstance, opts: { adminToken: string | { sha256: string } }) {
  const expected = typeof opts.adminToken === 'string' ? sha256Hex(opts.adminToken) : opts.adminToken.sha256;
  app.decorate('requireAdmin', async (request: FastifyRequest) => {
    const given = bearer(request.headers.authorization);
    if (!given) throw new ApiError(401, 'unauthorized', '此操作需要管理员口令（请求头 Authorization: Bearer 口令）。');
    await app.checkTokenLockout(request);
    if (!tokenMatches(given, expected)) {
      await app.countFailedToken(request);
      throw new ApiError(401, 'unauthorized', '管理员口令不正确。');
    }
  });
}, { name: 'auth' });
