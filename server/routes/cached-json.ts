/**
 * JSON answers of the aggregate routes, serialised once per data version and query (by the
 * route's own response schema, so the body is exactly what Fastify would send) and sent as a
 * Buffer with an ETag; a matching `If-None-Match` gets 304 without a body.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { cachedPayload } from '../aggregates/cache.ts';

export async function sendCachedJson(
  db: Kysely<Database>, request: FastifyRequest, reply: FastifyReply, build: () => Promise<unknown>,
): Promise<FastifyReply> {
  // The validated query (defaults applied, arrays coerced) names the answer; the path names the route.
  const key = `json:${request.routeOptions.url}:${JSON.stringify(request.query)}`;
  const payload = await cachedPayload(db, key, async () => reply.serialize(await build()));
  reply.header('etag', payload.etag).header('cache-control', 'no-cache');
  const inm = request.headers['if-none-match'];
  if (inm && inm.split(',').some((t) => t.trim() === payload.etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(payload.body);
}
