import { maskSecret } from '../env/dotenv.js';
import type { HeaderMap } from './types.js';

/** Header names whose values are credentials or signatures: the views show them masked. */
const SECRET_NAMES = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-?key|x-apikey|.*-token|.*secret.*|.*signature.*|.*-hmac-.*|x-hub-signature.*)$/i;
/** `.env` values shorter than this are too common to hide (`true`, `3000`). */
const MIN_SECRET_LENGTH = 6;

/** Headers for display: credential headers masked, and any `.env` value hidden wherever it appears. */
export function maskHeaders(headers: HeaderMap, secrets: Iterable<string>): Record<string, string | string[]> {
  const hide = [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH);
  const one = (name: string, v: string) => {
    if (SECRET_NAMES.test(name) && !name.endsWith('-timestamp')) return maskSecret(v);
    let out = v;
    for (const s of hide) if (out.includes(s)) out = out.split(s).join('****');
    return out;
  };
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map((x) => one(k, x)) : one(k, String(v));
  }
  return out;
}

/** True when a header value shown to the user is the masked form of the stored one (left unedited). */
export function isMaskedFormOf(shown: string, stored: string, name: string, secrets: Iterable<string>): boolean {
  const masked = maskHeaders({ [name]: stored }, secrets)[name];
  return masked !== stored && masked === shown;
}
