/**
 * One error shape for every failure: `{error: {code, message}}`. Validation errors name the
 * parameter; 5xx details go to the log, never to the client.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';

export type ErrorCode =
  | 'bad_request' | 'unauthorized' | 'not_found' | 'file_too_large' | 'too_many_files' | 'payload_too_large'
  | 'unsupported_media_type' | 'too_many_requests' | 'internal';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number, readonly code: ErrorCode, message: string, readonly extra: Record<string, unknown> = {},
    /** Response headers that go with the error (Retry-After on 429). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string) => new ApiError(400, 'bad_request', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
/** A service's refusal (a version action, an undo, a flag decision): 404 when what it names is not there, else 400. */
export const refused = (e: { code: 'not_found' | 'invalid'; message: string }) => (e.code === 'not_found' ? notFound(e.message) : badRequest(e.message));

const WHERE: Record<string, string> = { querystring: '查询参数', params: '路径参数', body: '请求内容', headers: '请求头' };

interface AjvIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** `querystring/year must be integer` -> 查询参数“year”无效：应为整数。 */
export function validationMessage(context: string | undefined, issue: AjvIssue): string {
  // `kind/0` is the parameter `kind` (repeated): a clerk never wrote an index.
  const path = issue.instancePath.replace(/^\//, '').replace(/\/\d+$/, '').replaceAll('/', '.');
  const name = issue.keyword === 'required' ? String(issue.params.missingProperty ?? path)
    : issue.keyword === 'additionalProperties' ? String(issue.params.additionalProperty ?? path) : path;
  const where = WHERE[context ?? ''] ?? '参数';
  const p = issue.params;
  const why: Record<string, string> = {
    required: '缺少此参数',
    type: `应为${({ integer: '整数', number: '数字', string: '文字', boolean: 'true 或 false', array: '列表', object: '对象' } as Record<string, string>)[String(p.type)] ?? String(p.type)}`,
    minimum: `不能小于 ${String(p.limit)}`,
    maximum: `不能大于 ${String(p.limit)}`,
    maxLength: `长度不能超过 ${String(p.limit)}`,
    minLength: `不能为空`,
    maxItems: `最多 ${String(p.limit)} 项`,
    const: `只能是 ${String(p.allowedValue)}`,
    enum: `只能是 ${Array.isArray(p.allowedValues) ? p.allowedValues.join('、') : ''}`,
    anyOf: '取值不在允许的范围内',
    additionalProperties: '不认识这个参数',
    pattern: '格式不对',
  };
  return `${where}“${name || '(整体)'}”无效：${why[issue.keyword] ?? issue.message ?? '格式不对'}。`;
}

export default fp(async function errors(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError & { extra?: Record<string, unknown> }, request, reply) => {
    if (error instanceof ApiError) {
      reply.headers(error.headers);
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message }, ...error.extra });
    }
    if (error.validation?.length) {
      // anyOf failures list each branch first; the most telling issue is usually the last non-anyOf one.
      const issue = (error.validation.find((v) => v.keyword !== 'anyOf' && v.keyword !== 'const' && v.keyword !== 'type') ?? error.validation[0]) as AjvIssue;
      return reply.code(400).send({ error: { code: 'bad_request', message: validationMessage(error.validationContext, issue) } });
    }
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE' || error.code === 'FST_FILES_LIMIT') {
      const code = error.code === 'FST_FILES_LIMIT' ? 'too_many_files' : error.code === 'FST_REQ_FILE_TOO_LARGE' ? 'file_too_large' : 'payload_too_large';
      const message = code === 'too_many_files' ? '一次上传的文件太多，请分批上传。' : '上传的内容超过了大小上限。';
      return reply.code(413).send({ error: { code, message } });
    }
    if (status === 415) return reply.code(415).send({ error: { code: 'unsupported_media_type', message: '请求的内容类型不受支持。' } });
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, bad multipart): safe to say, not to detail.
      return reply.code(status).send({ error: { code: 'bad_request', message: `请求无效：${error.message}` } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal', message: '服务器内部错误，请稍后再试；如果一直出现，请联系技术人员。' } });
  });
}, { name: 'errors' });
