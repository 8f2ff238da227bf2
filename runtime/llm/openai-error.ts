import type { FastifyReply, FastifyRequest } from 'fastify';
import { LLM_PREFIX } from '../admin/prefix.js';
import type { Logger } from '../logger.js';
import { toAnthropicError } from './anthropic/anthropic-error.js';
import { LLM_ERROR_CODES, LlmError } from './errors.js';
import { isAnthropicPath } from './forward.js';

export interface OpenAiErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: { error: { message: string; type: string; param: string | null; code: string | null } };
}

/**
 * The one place where errors of the LLM routes become HTTP responses. They take OpenAI's shape, because the
 * callers are OpenAI clients and retry helpers; the stable localhooks code rides in `x-localhooks-error`.
 */
export function toOpenAiError(err: unknown): OpenAiErrorResponse {
  if (err instanceof LlmError) {
    return {
      status: err.status,
      headers: { ...err.headers, 'x-localhooks-error': err.code },
      body: { error: { message: err.message, type: err.type, param: err.param, code: err.openaiCode } },
    };
  }
  // fastify's own errors (body too large, bad content type) carry a statusCode.
  const status = (err as { statusCode?: unknown }).statusCode;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      status,
      headers: { 'x-localhooks-error': LLM_ERROR_CODES.BAD_REQUEST },
      body: { error: { message, type: 'invalid_request_error', param: null, code: null } },
    };
  }
  return {
    status: 500,
    headers: {},
    body: { error: { message: `The server had an error while processing your request: ${message}`, type: 'server_error', param: null, code: null } },
  };
}

/** Errors of Anthropic's routes (`/messages`) leave in Anthropic's shape; every other route in OpenAI's. */
export function sendOpenAiError(err: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger, now = Date.now()): FastifyReply {
  const res = toOpenAiError(err);
  const path = request.url.split('?')[0]!.slice(LLM_PREFIX.length);
  if (res.status >= 500 && !(err instanceof LlmError)) logger.error(`llm: ${request.method} ${request.url} failed`, err);
  // The app sees a 502, but the person running localhooks should learn that the upstream is down.
  else if (err instanceof LlmError && err.code === LLM_ERROR_CODES.UPSTREAM) logger.warn(`llm: ${err.message}`);
  else logger.debug(`llm: ${request.method} ${request.url} → ${res.status} ${res.body.error.message}`);
  if (isAnthropicPath(path)) {
    const a = toAnthropicError(res, now);
    return reply.code(a.status).headers(a.headers).send(a.body);
  }
  return reply.code(res.status).headers(res.headers).send(res.body);
}

export function notFoundError(method: string, url: string): LlmError {
  return new LlmError(LLM_ERROR_CODES.NOT_FOUND, `Invalid URL (${method} ${url})`, { status: 404 });
}

export function modelNotFound(id: string): LlmError {
  return new LlmError(LLM_ERROR_CODES.NOT_FOUND, `The model '${id}' does not exist or you do not have access to it.`, {
    status: 404,
    param: 'model',
    openaiCode: 'model_not_found',
  });
}
