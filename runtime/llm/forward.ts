import { LLM_ERROR_CODES, LlmError } from './errors.js';
import type { ResolvedLlmOptions } from './options.js';

// Local models on a laptop can take minutes for a long answer; past this the call is surely stuck.
export const UPSTREAM_TIMEOUT_MS = 10 * 60_000;
// Headers of the upstream's answer that clients read (retry and rate-limit logic, request ids), both APIs'.
const PASSED_HEADERS = /^(content-type|retry-after|retry-after-ms|x-request-id|request-id|x-should-retry|openai-.*|anthropic-.*|x-ratelimit-.*)$/i;
// Request headers an Anthropic upstream needs besides the key: the API version and opted-in betas.
const ANTHROPIC_HEADERS = ['anthropic-version', 'anthropic-beta'];

export interface ForwardCall {
  method: string;
  /** Path under the API base, e.g. `/chat/completions`. */
  path: string;
  body: unknown;
  /** The caller's own headers: its key is passed on when none is configured, and Anthropic's version headers. */
  callerHeaders: Record<string, string | string[] | undefined>;
  /** Aborts the upstream call when the caller goes away. */
  signal: AbortSignal;
}

/** The body as the upstream should see it: `model` replaced by `upstreamModel` when one is set. */
export function upstreamBody(body: unknown, upstreamModel: string | undefined): unknown {
  if (!upstreamModel || !body || typeof body !== 'object' || Array.isArray(body) || !('model' in body)) return body;
  return { ...body, model: upstreamModel };
}

/** Anthropic's Messages API (`/messages…`) goes to its own upstream with its own key header. */
export function isAnthropicPath(path: string): boolean {
  return path === '/messages' || path.startsWith('/messages/');
}

export async function forward(options: ResolvedLlmOptions, call: ForwardCall): Promise<Response> {
  const anthropic = isAnthropicPath(call.path);
  const url = `${anthropic ? options.anthropicUrl : options.upstreamUrl}${call.path}`;
  const headers: Record<string, string> = { accept: 'application/json, text/event-stream' };
  const caller = (name: string): string | undefined => {
    const v = call.callerHeaders[name];
    return Array.isArray(v) ? v[0] : v;
  };
  if (anthropic) {
    const key = options.anthropicApiKey ?? caller('x-api-key');
    if (key) headers['x-api-key'] = key;
    for (const name of ANTHROPIC_HEADERS) if (caller(name)) headers[name] = caller(name)!;
    // Local servers that speak Anthropic's API (Ollama) take the same bearer token as their OpenAI API.
    if (!key && caller('authorization')) headers.authorization = caller('authorization')!;
  } else {
    const auth = options.apiKey ? `Bearer ${options.apiKey}` : caller('authorization');
    if (auth) headers.authorization = auth;
  }
  const hasBody = call.body !== undefined && call.method !== 'GET';
  if (hasBody) headers['content-type'] = 'application/json';
  try {
    return await options.fetchImpl(url, {
      method: call.method,
      headers,
      body: hasBody ? JSON.stringify(upstreamBody(call.body, options.upstreamModel)) : undefined,
      signal: AbortSignal.any([call.signal, AbortSignal.timeout(UPSTREAM_TIMEOUT_MS)]),
    });
  } catch (err) {
    const reason = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new LlmError(LLM_ERROR_CODES.UPSTREAM, `Could not reach the LLM upstream at ${url}: ${reason}. Is it running?`, {
      status: 502,
      cause: err,
    });
  }
}

export function passedHeaders(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (PASSED_HEADERS.test(name)) out[name] = value;
  });
  return out;
}

export function isEventStream(contentType: string): boolean {
  return contentType.toLowerCase().includes('text/event-stream');
}
