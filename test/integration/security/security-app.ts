import { request } from 'node:http';
import { connect } from 'node:net';
import { startFixture, type TestApp } from '../../helpers/app-server.js';
import type { LocalhooksOptions } from '../../../runtime/app.js';

/** The app the security tests attack (test/fixtures/security-app): routes, crudlify, a workflow, a cron job. */
export function startSecurityApp(options: Partial<LocalhooksOptions> = {}): Promise<TestApp> {
  return startFixture('security-app', options);
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: { error?: string; code?: string } & Record<string, unknown>;
}

/**
 * One request with exactly the headers given (fetch would not send a foreign Host or a Sec-Fetch-Site).
 * `host` defaults to `localhost:<port>`; pass `null` to send none.
 */
export function send(
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; host?: string | null } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.host !== null) headers.host = init.host ?? `localhost:${port}`;
    if (init.body !== undefined) headers['content-length'] ??= String(Buffer.byteLength(init.body));
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = {};
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * Writes raw bytes on a fresh connection and reads until the server closes it or `timeoutMs` passes; returns
 * the status line's code (0 when nothing came back) and the text.
 */
export function rawExchange(port: number, bytes: Buffer | string, options: { timeoutMs?: number; keepOpen?: boolean } = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, text });
    };
    const timer = setTimeout(done, options.timeoutMs ?? 5_000);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (d) => {
      text += d.toString('latin1');
      // One complete answer is enough: the server may keep the connection open.
      const head = text.indexOf('\r\n\r\n');
      const len = /content-length: (\d+)/i.exec(text);
      if (head !== -1 && len && text.length >= head + 4 + Number(len[1])) done();
    });
    socket.on('close', done);
    socket.on('error', done);
  });
}

/** The counters and the secret, read through the app's read-only route. */
export async function counts(app: TestApp): Promise<{ visits: number; jobRuns: number; secret: string | null }> {
  return (await app.json<{ visits: number; jobRuns: number; secret: string | null }>('/counts')).body;
}
