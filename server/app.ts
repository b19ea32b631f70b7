/**
 * The whole HTTP app, built by one function and never listening: tests call `app.inject`,
 * `server/main.ts` listens. Plugins per area, one route plugin per resource.
 */
import { join } from 'node:path';
import { constants as zlibConstants } from 'node:zlib';
import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { PROJECT_ROOT } from '../db/open.ts';
import { dataChanged } from './aggregates/cache.ts';
import type { Database } from '../db/schema.ts';
import authPlugin from './plugins/auth.ts';
import csvPlugin from './plugins/csv.ts';
import errorsPlugin from './plugins/errors.ts';
import rateLimitsPlugin from './plugins/rate-limits.ts';
import securityHeadersPlugin from './plugins/security-headers.ts';
import webPlugin from './plugins/web.ts';
import aggregateRoutes from './routes/aggregates.ts';
import exportRoutes from './routes/export.ts';
import flagRoutes from './routes/flags.ts';
import metaRoutes from './routes/meta.ts';
import organRoutes from './routes/organs.ts';
import reportRoutes from './routes/reports.ts';
import documentRoutes from './routes/documents.ts';
import uploadRoutes from './routes/uploads.ts';
import xlsxRoutes from './routes/xlsx.ts';
import noticeRoutes from './routes/notices.ts';
import manualRoutes from './routes/manual.ts';
import undoRoutes from './routes/undo.ts';
import { ErrorSchema } from './schemas/common.ts';
import type { RateLimits } from './plugins/rate-limits.ts';

export interface AppLimits extends RateLimits {
  /** Largest uploaded file (bytes). */
  maxFileBytes: number;
  /** Most files in one upload request. */
  maxFiles: number;
  /**
   * How long an upload request waits for its files (ms): read by then, it answers 200 with the
   * results; else 202 with a job to poll (GET /api/uploads/jobs/:id) while the ingest goes on.
   */
  uploadWaitMs: number;
}

export const DEFAULT_APP_LIMITS: AppLimits = {
  maxFileBytes: 50 * 1024 * 1024, maxFiles: 200, uploadWaitMs: 4000,
  // Per client address and minute. The upload page sends one request per file (a folder of a few
  // hundred reports goes in at this pace, waiting as told when over); a runaway script is stopped.
  writesPerMinute: 300, failedTokensPerMinute: 10,
};

export interface AppOptions {
  db: Kysely<Database>;
  dbPath: string;
  /** The admin token, or only its SHA-256 (hex) when the server does not know the token itself (server/auth.ts). */
  adminToken: string | { sha256: string };
  webRoot?: string;
  limits?: Partial<AppLimits>;
  logger?: FastifyServerOptions['logger'];
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    limits: AppLimits;
  }
}

/** `/api/x.csv?…` is `/api/x?…&format=csv`: one route serves both. */
export function rewriteCsvUrl(url: string): string {
  const [path = '', query] = url.split('?', 2) as [string, string | undefined];
  if (!path.startsWith('/api/') || !path.endsWith('.csv')) return url;
  const params = new URLSearchParams(query ?? '');
  params.set('format', 'csv');
  return `${path.slice(0, -4)}?${params.toString()}`;
}

export async function buildApp(opts: AppOptions) {
  const limits: AppLimits = { ...DEFAULT_APP_LIMITS, ...opts.limits };
  const app = Fastify({
    logger: opts.logger ?? false,
    rewriteUrl: (req) => rewriteCsvUrl(req.url ?? '/'),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, useDefaults: true, allErrors: false } },
    // Query strings this long are not a dashboard's; refuse them early.
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', opts.db);
  // Any write through this server invalidates cached aggregates, before and after it runs.
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') dataChanged(opts.db);
  });
  app.addHook('onSend', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') dataChanged(opts.db);
  });
  app.decorate('limits', limits);
  app.addSchema(ErrorSchema);

  // Compression only where a route asks for it (the bulk CSV exports): the web app's files are
  // compressed once at build, and compressing every small JSON answer on the server's one thread
  // slowed reads while an upload was being taken in.
  await app.register(compress, { global: false, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } } });

  await app.register(securityHeadersPlugin);
  await app.register(errorsPlugin);
  await app.register(authPlugin, { adminToken: opts.adminToken });
  // Before the routes: it finds the admin routes as they are added.
  await app.register(rateLimitsPlugin, { writesPerMinute: limits.writesPerMinute, failedTokensPerMinute: limits.failedTokensPerMinute });
  await app.register(csvPlugin);
  await app.register(multipart, {
    limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20, fieldSize: 1024, parts: limits.maxFiles + 20 },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: '政府信息公开年度报告看板 API', version: '1.0.0', description: '见 docs/api.md。写操作需 Authorization: Bearer 管理员口令。' },
      components: { securitySchemes: { admin: { type: 'http', scheme: 'bearer' } } },
    },
  });

  await app.register(async (api) => {
    await api.register(metaRoutes);
    await api.register(organRoutes);
    await api.register(aggregateRoutes);
    await api.register(reportRoutes);
    await api.register(documentRoutes);
    await api.register(flagRoutes);
    await api.register(exportRoutes);
    await api.register(uploadRoutes);
    await api.register(xlsxRoutes);
    await api.register(noticeRoutes);
    await api.register(manualRoutes);
    await api.register(undoRoutes);
    api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  }, { prefix: '/api' });

  await app.register(webPlugin, { webRoot: opts.webRoot ?? join(PROJECT_ROOT, 'web', 'dist') });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
