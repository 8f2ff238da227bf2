// Starts test/fixtures/dashboard-app with a secret for every webhook provider, and small admin API helpers.
import { randomBytes } from 'node:crypto';
import { ADMIN_API } from '../../../runtime/admin/prefix.js';
import type { LocalhooksOptions } from '../../../runtime/app.js';
import { startFixture, type TestApp } from '../../helpers/app-server.js';

export const SECRETS = {
  GITHUB_WEBHOOK_SECRET: 'gh-secret-0123456789abcdef',
  STRIPE_WEBHOOK_SECRET: 'whsec_stripe0123456789abcdef',
  SLACK_SIGNING_SECRET: 'slack-signing-0123456789',
  SHOPIFY_WEBHOOK_SECRET: 'shopify-secret-0123456789',
  CLERK_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
};

export function startDashboardApp(options: Partial<LocalhooksOptions> = {}): Promise<TestApp> {
  return startFixture('dashboard-app', { storage: 'memory', ...options, env: { ...SECRETS, ...(options.env ?? {}) } });
}

export const originOf = (app: TestApp) => new URL(app.base).origin;

/** A call as the dashboard makes it: same-origin, JSON bodies, the client header on writes. */
export async function admin<T = any>(app: TestApp, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { ...(method === 'GET' ? {} : { 'x-localhooks-client': 'test' }), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers };
  const res = await fetch(`${originOf(app)}${path.startsWith('/.localhooks') ? path : ADMIN_API + path}`, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as T, headers: res.headers };
}
