import { Readable } from 'node:stream';

/**
 * The one fetch the app's code uses (global `fetch` and `node-fetch`). It routes the SDK's internal gateway
 * host and the OpenAI and Anthropic APIs to this localhooks server, and gives responses node-fetch's extras
 * (`buffer()`, a Node stream `body`), since apps written against node-fetch@2 use them.
 */
export const INTERNAL_GATEWAY = 'apigateway-service:8888';
const OPENAI_ORIGIN = 'https://api.openai.com';
const ANTHROPIC_ORIGIN = 'https://api.anthropic.com';

export interface FetchRoutes {
  gatewayOrigin: string;
  /** Where `https://api.openai.com/v1/*` and `https://api.anthropic.com/v1/*` go (the LLM endpoint serves both), or null. */
  openaiBase: string | null;
}

export function rewriteUrl(url: string, routes: FetchRoutes): string {
  if (url.startsWith(`http://${INTERNAL_GATEWAY}`)) return routes.gatewayOrigin + url.slice(`http://${INTERNAL_GATEWAY}`.length);
  for (const origin of [OPENAI_ORIGIN, ANTHROPIC_ORIGIN]) {
    if (routes.openaiBase && url.startsWith(`${origin}/v1`)) return routes.openaiBase + url.slice(`${origin}/v1`.length);
  }
  return url;
}

type AnyInit = RequestInit & { body?: unknown; timeout?: number; agent?: unknown; compress?: boolean; size?: number };

/** `nodeFetchStyle` adds node-fetch@2's extras; global `fetch` keeps web streams (the `openai` client reads them). */
export function createRunnerFetch(base: typeof fetch, routes: FetchRoutes, nodeFetchStyle = false): typeof fetch {
  const runnerFetch = async (input: string | URL | Request, init?: AnyInit): Promise<Response> => {
    let request: string | Request;
    if (input instanceof Request) request = new Request(rewriteUrl(input.url, routes), input);
    else request = rewriteUrl(String(input), routes);
    const opts: AnyInit = { ...(init ?? {}) };
    if (opts.body instanceof Readable) {
      opts.body = Readable.toWeb(opts.body) as unknown as BodyInit;
      (opts as { duplex?: string }).duplex = 'half';
    }
    if (typeof opts.timeout === 'number' && opts.timeout > 0 && !opts.signal) opts.signal = AbortSignal.timeout(opts.timeout);
    delete opts.agent;
    const res = await base(request, opts as RequestInit);
    return nodeFetchStyle ? withNodeFetchExtras(res) : res;
  };
  return runnerFetch as typeof fetch;
}

function withNodeFetchExtras(res: Response): Response {
  let nodeBody: Readable | undefined;
  const webBody = res.body;
  Object.defineProperty(res, 'buffer', { value: async () => Buffer.from(await res.arrayBuffer()) });
  if (webBody) {
    // node-fetch@2 exposes a Node stream; the web methods (json/text) still read the original body.
    Object.defineProperty(res, 'body', {
      configurable: true,
      get: () => (nodeBody ??= Readable.fromWeb(webBody as import('node:stream/web').ReadableStream)),
    });
  }
  return res;
}
