/**
 * The one typed client of the HTTP API (docs/api.md). Every fetch of the app goes through
 * here; pages never build URLs by hand, and a table's CSV link is the CSV twin of the URL the
 * table was loaded from.
 */
import type { Notice } from '../../../shared/notice.ts';
import type {
  Aggregates, CarryOver, CarryOverBody, Compare, CorrectionResponse, CorrectionView, County, CountyTotal, CoverageRow, FlagState,
  FlagSummary, FlagView, ListResponse, Meta, Organ, OrganDetail, OrganKind, ReportDetail, ReportListRow, RuleInfo,
  Trends, UploadLogEntry,
} from './types.ts';
import type { Static } from '../../../server/schemas/common.ts';
import type { DeleteResult, MadeCurrentResult, MoveOrganResult, MoveResult } from '../../../server/schemas/reports.ts';
import type { MergeResult, RegistryImportResult } from '../../../server/schemas/organs.ts';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];
export type Query = Record<string, QueryValue>;

/** An answer other than 2xx, with the server's Chinese message (and on 429, how many seconds to wait). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly retryAfter: number | null = null) {
    super(message);
    this.name = 'ApiError';
  }
}

/** `/api/x` + query, skipping empty values; arrays repeat the key (filter=a&filter=b). */
export function buildUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.append(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The CSV twin of a list or aggregate URL: same path with `.csv`, same query minus paging. */
export function csvUrl(path: string, query: Query = {}): string {
  const { limit: _limit, offset: _offset, ...rest } = query;
  return buildUrl(`${path}.csv`, rest);
}

export const STATUS_MESSAGE: Record<number, string> = {
  401: '需要管理员口令，或口令不正确。',
  404: '没有找到。',
  413: '文件太大或太多。',
  429: '操作太频繁，请稍后再试。',
  500: '服务器出错了，请稍后再试。',
};

/** The ApiError an error answer says: its message and code when it sends them, else the status's words. */
export async function errorFrom(res: Response): Promise<ApiError> {
  let code = 'http';
  let message = STATUS_MESSAGE[res.status] ?? `请求失败（${res.status}）。`;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) message = body.error.message;
    if (body.error?.code) code = body.error.code;
  } catch { /* not JSON: keep the generic message */ }
  return new ApiError(res.status, code, message, retryAfterOf(res.headers.get('retry-after')));
}

/** Seconds from a Retry-After header (429); null when absent or not a number of seconds. */
export function retryAfterOf(header: string | null): number | null {
  const n = Number(header);
  return header && Number.isFinite(n) && n >= 0 ? n : null;
}

