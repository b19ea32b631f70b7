/** Uploads, browser only (XMLHttpRequest for progress); the rest of the client is in client.ts. */
import { ApiError, STATUS_MESSAGE, errorFrom, retryAfterOf } from './client.ts';
import type { UploadResponse } from './types.ts';

/** GET /api/uploads/jobs/:id: an upload the server answered 202 for and reads in the background. */
interface UploadJob {
  id: number;
  state: 'running' | 'done' | 'failed';
  progress: { file: string; page: number | null; pages: number | null } | null;
  answer: UploadResponse | null;
  error: { code: string; message: string } | null;
}

/** How often a queued upload's job is asked about. */
const POLL_MS = 1000;
/** Network errors and 5xx in a row before the poll gives up. */
const POLL_TRIES = 10;

export interface UploadOptions {
  county?: string | null;
  author?: string | null;
  /** The files are the pages of ONE report (images; the server orders them by file name). */
  oneReport?: boolean;
  /** Bytes sent so far, as a fraction. */
  onProgress?: (fraction: number) => void;
  /** While the server reads a scan by OCR: the page being read of all its pages. */
  onReading?: (page: number, pages: number) => void;
}

/**
 * One file to /api/uploads with upload progress (fetch cannot report it, XMLHttpRequest can).
 * Each file is its own request so each shows its own progress and result; the images of one
 * report (`oneReport`) go together in one request. A file the server is still reading after a
 * few seconds (a scan) is answered 202 with a job: it is polled once a second until done, and
 * its answer is the upload's.
 */
export async function uploadFile(file: File | readonly File[], token: string, options: UploadOptions = {}): Promise<UploadResponse> {
  const first = await send(Array.isArray(file) ? file : [file as File], token, options);
  if (first.status === 202) return pollJob((first.body as { job: number }).job, token, options);
  return first.body as UploadResponse;
}

function send(files: readonly File[], token: string, options: UploadOptions): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    if (options.county) form.append('county', options.county);
    if (options.author) form.append('author', options.author);
    if (options.oneReport) form.append('oneReport', 'true');
    for (const file of files) form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) options.onProgress?.(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'network', '上传中断：无法连接服务器。'));
    xhr.onload = () => {
      let body: unknown = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* keep null */ }
      if (xhr.status >= 200 && xhr.status < 300) return resolve({ status: xhr.status, body });
      const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
      const message = err?.message ?? STATUS_MESSAGE[xhr.status] ?? `上传失败（${xhr.status}）。`;
      reject(new ApiError(xhr.status, err?.code ?? 'http', message, retryAfterOf(xhr.getResponseHeader('retry-after'))));
    };
    xhr.send(form);
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Ask about the job once a second until it is done (its answer) or failed (its error). */
async function pollJob(id: number, token: string, options: UploadOptions): Promise<UploadResponse> {
  let failures = 0;
  for (;;) {
    await sleep(POLL_MS);
    let res: Response;
    try {
      res = await fetch(`/api/uploads/jobs/${id}`, { headers: { authorization: `Bearer ${token}` } });
    } catch {
      if (++failures >= POLL_TRIES) throw new ApiError(0, 'network', '无法连接服务器，未能得知上传结果；请稍后在下方导入记录中查看。');
      continue;
    }
    if (res.status >= 500 && ++failures < POLL_TRIES) continue;
    if (res.status === 429) {
      await sleep((retryAfterOf(res.headers.get('retry-after')) ?? 5) * 1000);
      continue;
    }
    if (!res.ok) {
      const error = await errorFrom(res);
      // Not 401: the file is taken already, sending it again with a new token would only find it unchanged.
      throw new ApiError(res.status === 401 ? 403 : res.status, error.code, error.message);
    }
    failures = 0;
    const job = (await res.json()) as UploadJob;
    if (job.state === 'done' && job.answer) return job.answer;
    if (job.state === 'failed') {
      const error = job.error ?? { code: 'internal', message: STATUS_MESSAGE[500]! };
      throw new ApiError(error.code === 'file_too_large' || error.code === 'too_many_files' ? 413 : 500, error.code, error.message);
    }
    if (job.progress?.page && job.progress.pages) options.onReading?.(job.progress.page, job.progress.pages);
  }
}
