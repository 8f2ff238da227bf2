// Headless Chromium for the dashboard's browser tests: a page that fails the test on script errors and CSP
// violations, and screenshots of each view saved to a temp folder (artifacts, never committed).
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where screenshots go: `$LOCALHOOKS_SHOTS`, else a folder in the system's temp directory. */
export const SHOTS = process.env.LOCALHOOKS_SHOTS ?? join(tmpdir(), 'localhooks-dashboard-shots');

export interface DashboardPage {
  page: Page;
  context: BrowserContext;
  /** Script errors and CSP violations seen so far. */
  problems: string[];
  /** The whole page, or with `{fullPage: false}` what the window shows (where it is scrolled to). */
  shot(name: string, opts?: { fullPage?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM });
}

export async function openDashboard(browser: Browser, origin: string, hash = '', opts: { width?: number; height?: number; theme?: 'light' | 'dark'; offline?: boolean } = {}): Promise<DashboardPage> {
  mkdirSync(SHOTS, { recursive: true });
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 }, colorScheme: opts.theme ?? 'light' });
  // Nothing but the server itself: the dashboard (and Swagger UI) must work with no network.
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    return u.hostname === '127.0.0.1' || u.hostname === 'localhost' ? route.continue() : route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  await page.goto(`${origin}/.localhooks/${hash}`);
  return {
    page,
    context,
    problems,
    shot: async (name, { fullPage = true } = {}) => void (await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage })),
    close: () => context.close(),
  };
}