export interface ClientOptions {
  /** '' in the browser (same origin); http://127.0.0.1:PORT in node tests. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export function createApiClient(options: ClientOptions = {}) {
  const base = options.baseUrl ?? '';
  const doFetch: typeof fetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  /** One API call: JSON in (or a form, sent as multipart), JSON out, an ApiError for any failure. */
  async function request<T>(method: string, path: string, query: Query = {}, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await doFetch(base + buildUrl(path, query), {
        method, headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network', '无法连接服务器，请检查网络或服务器是否在运行。');
    }
    if (!res.ok) throw await errorFrom(res);
    return (await res.json()) as T;
  }
  const get = <T>(path: string, query?: Query) => request<T>('GET', path, query);

  return {
    meta: () => get<Meta>('/api/meta'),
    rules: () => get<{ rows: RuleInfo[] }>('/api/rules'),
    counties: () => get<ListResponse<County>>('/api/counties', { limit: 500 }),
    organs: (q: { q?: string; county?: number | null; kind?: readonly OrganKind[]; limit?: number; offset?: number }) =>
      get<ListResponse<Organ>>('/api/organs', q),
    organ: (id: number) => get<OrganDetail>(`/api/organs/${id}`),

    aggregates: (q: AggregatesQuery) => get<Aggregates>('/api/aggregates', q),
    countyTotal: (q: { year: number; county?: number | null; kind?: readonly OrganKind[] }) => get<CountyTotal>('/api/aggregates/total', q),
    trends: (q: TrendsQuery) => get<Trends>('/api/trends', q),
    compare: (q: CompareQuery) => get<Compare>('/api/compare', q),

    uploadLog: (q: { outcome?: 'failed' | 'ok' | null; limit?: number; offset?: number }) => get<ListResponse<UploadLogEntry>>('/api/uploads/log', q),

    reports: (q: ReportsQuery) => get<ListResponse<ReportListRow>>('/api/reports', q),
    report: (id: number) => get<ReportDetail>(`/api/reports/${id}`),
    corrections: (id: number, key?: string) => get<ListResponse<CorrectionView>>(`/api/reports/${id}/corrections`, { key }),
    correct: (id: number, body: { key: string; value: number | null; reason: string; author?: string }, token: string) =>
      request<CorrectionResponse>('POST', `/api/reports/${id}/corrections`, {}, body, token),
    /** What of the previous version's corrections and flag decisions would be carried over (nothing written). */
    carryOverPreview: (id: number) => get<CarryOver>(`/api/reports/${id}/carry-over`),
    /** Carry them over to this report, the version in force (all, or the selected cell keys and rule ids). */
    carryOver: (id: number, body: CarryOverBody, token: string) => request<CarryOver>('POST', `/api/reports/${id}/carry-over`, {}, body, token),
    /** Two organs that are one: every report of `id` is filed under `into`, `id` is deleted. */
    mergeOrgans: (id: number, into: number, reason: string, token: string) =>
      request<Static<typeof MergeResult>>('POST', `/api/organs/${id}/merge`, {}, { into, reason }, token),
    /** The organ registry CSV (县区,机关名称,类型,别名), as `npm run organs -- import`. */
    importRegistry(file: Blob, fileName: string, token: string) {
      const form = new FormData();
      form.append('file', file, fileName);
      return request<Static<typeof RegistryImportResult>>('POST', '/api/organs/registry', {}, form, token);
    },
    /** Undo a cell's latest correction: a new correction puts back the value before it (both kept). */
    undoCorrection: (id: number, correctionId: number, reason: string, token: string) =>
      request<{ correctionId: number; key: string; value: number | null }>('POST', `/api/reports/${id}/corrections/${correctionId}/undo`, {}, { reason }, token),
    /** Undo a flag's decision: the flag is open again. */
    undoDecision: (id: number, reason: string, token: string) => request<FlagView>('POST', `/api/flags/${id}/decision/undo`, {}, { reason }, token),
    /**
     * Versions: delete a wrong upload (soft, reason kept in the history; deleting the version in
     * force brings the previous one back), show it again, put an earlier version in force, move to
     * a county or to another organ. The answers say which version is in force.
     */
    deleteReport: (id: number, reason: string, token: string) =>
      request<Static<typeof DeleteResult>>('DELETE', `/api/reports/${id}`, { reason }, undefined, token),
    undeleteReport: (id: number, reason: string, token: string) =>
      request<Static<typeof DeleteResult>>('POST', `/api/reports/${id}/restore`, {}, { reason }, token),
    moveToOrgan: (id: number, organ: number, reason: string, token: string) =>
      request<Static<typeof MoveOrganResult>>('POST', `/api/reports/${id}/move-organ`, {}, { organ, reason }, token),
    makeCurrent: (id: number, reason: string, token: string) =>
      request<Static<typeof MadeCurrentResult>>('POST', `/api/reports/${id}/make-current`, {}, { reason }, token),
    moveReport: (id: number, county: number, reason: string, token: string) =>
      request<Static<typeof MoveResult>>('POST', `/api/reports/${id}/move`, {}, { county, reason }, token),
    /** 手工录入: a report typed in the template's layout; cells not given are blank. */
    enterReport: (body: ManualReportBody, token: string) =>
      request<{ outcome: 'ingested' | 'unchanged' | 'replaced'; reportId: number | null; organ: string | null; county: string | null; year: number | null; attached: boolean }>('POST', '/api/reports/manual', {}, body, token),

    flags: (q: FlagsQuery) => get<ListResponse<FlagView>>('/api/flags', q),
    notice: (organ: number, year: number) => get<Notice>('/api/notices', { organ, year }),
    flagSummary: (q: { county?: number | null; year?: number | null; state?: FlagState | null }) =>
      get<FlagSummary>('/api/flags/summary', q),
    decide: (id: number, body: { state: 'confirmed' | 'dismissed'; reason: string; author: string }, token: string) =>
      request<FlagView>('POST', `/api/flags/${id}/decision`, {}, body, token),
    coverage: (q: { year: number; county?: number | null }) => get<ListResponse<CoverageRow>>('/api/coverage', { ...q, limit: 500 }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

export interface AggregatesQuery extends Query {
  year: number;
  county?: number | null;
  kind?: readonly OrganKind[];
  by?: 'organ' | 'county';
  metrics?: string;
  filter?: readonly string[];
  sort?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface TrendsQuery extends Query {
  organ?: number | null;
  county?: number | null;
  kind?: readonly OrganKind[];
  metrics?: string;
  from?: number;
  to?: number;
}

export interface CompareQuery extends Query {
  metric: string;
  county?: number | null;
  /** Organ kinds (repeated `kind=`); empty or absent: every organ. */
  kind?: readonly OrganKind[];
  years?: string;
  sort?: 'name' | 'value';
  order?: 'asc' | 'desc';
}

export interface ReportsQuery extends Query {
  county?: number | null;
  organ?: number | null;
  year?: number | null;
  status?: string | null;
  flagged?: string | null;
  q?: string | null;
  /** Only reports whose county is unknown. */
  unknownCounty?: boolean | null;
  sort?: string | null;
  order?: string | null;
  limit?: number;
  offset?: number;
}

export interface ManualReportBody {
  organ: string;
  /** 经办人, for the upload log. */
  author?: string;
  county?: string;
  year: number;
  published?: string | null;
  cells: Record<string, number | null>;
  narrative?: { overview?: string | null; problems?: string | null; other?: string | null };
  /** The scanned file, base64: kept beside the report as it came, never read into numbers. */
  attachment?: { fileName: string; base64: string };
}

export interface FlagsQuery extends Query {
  rule?: string | null;
  severity?: string | null;
  state?: string | null;
  county?: number | null;
  organ?: number | null;
  year?: number | null;
  report?: number | null;
  limit?: number;
  offset?: number;
}

/** The app's client: same origin. */
export const api = createApiClient();
