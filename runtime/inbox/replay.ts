import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { InboxError } from './errors.js';
import { REPLAY_HEADER, type RequestInbox } from './inbox.js';
import type { HeaderMap, InboxEntry } from './types.js';

/** Framing headers are the transport's, recomputed for the body actually sent. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'te', 'upgrade', 'expect', 'proxy-connection']);
/** A replay waits this long for the app's answer; the gateway's own handler timeout answers first. */
const SEND_TIMEOUT_MS = 60_000;

export interface OutgoingRequest {
  method: string;
  /** Path and query, as sent to the server (`/dev/webhook?x=1`). */
  url: string;
  headers: HeaderMap;
  body: Uint8Array;
}

export interface SentResult {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** The inbox entry the request became (null when the inbox is off). */
  entry: InboxEntry | null;
}

/**
 * Sends a request to the app through localhooks' own port, so it takes the same path as one from outside
 * (host check, CORS, auth, the gateway) and lands in the inbox, linked to the entry it replays.
 */
export async function sendThroughGateway(origin: string, req: OutgoingRequest, inbox: RequestInbox | null, replayOf: number | null): Promise<SentResult> {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k.toLowerCase())) headers[k.toLowerCase()] = v;
  headers['content-length'] = String(req.body.byteLength);
  const nonce = randomBytes(9).toString('base64url');
  headers[REPLAY_HEADER] = `${replayOf ?? ''}.${nonce}`;
  const recorded = inbox?.expect(nonce);
  const target = new URL(origin);
  try {
    const answer = await new Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }>((resolve, reject) => {
      const r = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, timeout: SEND_TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string | string[]>, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      r.on('timeout', () => r.destroy(new Error(`no answer within ${SEND_TIMEOUT_MS} ms`)));
      r.on('error', reject);
      r.end(req.body);
    });
    // The gateway records the entry before it writes the answer, so it is there by now when the app answered.
    const entry = recorded ? await Promise.race([recorded, Promise.resolve(null)]) : null;
    return { ...answer, entry };
  } catch (err) {
    throw new InboxError('LH_INBOX_SEND_FAILED', `Could not send ${req.method} ${req.url} to the app: ${(err as Error).message}`);
  } finally {
    inbox?.forget(nonce);
  }
}
