import { createRequire } from 'node:module';
import { samplePattern, UnsupportedPattern } from './regex-sample.js';

// The same format checks ajv-formats gives the app's own validators, so a sample passes them too. Loaded on
// first use: most servers never check a structured-output sample, and the module costs ~6 MB.
const require = createRequire(import.meta.url);
let formats: Record<string, unknown> | undefined;
const fullFormats = (): Record<string, unknown> =>
  (formats ??= (require('ajv-formats/dist/formats.js') as { fullFormats: Record<string, unknown> }).fullFormats);

/** One value per format OpenAI's strict mode accepts, plus the common URI ones. Fixed, so answers repeat. */
export const FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  'date-time': '2024-01-01T12:00:00Z',
  date: '2024-01-01',
  time: '12:00:00Z',
  duration: 'P1D',
  email: 'user@example.com',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uuid: '00000000-0000-4000-8000-000000000000',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  'uri-reference': 'https://example.com/',
};
/** The formats OpenAI's strict mode documents; others are refused there (and accepted, unchecked, otherwise). */
export const STRICT_FORMATS = new Set(['date-time', 'date', 'time', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);

export function formatAccepts(format: string, value: string): boolean {
  const f = fullFormats()[format];
  if (f === undefined) return true; // unknown formats are annotations
  if (f instanceof RegExp) return f.test(value);
  if (typeof f === 'function') return (f as (v: string) => boolean)(value);
  const spec = f as { validate?: RegExp | ((v: string) => boolean) };
  if (spec.validate instanceof RegExp) return spec.validate.test(value);
  return typeof spec.validate === 'function' ? spec.validate(value) : true;
}

export interface StringSchema {
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
}

/** Why no string can be made; the caller names the field and reports a 400. */
export class StringConstraintError extends Error {}

function lengthOf(s: string): number {
  return [...s].length; // JSON Schema counts code points
}

export function acceptsString(schema: StringSchema, value: string): boolean {
  if (schema.minLength !== undefined && lengthOf(value) < schema.minLength) return false;
  if (schema.maxLength !== undefined && lengthOf(value) > schema.maxLength) return false;
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return false;
  return schema.format === undefined || formatAccepts(schema.format, value);
}

/** Pads or trims free text to the length limits (only used when there is no pattern or format). */
export function fitLength(text: string, schema: StringSchema, filler: string): string {
  let out = text;
  const min = schema.minLength ?? 0;
  while (lengthOf(out) < min) out = out ? `${out} ${filler}` : filler;
  if (schema.maxLength !== undefined && lengthOf(out) > schema.maxLength) {
    const chars = [...out].slice(0, schema.maxLength);
    const cut = chars.join('');
    const space = cut.lastIndexOf(' ');
    // A word boundary reads better, unless it loses most of the room or breaks the minimum.
    out = space >= schema.maxLength * 0.6 && space >= min ? cut.slice(0, space) : cut;
  }
  return out;
}

/**
 * A string the schema accepts: the preferred text when it fits, else the format's sample, else a sample of the
 * pattern stretched until it is long enough. Throws StringConstraintError when none fits.
 */
export function chooseString(schema: StringSchema, preferred: string[], filler: string): string {
  const constrained = schema.format !== undefined || schema.pattern !== undefined;
  for (const p of preferred) {
    const candidate = constrained ? p : fitLength(p, schema, filler);
    if (acceptsString(schema, candidate)) return candidate;
  }
  if (schema.format !== undefined && FORMAT_SAMPLES[schema.format] !== undefined && acceptsString(schema, FORMAT_SAMPLES[schema.format]!)) {
    return FORMAT_SAMPLES[schema.format]!;
  }
  if (schema.pattern !== undefined) {
    for (const stretch of [0, 1, 2, 4, 8, 16, 32, 64]) {
      let sample: string;
      try {
        sample = samplePattern(schema.pattern, stretch);
      } catch (err) {
        if (err instanceof UnsupportedPattern) throw new StringConstraintError(`'pattern' ${JSON.stringify(schema.pattern)} cannot be sampled: ${err.message}`);
        throw err;
      }
      if (acceptsString(schema, sample)) return sample;
      if (schema.maxLength !== undefined && lengthOf(sample) > schema.maxLength) break;
    }
    throw new StringConstraintError(`no sample of 'pattern' ${JSON.stringify(schema.pattern)} meets the other string constraints`);
  }
  const fitted = fitLength(filler, schema, filler);
  if (acceptsString(schema, fitted)) return fitted;
  throw new StringConstraintError(
    schema.format !== undefined ? `'format' '${schema.format}' has no sample that meets the length limits` : `no string meets 'minLength' and 'maxLength'`,
  );
}
