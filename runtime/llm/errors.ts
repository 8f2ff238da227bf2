import { LocalhooksError } from '../errors.js';

/**
 * Codes of the offline LLM endpoint. Each one is a row in docs/errors.md. Over HTTP these leave as OpenAI-shaped
 * bodies (`{error:{message,type,param,code}}`), not the usual `{error, code}`, because the callers are OpenAI
 * clients that parse that shape; the localhooks code travels in the `x-localhooks-error` header.
 */
export const LLM_ERROR_CODES = {
  BAD_REQUEST: 'LH_LLM_BAD_REQUEST',
  NOT_FOUND: 'LH_LLM_NOT_FOUND',
  REPLAY_MISS: 'LH_LLM_REPLAY_MISS',
  UPSTREAM: 'LH_LLM_UPSTREAM',
  FAULT_INJECTED: 'LH_LLM_FAULT_INJECTED',
  CONFIG: 'LH_LLM_CONFIG',
} as const;

export type LlmErrorCode = (typeof LLM_ERROR_CODES)[keyof typeof LLM_ERROR_CODES];

/** The fields OpenAI puts in its error body, beside our own stable code. */
export interface OpenAiErrorFields {
  type: string;
  param: string | null;
  openaiCode: string | null;
  headers?: Record<string, string>;
}

export class LlmError extends LocalhooksError {
  readonly type: string;
  readonly param: string | null;
  readonly openaiCode: string | null;
  readonly headers: Record<string, string>;

  constructor(
    code: LlmErrorCode,
    message: string,
    options: { status: number; cause?: unknown } & Partial<OpenAiErrorFields>,
  ) {
    super(code, message, { status: options.status, cause: options.cause });
    this.name = 'LlmError';
    this.type = options.type ?? (options.status >= 500 ? 'server_error' : 'invalid_request_error');
    this.param = options.param ?? null;
    this.openaiCode = options.openaiCode ?? null;
    this.headers = options.headers ?? {};
  }
}

export function badRequest(message: string, param: string | null = null, openaiCode: string | null = null): LlmError {
  return new LlmError(LLM_ERROR_CODES.BAD_REQUEST, message, { status: 400, param, openaiCode });
}

export function configError(message: string): LlmError {
  return new LlmError(LLM_ERROR_CODES.CONFIG, message, { status: 400 });
}
