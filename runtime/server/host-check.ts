import { isIP } from 'node:net';
import { gatewayError } from './errors.js';
import type { LocalhooksError } from '../errors.js';

/**
 * The `Host` header check that stops DNS rebinding: a page on `evil.example` whose name is re-pointed at
 * 127.0.0.1 reaches this server with `Host: evil.example`, so only names that can only mean this machine are
 * served. IP addresses are served too: a rebinding attack needs a name, and a page that calls an address
 * directly is cross-origin, which the origin checks handle (Vite draws the same line).
 */
export interface HostCheck {
  /** null when the Host header may be served, else the 403 to answer. */
  refuse(hostHeader: string | undefined): LocalhooksError | null;
  /** What is served, for the banner. */
  describe(): string;
}

export interface HostCheckOptions {
  /** The `--host` address the server listens on (a name there is served too). */
  listenHost?: string;
  /** `--allowed-host` values: exact names, `.example.com` for a domain and its subdomains, or `*` for any. */
  allowed?: string[];
}

export function createHostCheck(options: HostCheckOptions = {}): HostCheck {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  let any = false;
  for (const raw of [...(options.allowed ?? []), options.listenHost ?? '']) {
    const name = normalizeName(raw);
    if (!name || name === '0.0.0.0' || name === '::' || name === '[::]') continue;
    if (name === '*') any = true;
    else if (name.startsWith('.')) suffixes.push(name);
    else exact.add(name);
  }
  const allows = (name: string) =>
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    isIpLiteral(name) ||
    exact.has(name) ||
    suffixes.some((s) => name.endsWith(s) || name === s.slice(1));
  // A client sends the same Host on every request: the last one served is not parsed again (same input, same answer).
  let lastServed: string | null = null;
  return {
    refuse(hostHeader) {
      // HTTP/1.0 clients may send none; browsers always do, so a missing Host is no rebinding.
      if (any || hostHeader === undefined || hostHeader === '' || hostHeader === lastServed) return null;
      const name = hostnameOf(hostHeader);
      if (allows(name)) {
        lastServed = hostHeader;
        return null;
      }
      return gatewayError(
        'LH_HOST_NOT_ALLOWED',
        `Host "${name}" is not served: localhooks answers localhost, *.localhost and IP addresses only, so that a web page cannot reach it through DNS rebinding. To serve this name (Docker service, tunnel), start with --allowed-host ${name}`,
      );
    },
    describe() {
      const extra = any ? ['any name (--allowed-host *)'] : [...exact, ...suffixes.map((s) => `*${s}`)];
      return ['localhost', '*.localhost', 'IP addresses', ...extra].join(', ');
    },
  };
}

/** `Host: Example.COM.:8080` → `example.com`; `[::1]:8080` → `[::1]`. */
export function hostnameOf(host: string): string {
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) {
    const end = name.indexOf(']');
    // Anything after `]` but a port makes it no address (and so a name that is refused).
    return end !== -1 && /^(:\d*)?$/.test(name.slice(end + 1)) ? name.slice(0, end + 1) : name;
  }
  const colon = name.indexOf(':');
  if (colon !== -1) name = name.slice(0, colon);
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function normalizeName(raw: string): string {
  const v = raw.trim().toLowerCase();
  if (v === '*' || v.startsWith('.')) return v;
  return v.includes(':') && !v.startsWith('[') && isIP(v) === 6 ? `[${v}]` : hostnameOf(v);
}

function isIpLiteral(name: string): boolean {
  if (name.startsWith('[') && name.endsWith(']')) return isIP(name.slice(1, -1)) === 6;
  return isIP(name) === 4;
}
