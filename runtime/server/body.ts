import { gatewayError } from './errors.js';

/**
 * Parses a request body the way the platform does (REQ-04) while the caller keeps the exact bytes for
 * `req.rawBody` (REQ-05): JSON → object, urlencoded → object of strings, text → string, anything else stays
 * unparsed (`{}`) and is read through `req.pipe` / `req.on`.
 */
export function parseBody(contentType: string | undefined, raw: Buffer): unknown {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (raw.byteLength === 0) return {};
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch (err) {
      throw gatewayError('LH_BAD_JSON', `Malformed JSON body: ${(err as Error).message}`);
    }
  }
  if (type === 'application/x-www-form-urlencoded') return searchToObject(new URLSearchParams(raw.toString('utf8')));
  if (type.startsWith('text/')) return raw.toString('utf8');
  return {};
}

/** Query strings and forms: repeated keys become arrays (AMB 6). */
export function searchToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of params) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
