import { gatewayError } from './errors.js';

/** JSON is UTF-8 by definition (RFC 8259); bytes that are not are refused rather than turned into U+FFFD. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a request body the way the platform does (REQ-04) while the caller keeps the exact bytes for
 * `req.rawBody` (REQ-05): JSON → object, urlencoded → object of strings, text → string, anything else stays
 * unparsed (`{}`) and is read through `req.pipe` / `req.on`.
 */
export function parseBody(contentType: string | undefined, raw: Buffer): unknown {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (raw.byteLength === 0) return {};
  if (type === 'application/json' || type.endsWith('+json')) {
    let text: string;
    try {
      text = strictUtf8.decode(raw);
    } catch {
      throw gatewayError('LH_BAD_JSON', 'Malformed JSON body: it is not valid UTF-8');
    }
    try {
      return JSON.parse(text);
    } catch (err) {
      throw gatewayError('LH_BAD_JSON', `Malformed JSON body: ${(err as Error).message}`);
    }
  }
  if (type === 'application/x-www-form-urlencoded') return parseQuery(raw.toString('utf8'));
  if (type.startsWith('text/')) return raw.toString('utf8');
  return {};
}

/** True when parseBody read these bytes as JSON. */
export function isJsonBody(contentType: string | undefined, raw: Uint8Array): boolean {
  if (raw.byteLength === 0 || contentType === undefined) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

/** The types parseBody turns into a value; the gateway keeps these whole in memory, never spooled. */
export function isParsedBodyType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json') || type === 'application/x-www-form-urlencoded' || type.startsWith('text/');
}

/**
 * Query strings and forms: repeated keys become arrays (AMB 6); `+` is a space; an escape that does not decode
 * is kept as written, as the platform's query parser does, so `?q=100%` reaches the app instead of a 400.
 */
export function parseQuery(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = decode(eq === -1 ? part : part.slice(0, eq));
    // Dropped, as Express's query parser does: code that merges a query into an object (codehooks-js's crudlify
    // does `hash[key] = Object.assign(hash[key], value)`) would otherwise write onto Object.prototype.
    if (k === '__proto__') continue;
    const v = eq === -1 ? '' : decode(part.slice(eq + 1));
    const prev = Object.hasOwn(out, k) ? out[k] : undefined;
    if (Array.isArray(prev)) {
      prev.push(v);
      continue;
    }
    out[k] = prev === undefined ? v : [prev, v];
  }
  return out;
}

function decode(s: string): string {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}
