export type HeaderMap = Record<string, string | string[] | undefined>;

/** One request the app received and what it answered, as the inbox keeps it. */
export interface InboxEntry {
  /** Increasing across restarts: newer requests have larger ids. */
  id: number;
  /** When it arrived, epoch ms on the server's (injectable) clock. */
  time: number;
  method: string;
  /** The URL as sent (path and query, space prefix included). */
  url: string;
  /** The path the app's router saw (without the space prefix). */
  path: string;
  headers: HeaderMap;
  /** The raw body, byte-exact up to the body limit. */
  body: Uint8Array;
  bodySize: number;
  bodyTruncated: boolean;
  /** null while the app has not answered yet. */
  status: number | null;
  responseHeaders: HeaderMap;
  /** null for a streamed answer (server-sent events, chunked): its head is kept, not its stream. */
  responseBody: Uint8Array | null;
  responseSize: number;
  responseTruncated: boolean;
  ms: number | null;
  /** Set when the request was a replay or an edited resend of another entry. */
  replayOf: number | null;
  /** A localhooks error answered instead of the app (timeout, app not ready). */
  error: { code: string; message: string } | null;
}

export interface InboxOptions {
  /** Requests kept; the oldest is dropped past it. Default 1,000. 0 turns the inbox off. */
  capacity?: number;
  /** Bytes of each body kept; longer bodies are stored truncated and marked so. Default 256 KiB. */
  bodyLimit?: number;
}
