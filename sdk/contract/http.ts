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
  rawBody: Uint8Array;
  /** True when the request carried a valid API key, or when API-key auth is off: auth hooks are skipped. */
  authenticated: boolean;
}

export type HeaderValue = string | string[];

/** Where the app's `res` sends its answer: one message for a whole body, or head + chunks + end when streamed. */
export interface ResponseSink {
  whole(status: number, headers: Record<string, HeaderValue>, body: Uint8Array): void;
  head(status: number, headers: Record<string, HeaderValue>): void;
  chunk(chunk: Uint8Array): void;
  end(): void;
}
