import { badRequest } from './errors.js';
import { PromptFacts } from './facts.js';
import { checkSchema, isObject, type JsonSchema, type SchemaUse } from './schema/schema-check.js';
import { fillSchema, SchemaFillError } from './schema/schema-fill.js';
import { schemaViolation } from './schema/schema-guard.js';
import { truncateToTokens } from './tokens.js';
import type { Answer } from './types.js';

/** What shape the answer must have: free text, any JSON object (JSON mode), or JSON valid against a schema. */
export type OutputFormat = { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; schema: JsonSchema; use: SchemaUse };

const TEXT: OutputFormat = { type: 'text' };
// OpenAI's rule for format names, checked so a name that fails there fails here too.
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Chat's `response_format`: `{type:'json_schema', json_schema:{name, schema, strict}}`. */
export function chatFormat(raw: unknown): OutputFormat {
  if (raw === undefined || raw === null) return TEXT;
  if (!isObject(raw)) throw badRequest("Invalid type for 'response_format': expected an object.", 'response_format', 'invalid_type');
  if (raw.type === 'json_schema') {
    const js = raw.json_schema;
    if (!isObject(js)) throw badRequest("Missing required parameter: 'response_format.json_schema'.", 'response_format.json_schema', 'missing_required_parameter');
    return schemaFormat(js, 'response_format', 'response_format.json_schema', 'response_format');
  }
  return simpleFormat(raw.type, 'response_format.type');
}

/** Responses' `text.format`: `{type:'json_schema', name, schema, strict}`. */
export function responsesFormat(text: unknown): OutputFormat {
  if (text === undefined || text === null) return TEXT;
  if (!isObject(text)) throw badRequest("Invalid type for 'text': expected an object.", 'text', 'invalid_type');
  const f = text.format;
  if (f === undefined || f === null) return TEXT;
  if (!isObject(f)) throw badRequest("Invalid type for 'text.format': expected an object.", 'text.format', 'invalid_type');
  if (f.type === 'json_schema') return schemaFormat(f, 'text.format', 'text.format', 'text.format.schema');
  return simpleFormat(f.type, 'text.format.type');
}

/** Anthropic's `output_config.format` (or the older `output_format`): `{type:'json_schema', schema}`. */
export function anthropicFormat(body: Record<string, unknown>): OutputFormat {
  const f = isObject(body.output_config) ? body.output_config.format : body.output_format;
  if (f === undefined || f === null) return TEXT;
  if (!isObject(f) || f.type !== 'json_schema' || !isObject(f.schema)) {
    throw badRequest("output_config.format: expected {type: 'json_schema', schema: {...}}", 'output_config.format');
  }
  const schema = f.schema;
  checkSchema(schema, { label: 'output_config.format', param: 'output_config.format.schema', strict: false });
  return { type: 'json_schema', schema, use: { label: 'output_config.format', param: 'output_config.format.schema', strict: false } };
}

function simpleFormat(type: unknown, param: string): OutputFormat {
  if (type === 'text' || type === undefined) return TEXT;
  if (type === 'json_object') return { type: 'json_object' };
  throw badRequest(`Invalid value: '${String(type)}'. Supported values are: 'text', 'json_object', and 'json_schema'.`, param, 'invalid_value');
}

