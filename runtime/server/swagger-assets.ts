import { ADMIN_PREFIX } from '../admin/prefix.js';

/** Where localhooks serves Swagger UI's script and styles (from the `swagger-ui-dist` package, bundled at build). */
export const SWAGGER_ASSETS_PATH = `${ADMIN_PREFIX}/vendor/swagger-ui/`;
const MARK = Buffer.from('https://unpkg.com/swagger-ui-dist@');
const UNPKG = /https:\/\/unpkg\.com\/swagger-ui-dist@[^/"'\s]+\//g;

/**
 * The real SDK's `app.openapi()` page loads Swagger UI from unpkg, so offline it is blank. An HTML answer that
 * names those URLs gets them pointed at localhooks' own copy; any other answer passes untouched (one byte
 * search, on HTML answers only).
 */
export function offlineSwaggerAssets(type: string | string[] | undefined, body: Uint8Array): Uint8Array {
  if (typeof type !== 'string' || !type.startsWith('text/html')) return body;
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (!buf.includes(MARK)) return body;
  return Buffer.from(buf.toString('utf8').replace(UNPKG, SWAGGER_ASSETS_PATH), 'utf8');
}
