/**
 * The admin token: asked once, on the first write action, and kept in this browser
 * (localStorage). Reading pages never ask for it. A token the server refuses is forgotten so
 * the next write asks again.
 */
import { ref } from 'vue';

const STORAGE_KEY = 'nianbao.adminToken';

function readStored(): string | null {
  try { return localStorage.getItem(STORAGE_KEY); } catch { return null; }
}

export const adminToken = ref<string | null>(readStored());

/** The pending question, shown by AdminTokenDialog in the layout. */
export const tokenPrompt = ref<{ resolve: (token: string | null) => void; retry: boolean } | null>(null);

export function setAdminToken(token: string | null): void {
  adminToken.value = token;
  try {
    if (token) localStorage.setItem(STORAGE_KEY, token);
    else localStorage.removeItem(STORAGE_KEY);
  } catch { /* private mode: keep it for this page only */ }
}

/** The stored token, or ask for it; null when the user cancels. */
export function requireAdminToken(retry = false): Promise<string | null> {
  if (adminToken.value && !retry) return Promise.resolve(adminToken.value);
  return new Promise((resolve) => {
    tokenPrompt.value = {
      retry,
      resolve: (token) => {
        tokenPrompt.value = null;
        if (token) setAdminToken(token);
        resolve(token);
      },
    };
  });
}

/**
 * Run a write with the token; when the server says the token is wrong (401/403), forget it,
 * ask once more and retry.
 */
export async function withAdminToken<T>(write: (token: string) => Promise<T>): Promise<T | null> {
  let token = await requireAdminToken();
  if (!token) return null;
  try {
    return await write(token);
  } catch (e) {
    if (!isAuthError(e)) throw e;
    setAdminToken(null);
    token = await requireAdminToken(true);
    if (!token) return null;
    return await write(token);
  }
}

function isAuthError(e: unknown): boolean {
  const status = (e as { status?: number } | null)?.status;
  return status === 401 || status === 403;
}

/**
 * A component's admin write: `busy` while it runs, `error` (the server's message, for the clerk)
 * when it fails. `run` resolves to the result, or null when it failed or the token was not given.
 */
export function useAdminWrite() {
  const busy = ref(false);
  const error = ref<string | null>(null);
  async function run<T>(write: (token: string) => Promise<T>): Promise<T | null> {
    busy.value = true;
    error.value = null;
    try {
      return await withAdminToken(write);
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
      return null;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}