/** `param` names fields of the format object; `schemaParam` is what OpenAI reports for a bad schema. */
function schemaFormat(f: JsonSchema, label: string, param: string, schemaParam: string): OutputFormat {
  if (typeof f.name !== 'string') throw badRequest(`Missing required parameter: '${param}.name'.`, `${param}.name`, 'missing_required_parameter');
  if (!NAME.test(f.name)) throw badRequest(`Invalid '${param}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, `${param}.name`, 'invalid_value');
  const use: SchemaUse = { label: `${label} '${f.name}'`, param: schemaParam, strict: f.strict === true };
  const schema = f.schema === undefined ? {} : f.schema;
  checkSchema(schema, use);
  return { type: 'json_schema', schema: schema as JsonSchema, use };
}

/** JSON mode only works when the prompt asks for JSON; OpenAI refuses the call otherwise. */
export function requireJsonWord(promptText: string, message: string, param: string): void {
  if (!/json/i.test(promptText)) throw badRequest(message, param);
}

/**
 * The answer as JSON text: valid against the schema (json_schema), or an object with the keys the prompt asks
 * for (JSON mode). `explicitMax` is the caller's own token limit: past it the JSON is cut and the finish reason
 * is `length`, as a model stopped mid-object would leave it.
 */
export function structuredAnswer(format: Exclude<OutputFormat, { type: 'text' }>, facts: PromptFacts, explicitMax?: number): Answer {
  const value = format.type === 'json_schema' ? schemaValue(format.schema, format.use, facts) : jsonModeValue(facts);
  const content = JSON.stringify(value);
  if (explicitMax === undefined) return { content, finishReason: 'stop' };
  const cut = truncateToTokens(content, explicitMax);
  return { content: cut.text, finishReason: cut.truncated ? 'length' : 'stop' };
}

/** A value for a schema, checked by ajv before it leaves; arguments of tool calls come from here too. */
export function schemaValue(schema: JsonSchema, use: SchemaUse, facts: PromptFacts, numbersFromPrompt = false): unknown {
  let value: unknown;
  try {
    value = fillSchema(schema, { facts, numbersFromPrompt });
  } catch (err) {
    if (err instanceof SchemaFillError) throw badRequest(`Invalid schema for ${use.label}: at '${err.path || '/'}', ${err.message}.`, use.param);
    throw err;
  }
  const broken = schemaViolation(schema, value);
  if (broken) throw badRequest(`Invalid schema for ${use.label}: localhooks cannot make an offline answer that satisfies it (${broken}).`, use.param);
  return value;
}

/**
 * JSON mode: the keys of a JSON example in the prompt, or of "keys: a, b and c"; else `{"answer": …}`. The
 * example's own values are placeholders, so fields are not read from it.
 */
function jsonModeValue(facts: PromptFacts): unknown {
  const shape = promptedShape(`${facts.parts.system}\n${facts.parts.user}`);
  if (!shape) return { answer: facts.answer() };
  const without = (t: string): string => (shape.source ? t.replace(shape.source, ' ') : t);
  const clean = new PromptFacts({ ...facts.parts, system: without(facts.parts.system), user: without(facts.parts.user) }, facts.maxTokens, facts.text);
  return fillSchema(shape.schema, { facts: clean });
}

function promptedShape(text: string): { schema: JsonSchema; source: string | null } | null {
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    const example = balancedObject(text, start);
    if (example && Object.keys(example.value).length > 0) return { schema: schemaOf(example.value), source: example.source };
  }
  // A sketch that is not quite JSON (`{"label": "bug" | "feature"}`) still names its keys.
  const quoted = [...new Set([...text.matchAll(/[{,]\s*"([A-Za-z_][\w-]*)"\s*:/g)].map((m) => m[1]!))];
  if (quoted.length > 0) return { schema: { type: 'object', properties: Object.fromEntries(quoted.map((k) => [k, { type: 'string' }])) }, source: null };
  const named = /\b(?:keys|fields|properties|attributes)\b[^:\n]{0,20}:?\s*((?:["'`]?[A-Za-z_][\w-]*["'`]?(?:\s*,\s*|\s+and\s+|\s+))+)/i.exec(text);
  const keys = named?.[1]!.split(/\s*,\s*|\s+and\s+|\s+/).map((k) => k.replace(/["'`]/g, '')).filter((k) => /^[A-Za-z_][\w-]*$/.test(k));
  if (keys && keys.length >= 2) return { schema: { type: 'object', properties: Object.fromEntries(keys.map((k) => [k, { type: 'string' }])) }, source: null };
  return null;
}

function balancedObject(text: string, start: number): { value: Record<string, unknown>; source: string } | null {
  let depth = 0;
  for (let i = start; i < text.length && i - start < 4000; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) {
      try {
        const source = text.slice(start, i + 1);
        const v: unknown = JSON.parse(source);
        return isObject(v) ? { value: v, source } : null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** A schema read off an example value: its keys and the kinds of their values. */
function schemaOf(example: unknown): JsonSchema {
  if (Array.isArray(example)) return { type: 'array', items: example.length ? schemaOf(example[0]) : {} };
  if (isObject(example)) return { type: 'object', properties: Object.fromEntries(Object.entries(example).map(([k, v]) => [k, schemaOf(v)])) };
  if (typeof example === 'number') return { type: Number.isInteger(example) ? 'integer' : 'number' };
  if (typeof example === 'boolean') return { type: 'boolean' };
  if (example === null) return { type: 'null' };
  return { type: 'string' };
}
