/** What one request to a contactd under a fault got: its status (or no answer within the bound), error code and message, timing. */
export interface CallOutcome {
  startedAt: number;
  endedAt: number;
  status: number | 'no-answer';
  code?: string;
  message?: string;
  retryAfter?: string | null;
  json?: unknown;
}

/**
 * One JSON request with the key, given up after hangMs: a fault must be answered within a bounded time, so
 * a request still open then counts as `no-answer` (a hang), never as a wait.
 */
export async function callContactd(baseUrl: string, key: string, hangMs: number, method: string, path: string, body?: unknown): Promise<CallOutcome> {
  const startedAt = Date.now();
  try {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(hangMs),
    });
    const json = (await res.json()) as { error?: { code: string; message: string } };
    return { startedAt, endedAt: Date.now(), status: res.status, retryAfter: res.headers.get('retry-after'), json, ...(json.error ? { code: json.error.code, message: json.error.message } : {}) };
  } catch {
    return { startedAt, endedAt: Date.now(), status: 'no-answer' };
  }
}
