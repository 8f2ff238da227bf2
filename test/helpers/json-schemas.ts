// Varied JSON schemas for the structured-output tests, made from a seeded generator so every run tests the same
// 50, and an ajv validator set up as apps set theirs up (ajv + ajv-formats).
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { createSeededRandom } from '../../runtime/llm/index.js';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

export type Schema = Record<string, unknown>;

/** Errors of `value` against `schema`, or [] when ajv accepts it. */
export function ajvErrors(schema: Schema, value: unknown): string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const { $schema: _draft, ...plain } = schema;
  const validate = ajv.compile(plain);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

// Names the responders fill (summary, category …) mixed with names that get filler.
const NAMES = [
  'summary', 'category', 'sentiment', 'keywords', 'title', 'confidence', 'reason', 'language', 'tags', 'priority',
  'email', 'city', 'owner', 'answer', 'due_date', 'website', 'count', 'score', 'isUrgent', 'notes', 'itemId', 'version',
  'color', 'zip', 'ratio', 'steps', 'metadata', 'status',
];
const PATTERNS = ['^[A-Z]{3}-\\d{4}$', '^\\d{5}(-\\d{4})?$', '^[a-z]+(?:_[a-z]+)*$', '^#[0-9a-fA-F]{6}$', '^(?:red|green|blue)$', '^v\\d+\\.\\d+\\.\\d+$', '^\\+?[0-9 ]{7,15}$', '^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$'];
const FORMATS = ['date-time', 'date', 'time', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid'];
const ENUMS = [['low', 'medium', 'high'], ['bug', 'feature', 'question', 'docs'], ['positive', 'negative', 'neutral'], ['open', 'closed'], ['en', 'fr', 'de']];

/**
 * `count` strict-mode schemas (every property required, `additionalProperties: false`) using the keywords OpenAI
 * documents: types, nullable unions, enum, const, anyOf, nested objects, arrays with bounds, `$defs`/`$ref`,
 * string pattern/format/lengths, number bounds and multipleOf.
 */
export function generatedSchemas(count: number, seed = 42): Schema[] {
  const rnd = createSeededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const leaf = (name: string): Schema => {
    const r = rnd();
    if (r < 0.12) return { type: 'string' };
    if (r < 0.2) return { type: 'string', pattern: pick(PATTERNS) };
    if (r < 0.28) return { type: 'string', format: pick(FORMATS) };
    if (r < 0.33) return { type: 'string', minLength: 3, maxLength: 40 };
    if (r < 0.43) return { type: 'string', enum: pick(ENUMS) };
    if (r < 0.48) return { type: 'integer', minimum: 1, maximum: 10 };
    if (r < 0.53) return { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 };
    if (r < 0.57) return { type: 'number', multipleOf: 0.25, minimum: 2 };
    if (r < 0.6) return { type: 'integer', multipleOf: 5, minimum: -20, maximum: 20 };
    if (r < 0.66) return { type: 'boolean' };
    if (r < 0.72) return { type: ['string', 'null'] };
    if (r < 0.75) return { const: `fixed-${name}` };
    if (r < 0.83) return { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 4 };
    if (r < 0.88) return { type: 'array', items: { type: 'string', enum: pick(ENUMS) }, minItems: 2 };
    if (r < 0.93) return { anyOf: [{ type: 'number', minimum: 0 }, { type: 'null' }] };
    return { type: 'array', items: { type: 'integer', minimum: 0, maximum: 100 }, maxItems: 3 };
  };
  const object = (depth: number): Schema => {
    const names = [...new Set(Array.from({ length: 2 + Math.floor(rnd() * 5) }, () => pick(NAMES)))];
    const properties: Record<string, Schema> = {};
    for (const name of names) {
      const r = rnd();
      if (depth < 3 && r < 0.12) properties[name] = object(depth + 1);
      else if (depth < 3 && r < 0.2) properties[name] = { type: 'array', items: object(depth + 1), minItems: 1, maxItems: 2 };
      else if (depth < 3 && r < 0.25) properties[name] = { anyOf: [object(depth + 1), { type: 'null' }] };
      else properties[name] = leaf(name);
    }
    return { type: 'object', properties, required: names, additionalProperties: false };
  };
  return Array.from({ length: count }, (_, i) => {
    const schema = object(0);
    if (i % 5 === 4) {
      // A shared definition, referenced twice, and a recursive one that must end.
      schema.$defs = {
        person: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } }, required: ['name', 'email'], additionalProperties: false },
        node: { type: 'object', properties: { label: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }, required: ['label', 'children'], additionalProperties: false },
      };
      (schema.properties as Record<string, Schema>).author = { $ref: '#/$defs/person' };
      (schema.properties as Record<string, Schema>).reviewer = { anyOf: [{ $ref: '#/$defs/person' }, { type: 'null' }] };
      (schema.properties as Record<string, Schema>).tree = { $ref: '#/$defs/node' };
      (schema.required as string[]).push('author', 'reviewer', 'tree');
    }
    return schema;
  });
}

/** The seed's classify → summarize → sentiment chain, as structured outputs. */
export const CHAIN_SCHEMAS: Record<'classify' | 'summarize' | 'sentiment', Schema> = {
  classify: {
    type: 'object',
    properties: { category: { type: 'string', enum: ['bug', 'feature', 'question', 'docs', 'general'] } },
    required: ['category'],
    additionalProperties: false,
  },
  summarize: {
    type: 'object',
    properties: { summary: { type: 'string' }, keywords: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5 } },
    required: ['summary', 'keywords'],
    additionalProperties: false,
  },
  sentiment: {
    type: 'object',
    properties: { sentiment: { type: 'string', enum: ['positive', 'negative', 'neutral'] }, confidence: { type: 'number', minimum: 0, maximum: 1 } },
    required: ['sentiment', 'confidence'],
    additionalProperties: false,
  },
};
