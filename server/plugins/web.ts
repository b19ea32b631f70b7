/**
 * The built dashboard from `web/dist`, with history fallback: any GET outside /api that is not
 * a file gets index.html so the app's own routes load. /api paths answer 404 as JSON.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>年报数据看板</title>
<p>网页界面还没有构建。请在项目目录运行 <code>npm run build</code> 后刷新；数据接口在 <a href="/api/openapi.json">/api/openapi.json</a>。</p>`;

export default fp(async function web(app: FastifyInstance, opts: { webRoot: string }) {
  const built = existsSync(join(opts.webRoot, 'index.html'));
  // preCompressed: the build wrote x.js.br / x.js.gz beside each file; sent as they are.
  if (built) await app.register(fastifyStatic, { root: opts.webRoot, wildcard: false, index: ['index.html'], preCompressed: true });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path === '/api' || path.startsWith('/api/') || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return reply.code(404).send({ error: { code: 'not_found', message: `没有这个接口：${request.method} ${path}` } });
    }
    // A missing asset (has an extension) is a real 404; an app route gets the app.
    if (/\.[a-z0-9]+$/i.test(path)) return reply.code(404).type('text/plain; charset=utf-8').send('找不到这个文件。');
    if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.sendFile('index.html');
  });
}, { name: 'web' });
