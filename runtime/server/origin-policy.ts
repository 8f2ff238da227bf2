import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import type { LocalhooksError } from '../errors.js';
import { gatewayError } from './errors.js';
import { hostnameOf } from './host-check.js';

/** Headers to add to the answer, or the 403 to answer instead of running the app. */
export type AppAccess = { headers: Record<string, string> } | { refused: LocalhooksError };

/** Who may call the app's routes from a web page (`--cors`), and what the banner says about it. */
export interface AppCors {
  decide(method: string, h: IncomingHttpHeaders): AppAccess;
  describe(): string;
}

export interface AppCorsOptions {
  /** `--cors` values: origins (`https://app.example`), `null`, or `*` for any origin. */
  origins?: string[];
  /** With API keys on, any origin is answered, as on the platform: the key is what protects the data. */
  apiKeys?: boolean;
}

/** The value `--cors` takes: an origin, `null`, or `*`; anything else is a usage error (a message) . */
export function parseCorsOrigin(raw: string): string | { error: string } {
  const v = raw.trim();
  if (v === '*' || v === 'null') return v;
  try {
    const u = new URL(v);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash && !u.username) {
      if (v.replace(/\/$/, '').toLowerCase() === u.origin.toLowerCase()) return u.origin;
    }
  } catch {
    // reported below
  }
  return { error: `--cors expects an origin like http://localhost:5173 or https://app.example (scheme, host and port, no path), null, or * (got "${raw}")` };
}

// The answers for requests without an Origin (most of them) are shared: the gateway only reads or copies them.
const ANY_ORIGIN: AppAccess = Object.freeze({ headers: Object.freeze({ 'access-control-allow-origin': '*' }) });
const VARY_ORIGIN: AppAccess = Object.freeze({ headers: Object.freeze({ vary: 'origin' }) });

export function createAppCors(options: AppCorsOptions = {}): AppCors {
  const listed = new Set((options.origins ?? []).filter((o) => o !== '*'));
  const any = options.apiKeys === true || (options.origins ?? []).includes('*');
  // A page sends the same Origin and Host on every call: the last pair allowed is not parsed again (two URL parses).
  let lastOrigin: string | null = null;
  let lastHost: string | undefined;
  const allowed = (origin: string, host: string | undefined) => {
    if (origin === lastOrigin && host === lastHost) return true;
    if (!(isLoopbackOrigin(origin) || listed.has(origin) || isSameOrigin(origin, host))) return false;
    lastOrigin = origin;
    lastHost = host;
    return true;
  };
  return {
    decide(method, h): AppAccess {
      const origin = h.origin;
      if (origin === undefined) {
        // <img>, <script> and plain links send no Origin; the browser's Sec-Fetch-Site still says where they came from.
        // No CORS header is needed without an Origin; `vary` keeps a cached copy from answering a page's CORS request.
        if (any) return ANY_ORIGIN;
        if (h['sec-fetch-site'] !== 'cross-site' || isTopLevelNavigation(method, h)) return VARY_ORIGIN;
        const from = refererOrigin(h.referer);
        if (from !== null && allowed(from, h.host)) return VARY_ORIGIN;
        return { refused: gatewayError('LH_CORS_FORBIDDEN', `A request from another site (Sec-Fetch-Site: cross-site${from ? `, Referer ${from}` : ''}) was refused. Start localhooks with --cors <origin> to let that site's pages call the app`) };
      }
      if (any) return { headers: { 'access-control-allow-origin': origin, vary: 'origin' } };
      if (allowed(origin, h.host)) return { headers: { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'origin' } };
      return {
        refused: gatewayError(
          'LH_CORS_FORBIDDEN',
          `Origin ${origin} may not call this app: by default only pages on localhost, 127.0.0.1 or [::1] (any port) can. Start localhooks with --cors ${origin} to allow it`,
        ),
      };
    },
    describe() {
      if (options.apiKeys) return 'any origin (API key required, as on Codehooks)';
      if (any) return 'any origin (--cors *)';
      const extra = listed.size ? `, ${[...listed].join(', ')}` : '';
      return `pages on localhost, 127.0.0.1, [::1] (any port)${extra}; other sites refused (--cors <origin> to add one)`;
    },
  };
}

/**
 * The admin API (and everything under the reserved prefix) answers same-origin or origin-less requests only,
 * and a state-changing call must carry a JSON body or the `x-localhooks-client` header: neither an HTML form
 * nor any other request a page can send without a CORS preflight can do that.
 */
export function adminRefusal(method: string, h: IncomingHttpHeaders): LocalhooksError | null {
  const origin = h.origin;
  if (origin !== undefined && !isSameOrigin(origin, h.host)) {
    return gatewayError('LH_ADMIN_CROSS_ORIGIN', `The localhooks admin API answers its own pages and tools only, not pages from ${origin}`);
  }
  const site = h['sec-fetch-site'];
  // A link the developer follows to the dashboard shows it to them; its own calls are then same-origin.
  if (site !== undefined && site !== 'same-origin' && site !== 'none' && !isTopLevelNavigation(method, h)) {
    return gatewayError('LH_ADMIN_CROSS_ORIGIN', `The localhooks admin API answers its own pages and tools only (Sec-Fetch-Site: ${site})`);
  }
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && !isJson(h['content-type']) && h['x-localhooks-client'] === undefined) {
    return gatewayError('LH_ADMIN_CSRF', `${method} on the admin API needs a JSON body (content-type: application/json) or an x-localhooks-client header`);
  }
  return null;
}

/** `http(s)://localhost`, `*.localhost`, `127.x.x.x` or `[::1]`, any port: pages the developer serves locally. */
export function isLoopbackOrigin(origin: string): boolean {
  const host = originHost(origin);
  if (host === null) return false;
  const name = hostnameOf(host);
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || (isIP(name) === 4 && name.startsWith('127.'));
}

export function isSameOrigin(origin: string, host: string | undefined): boolean {
  const h = originHost(origin);
  return h !== null && host !== undefined && h === host.trim().toLowerCase();
}

function originHost(origin: string): string | null {
  if (!origin.startsWith('http://') && !origin.startsWith('https://')) return null;
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function refererOrigin(referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/** A link the developer clicked: the page shows the answer to them, not to the site that linked it. */
function isTopLevelNavigation(method: string, h: IncomingHttpHeaders): boolean {
  return (method === 'GET' || method === 'HEAD') && h['sec-fetch-mode'] === 'navigate' && h['sec-fetch-dest'] === 'document';
}

function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}
