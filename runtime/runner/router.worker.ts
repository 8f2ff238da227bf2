import { compilePattern, type PathMatcher } from './route-pattern.js';

/** A function of a route chain: `(req, res, next)`. */
export type Hook = (req: unknown, res: unknown, next: (err?: unknown) => void) => unknown;

interface Route {
  method: string;
  matcher: PathMatcher;
  hooks: Hook[];
}

interface Middleware {
  matcher: PathMatcher | null;
  func: Hook | undefined;
}

export interface RouteMatch {
  params: Record<string, string>;
  chain: Hook[];
}

export interface AppManifest {
  routehooks?: Record<string, Hook[]>;
  authhooks?: Record<string, Hook[]>;
  globalhooks?: unknown[];
  /** `realtime.createChannel(path, ...hooks)`: a function object whose own keys are the channel paths (CONTRACT-13). */
  realtime?: Record<string, unknown[] | undefined>;
}

/**
 * The app's routing table, compiled once per generation. First match in registration order wins (ROUTE-11);
 * global middleware matching the path runs before the route's own functions (CONTRACT-16).
 */
export class Router {
  readonly #routes: Route[] = [];
  readonly #auth: { matcher: PathMatcher; hooks: Hook[] }[] = [];
  readonly #middleware: Middleware[] = [];

  constructor(manifest: AppManifest) {
    // RT-01: the SDK gives a channel's hooks only a `{path}` middleware entry, which never matches the listener
    // URL `<path>/<listenerID>`; they run at the head of the SDK's listener route instead.
    const channelHooks = new Map<string, Hook[]>();
    for (const [path, hooks] of Object.entries(manifest.realtime ?? {})) channelHooks.set(`GET ${path}/:clientID`, (hooks ?? []).filter(isFn));
    for (const [key, hooks] of Object.entries(manifest.routehooks ?? {})) {
      const space = key.indexOf(' ');
      this.#routes.push({
        method: key.slice(0, space),
        matcher: compilePattern(key.slice(space + 1)),
        hooks: [...(channelHooks.get(key) ?? []), ...(hooks ?? []).filter(isFn)],
      });
    }
    for (const [key, hooks] of Object.entries(manifest.authhooks ?? {})) {
      this.#auth.push({ matcher: compilePattern(key), hooks: (hooks ?? []).filter(isFn) });
    }
    for (const entry of manifest.globalhooks ?? []) {
      if (typeof entry === 'function') this.#middleware.push({ matcher: null, func: entry as Hook });
      else if (entry && typeof entry === 'object') {
        const e = entry as { path?: string; regex?: string; func?: Hook };
        const pattern = e.path ?? e.regex;
        // MW-07: entries without a function (realtime channels without hooks) are skipped.
        if (pattern !== undefined && isFn(e.func)) this.#middleware.push({ matcher: compilePattern(pattern), func: e.func });
      }
    }
  }

  match(method: string, apiPath: string): RouteMatch | null {
    const m = method === 'HEAD' ? 'GET' : method;
    for (const route of this.#routes) {
      if (route.method !== '*' && route.method !== m) continue;
      const params = route.matcher.match(apiPath);
      if (!params) continue;
      // Most apps have no global middleware: the route's own list is the chain (runChain never changes it).
      if (this.#middleware.length === 0) return { params, chain: route.hooks };
      const mw = this.#middleware.filter((x) => x.matcher === null || x.matcher.match(apiPath)).map((x) => x.func as Hook);
      return { params, chain: [...mw, ...route.hooks] };
    }
    return null;
  }

  /** The first registered auth hook whose pattern matches decides (AMB 14). */
  authHooks(apiPath: string): Hook[] | null {
    for (const a of this.#auth) if (a.matcher.match(apiPath)) return a.hooks;
    return null;
  }

  list(): string[] {
    return this.#routes.map((r) => `${r.method === '*' ? 'ALL' : r.method} ${r.matcher.source}`);
  }
}

function isFn(x: unknown): x is Hook {
  return typeof x === 'function';
}
