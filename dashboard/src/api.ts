/** The admin API's base; the page is served from `/.localhooks/`. */
export const API = '/.localhooks/api';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly body: Record<string, unknown> | null,
  ) {
    super(message);
  }
}

/**
 * Every call the page makes. Same-origin only, and every state-changing call carries the
 * `x-localhooks-client` header (and JSON bodies), as the admin API requires (docs/security.md).
 */
export async function api<T>(path: string, opts: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-localhooks-client'] = 'dashboard';
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(path.startsWith('/') ? path : `${API}/${path}`, { method, headers, body, credentials: 'same-origin' });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const b = (json && typeof json === 'object' ? json : null) as Record<string, unknown> | null;
    throw new ApiError(typeof b?.error === 'string' ? b.error : `${res.status} ${res.statusText}`, res.status, typeof b?.code === 'string' ? b.code : null, b);
  }
  return (json ?? text) as T;
}

export const q = (params: Record<string, string | number | undefined | null>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const t = s.toString();
  return t ? `?${t}` : '';
};
