/** Uploads, browser only (XMLHttpRequest for progress); the rest of the client is in client.ts. */
import { ApiError, STATUS_MESSAGE, retryAfterOf } from './client.ts';
import type { UploadResponse } from './types.ts';

/**
 * One file to /api/uploads with upload progress (fetch cannot report it, XMLHttpRequest can).
 * Each file is its own request so each shows its own progress and result.
 */
export function uploadFile(
  file: File, token: string, options: { county?: string | null; author?: string | null; onProgress?: (fraction: number) => void } = {},
): Promise<UploadResponse> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    if (options.county) form.append('county', options.county);
    if (options.author) form.append('author', options.author);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) options.onProgress?.(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'network', '上传中断：无法连接服务器。'));
    xhr.onload = () => {
      let body: unknown = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* keep null */ }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as UploadResponse);
      const err = (body as { error?: { code?: string; message?: string } } | null)?.error;
      const message = err?.message ?? STATUS_MESSAGE[xhr.status] ?? `上传失败（${xhr.status}）。`;
      reject(new ApiError(xhr.status, err?.code ?? 'http', message, retryAfterOf(xhr.getResponseHeader('retry-after'))));
    };
    xhr.send(form);
  });
}
