/**
 * The version actions whose answers say which version is in force (delete, undelete, move to
 * another organ); the rest of the client is in client.ts.
 */
import { ApiError, STATUS_MESSAGE, buildUrl, retryAfterOf } from './client.ts';
import type { Query } from './client.ts';
import type { Static } from '../../../server/schemas/common.ts';
import type { DeleteResult, MoveOrganResult } from '../../../server/schemas/reports.ts';

export type VersionChange = Static<typeof DeleteResult>;
export type MovedToOrgan = Static<typeof MoveOrganResult>;

async function send<T>(method: 'POST' | 'DELETE', path: string, token: string, query: Query = {}, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络或服务器是否在运行。');
  }
  const json = (await res.json().catch(() => null)) as (T & { error?: { code?: string; message?: string } }) | null;
  if (res.ok && json) return json;
  const message = json?.error?.message ?? STATUS_MESSAGE[res.status] ?? `请求失败（${res.status}）。`;
  throw new ApiError(res.status, json?.error?.code ?? 'http', message, retryAfterOf(res.headers.get('retry-after')));
}

export const versionsApi = {
  /** Delete (hide) a version; deleting the version in force brings the previous one back. */
  remove: (id: number, reason: string, token: string) => send<VersionChange>('DELETE', `/api/reports/${id}`, token, { reason }),
  /** Show a deleted version again (back in force when it was deleted in force and nothing was decided since). */
  undelete: (id: number, reason: string, token: string) => send<VersionChange>('POST', `/api/reports/${id}/restore`, token, {}, { reason }),
  /** File one report under another organ of its county. */
  moveToOrgan: (id: number, organ: number, reason: string, token: string) =>
    send<MovedToOrgan>('POST', `/api/reports/${id}/move-organ`, token, {}, { organ, reason }),
};
