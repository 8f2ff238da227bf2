import { createHash } from 'node:crypto';
import type { OpenAiErrorResponse } from '../openai-error.js';

/** Anthropic's error types by status (https://docs.anthropic.com/en/api/errors). */
const TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export interface AnthropicErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: { type: 'error'; error: { type: string; message: string }; request_id: string };
}

/**
 * The OpenAI-shaped error of the shared pipeline, reworded as Anthropic sends it:
 * `{"type":"error","error":{"type":"rate_limit_error","message":…},"request_id":…}` with `request-id`, and on a
 * 429 the `anthropic-ratelimit-*` headers beside `retry-after`, which the Anthropic client reads to back off.
 */
export function toAnthropicError(openai: OpenAiErrorResponse, now: number): AnthropicErrorResponse {
  const { status } = openai;
  const type = TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  const requestId = `req_${createHash('sha256').update(`${status}:${openai.body.error.message}`).digest('hex').slice(0, 24)}`;
  const headers: Record<string, string> = { 'request-id': requestId };
  for (const [k, v] of Object.entries(openai.headers)) if (k === 'x-localhooks-error' || k.startsWith('retry-after')) headers[k] = v;
  if (status === 429) {
    headers['anthropic-ratelimit-requests-limit'] = openai.headers['x-ratelimit-limit-requests'] ?? '60';
    headers['anthropic-ratelimit-requests-remaining'] = '0';
    const seconds = Number(openai.headers['retry-after'] ?? 1);
    headers['anthropic-ratelimit-requests-reset'] = new Date(now + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return { status, headers, body: { type: 'error', error: { type, message: anthropicMessage(openai.body.error.message, status) }, request_id: requestId } };
}

/** The injected faults speak OpenAI's words ("Rate limit reached for…"); Anthropic's say it their way. */
function anthropicMessage(message: string, status: number): string {
  if (status === 429 && message.startsWith('Rate limit reached')) return `This request would exceed the rate limit for your organization. ${message.replace(/^.*?Please try again in [^ ]+ /, '')}`.trim();
  if ((status === 529 || status === 503) && message.includes('overloaded')) return `Overloaded ${message.replace(/^.*later\. /, '')}`.trim();
  return message;
}
