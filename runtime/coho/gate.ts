import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { ADMIN_PREFIX } from '../admin/prefix.js';
import type { LocalhooksError } from '../errors.js';
import { gatewayError } from '../server/errors.js';
import { hostnameOf, type HostCheck } from '../server/host-check.js';
import { adminRefusal } from '../server/origin-policy.js';

/**
 * The official `coho` CLI calls `<COHO_APIGW_URL>/<space>/_A_D_M_<op>…` on the app's URL. Such requests are
 * served by the admin API under this prefix (`/.localhooks/coho/<space>/_A_D_M_<op>…`), with its rules.
 */
export const COHO_PREFIX = `${ADMIN_PREFIX}/coho`;

const ADM_PATH = /^\/[^/?#]+\/_A_D_M_[A-Za-z]+(?:[/?#]|$)/;
/** The Host the CLI sends in place of the URL's: `<project>.api.codehooks.local.io` (or `.io` with `--local`). */
const COHO_HOST = /^[a-z0-9-]+\.api\.codehooks(?:\.local)?\.io$/;

export function isCohoAdminPath(url: string): boolean {
  return ADM_PATH.test(url);
}

/**
 * Who may call the `_A_D_M_*` endpoints: the admin API's rules (no foreign page, JSON or a header on writes,
 * loopback clients) plus the CLI's own Host name. That name is no loopback name, so it is served only to
 * requests without the marks browsers add (Origin, Sec-Fetch-*, Referer, Upgrade-Insecure-Requests, a
 * `Mozilla/` User-Agent, which Chrome does not let a page change): DNS rebinding needs a browser, and a page can
 * only send that Host if its author controls the DNS of the CLI's domain. Names allowed with `--allowed-host`
 * (tunnels) never reach these endpoints, as for the admin API.
 */
export function cohoRefusal(req: IncomingMessage, o: { hosts: HostCheck; adminOpen?: boolean }): LocalhooksError | null {
  const h = req.headers;
  const name = h.host === undefined ? '' : hostnameOf(h.host);
  const browser =
    h.origin !== undefined ||
    h['sec-fetch-site'] !== undefined ||
    h['sec-fetch-mode'] !== undefined ||
    h.referer !== undefined ||
    h['upgrade-insecure-requests'] !== undefined ||
    /^Mozilla\//.test(h['user-agent'] ?? '');
  if (COHO_HOST.test(name)) {
    if (browser) return gatewayError('LH_ADMIN_CROSS_ORIGIN', `The coho endpoints answer the coho CLI only, not a web page (Host ${name})`);
  } else {
    const refused = o.hosts.refuse(h.host);
    if (refused) return refused;
    if (!o.adminOpen && h.host !== undefined && !isLoopbackName(name)) {
      return gatewayError('LH_ADMIN_CROSS_ORIGIN', `The coho endpoints answer localhost only, not requests for ${name} (set LOCALHOOKS_ADMIN_OPEN=1 to open them)`);
    }
  }
  return adminRefusal(req.method ?? 'GET', h);
}

function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || (isIP(name) === 4 && name.startsWith('127.'));
}
