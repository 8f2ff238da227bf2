import { badRequest, type LlmError } from '../errors.js';
import { STRICT_FORMATS } from './string-values.js';

/** A JSON Schema as the app sent it. */
export type JsonSchema = Record<string, unknown>;

/** Where a schema came from, for the error message and `param`, and whether OpenAI's strict rules apply. */
export interface SchemaUse {
  /** `response_format 'issue'`, `text.format 'issue'`, `function 'get_weather'`, `output_config.format`. */
  label: string;
  param: string;
  strict: boolean;
}

/**
 * Keywords no answer can be guaranteed against: OpenAI's strict mode refuses them, and offline they are refused
 * in every mode, since an answer that breaks the schema would be worse than a clear 400.
 */
const NOT_PERMITTED = [
  'allOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas', 'dependencies', 'patternProperties',
  'propertyNames', 'unevaluatedProperties', 'unevaluatedItems', 'contains', 'minContains', 'maxContains', 'uniqueItems',
  'minProperties', 'maxProperties', 'prefixItems', 'additionalItems', '$dynamicRef', '$dynamicAnchor',
];
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
// OpenAI's documented limit for strict schemas; deeper schemas are refused there.
const MAX_STRICT_DEPTH = 10;

type Path = Array<string | number>;

function context(path: Path): string {
  const parts = path.map((p) => (typeof p === 'number' ? String(p) : `'${p}'`));
  return `context=(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
}

/** Throws a 400 in OpenAI's words (`Invalid schema for response_format 'x': In context=(…), …`) naming the problem. */
export function checkSchema(schema: unknown, use: SchemaUse): void {
  const fail = (path: Path, detail: string): LlmError => badRequest(`Invalid schema for ${use.label}: In ${context(path)}, ${detail}`, use.param);
  if (!isObject(schema)) throw badRequest(`Invalid schema for ${use.label}: schema must be a JSON Schema object.`, use.param);
  if (use.strict && schema.type !== 'object') {
    const got = schema.type !== undefined ? `type: "${String(schema.type)}"` : schema.anyOf !== undefined ? 'anyOf' : 'no type';
    throw badRequest(`Invalid schema for ${use.label}: schema must be a JSON Schema of 'type: "object"', got '${got}'.`, use.param);
  }
  const walk = (node: unknown, path: Path, depth: number): void => {
    if (typeof node === 'boolean') return;
    if (!isObject(node)) throw fail(path, 'a schema must be an object.');
    if (use.strict && depth > MAX_STRICT_DEPTH) throw fail(path, `the schema nests deeper than ${MAX_STRICT_DEPTH} levels.`);
    for (const kw of NOT_PERMITTED) if (node[kw] !== undefined) throw fail(path, `'${kw}' is not permitted.`);
    checkType(node, path, fail);
    checkRef(node, schema, path, fail);
    checkString(node, path, use.strict, fail);
    checkNumbers(node, path, fail);
    if (node.enum !== undefined && (!Array.isArray(node.enum) || node.enum.length === 0)) throw fail(path, "'enum' must be a non-empty array.");
    if (node.items !== undefined) {
      if (Array.isArray(node.items)) throw fail(path, "'items' must be a schema, not an array (tuples are not permitted).");
      walk(node.items, [...path, 'items'], depth + 1);
    }
    checkCount(node, 'minItems', 'maxItems', path, fail);
    if (node.anyOf !== undefined) {
      if (!Array.isArray(node.anyOf) || node.anyOf.length === 0) throw fail(path, "'anyOf' must be a non-empty array of schemas.");
      node.anyOf.forEach((s, i) => walk(s, [...path, 'anyOf', i], depth + 1));
    }
    checkObject(node, path, use.strict, fail);
    if (isObject(node.properties)) for (const [k, s] of Object.entries(node.properties)) walk(s, [...path, 'properties', k], depth + 1);
    if (isObject(node.additionalProperties)) walk(node.additionalProperties, [...path, 'additionalProperties'], depth + 1);
    for (const defs of ['$defs', 'definitions'] as const) {
      if (node[defs] === undefined) continue;
      if (!isObject(node[defs])) throw fail(path, `'${defs}' must be an object of schemas.`);
      for (const [k, s] of Object.entries(node[defs] as JsonSchema)) walk(s, [...path, defs, k], depth);
    }
  };
  walk(schema, [], 0);
}

type Fail = (path: Path, detail: string) => LlmError;

function checkType(node: JsonSchema, path: Path, fail: Fail): void {
  if (node.type === undefined) return;
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.length === 0) throw fail(path, "'type' must not be empty.");
  for (const t of types) if (typeof t !== 'string' || !TYPES.has(t)) throw fail(path, `${JSON.stringify(t)} is not a valid type.`);
}

function checkRef(node: JsonSchema, root: JsonSchema, path: Path, fail: Fail): void {
  if (node.$ref === undefined) return;
  if (typeof node.$ref !== 'string' || !resolveRef(root, node.$ref)) {
    throw fail(path, `'$ref' ${JSON.stringify(node.$ref)} must point into this schema ('#', '#/$defs/…' or '#/definitions/…').`);
  }
}

/** `#`, `#/$defs/name`, `#/definitions/name` or any JSON pointer into the same document. */
export function resolveRef(root: JsonSchema, ref: string): JsonSchema | null {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return null;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) && !Array.isArray(node)) return null;
    node = (node as Record<string, unknown>)[key];
  }
  return isObject(node) ? node : null;
}

