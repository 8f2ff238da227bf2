/** One HTTP request as the gateway hands it to the coderunner, where it becomes the app's `req`. */
export interface RunnerRequest {
  method: string;
  /** Full path as sent, without query (`/dev/order/1`). */
  path: string;
  /** Path without the space prefix (`/order/1`). */
  apiPath: string;
  originalUrl: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  hostname: string;
  ip: string;
  body: unknown;
  /** The exact body bytes; empty when the body was spooled to `bodyFile`. */
  rawBody: Uint8Array;
  /**
   * A large unparsed body (an upload) that the gateway wrote to a temporary file instead of holding it in
   * memory; `req` streams from it and reads `rawBody` from it on demand. The gateway deletes it afterwards.
   */
  bodyFile?: { path: string; size: number };
  /** True when the request carried a valid API key, or when API-key auth is off: auth hooks are skipped. */
  authenticated: boolean;
}

export type HeaderValue = string | string[];

/**
 * Where the app's `res` sends its answer: one message for a whole body, or head + chunks + end when streamed
 * (each chunk is acknowledged once the socket took it: see sdk/response-flow.worker.ts), or `abort` to cut a
 * started answer off (a file that shrank under a promised length).
 */
export interface ResponseSink {
  whole(status: number, headers: Record<string, HeaderValue>, body: Uint8Array): void;
  head(status: number, headers: Record<string, HeaderValue>): void;
  chunk(chunk: Uint8Array): void;
  end(): void;
  abort(reason: string): void;
}