function checkString(node: JsonSchema, path: Path, strict: boolean, fail: Fail): void {
  if (node.pattern !== undefined) {
    if (typeof node.pattern !== 'string') throw fail(path, "'pattern' must be a string.");
    try {
      new RegExp(node.pattern, 'u');
    } catch {
      throw fail(path, `'pattern' ${JSON.stringify(node.pattern)} is not a valid regular expression.`);
    }
  }
  if (node.format !== undefined) {
    if (typeof node.format !== 'string') throw fail(path, "'format' must be a string.");
    if (strict && !STRICT_FORMATS.has(node.format)) throw fail(path, `'format' '${node.format}' is not permitted (use one of ${[...STRICT_FORMATS].join(', ')}).`);
  }
  checkCount(node, 'minLength', 'maxLength', path, fail);
}

function checkNumbers(node: JsonSchema, path: Path, fail: Fail): void {
  for (const kw of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']) {
    const v = node[kw];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw fail(path, `'${kw}' must be a number.`);
  }
  if (node.multipleOf !== undefined && (node.multipleOf as number) <= 0) throw fail(path, "'multipleOf' must be greater than 0.");
}

function checkCount(node: JsonSchema, minKw: string, maxKw: string, path: Path, fail: Fail): void {
  for (const kw of [minKw, maxKw]) {
    const v = node[kw];
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < 0)) throw fail(path, `'${kw}' must be a whole number ≥ 0.`);
  }
  if (node[minKw] !== undefined && node[maxKw] !== undefined && (node[minKw] as number) > (node[maxKw] as number)) {
    throw fail(path, `'${minKw}' is greater than '${maxKw}'.`);
  }
}

function checkObject(node: JsonSchema, path: Path, strict: boolean, fail: Fail): void {
  const isObjectType = node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object')) || node.properties !== undefined;
  if (node.properties !== undefined && !isObject(node.properties)) throw fail(path, "'properties' must be an object of schemas.");
  if (node.required !== undefined && (!Array.isArray(node.required) || !node.required.every((r) => typeof r === 'string'))) {
    throw fail(path, "'required' must be an array of property names.");
  }
  if (!isObjectType || !strict) return;
  if (node.additionalProperties !== false) throw fail(path, "'additionalProperties' is required to be supplied and to be false.");
  const keys = Object.keys((node.properties as JsonSchema | undefined) ?? {});
  const required = new Set((node.required as string[] | undefined) ?? []);
  const missing = keys.filter((k) => !required.has(k));
  if (missing.length > 0) {
    throw fail(path, `'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`);
  }
}

export function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
