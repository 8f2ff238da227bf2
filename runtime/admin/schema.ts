import type { FastifySchema } from 'fastify';

/**
 * A small vocabulary for the admin routes' own schemas, from which `GET /.localhooks/api/openapi.json` is
 * generated. The handlers keep validating their input themselves (their `LH_*` errors name the field), so a
 * schema describes a route; tests check real answers against it (docs/agents.md).
 */
export type JsonSchema = Record<string, unknown>;

const described = (s: JsonSchema, description?: string): JsonSchema => (description ? { ...s, description } : s);
export const str = (description?: string): JsonSchema => described({ type: 'string' }, description);
export const int = (description?: string): JsonSchema => described({ type: 'integer' }, description);
export const num = (description?: string): JsonSchema => described({ type: 'number' }, description);
export const bool = (description?: string): JsonSchema => described({ type: 'boolean' }, description);
/** Any JSON value (a document, a payload, a key-value value). */
export const any = (description?: string): JsonSchema => described({}, description);
export const nullable = (s: JsonSchema): JsonSchema => ({ anyOf: [s, { type: 'null' }] });
export const list = (items: JsonSchema, description?: string): JsonSchema => described({ type: 'array', items }, description);
export const oneOf = (...schemas: JsonSchema[]): JsonSchema => ({ anyOf: schemas });
export const enumOf = (values: readonly string[], description?: string): JsonSchema => described({ type: 'string', enum: [...values] }, description);
/** An object with these fields (all listed in `required` unless named in `optional`); more fields may appear. */
export function obj(properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties).filter((k) => !optional.includes(k)), additionalProperties: true };
}
/** A JSON object of any fields. */
export const record = (description?: string): JsonSchema => described({ type: 'object', additionalProperties: true }, description);

/** What every admin error answers (runtime/server/errors.ts). */
export const ERROR_REPLY = obj({ error: str('what went wrong, naming the field or value'), code: str('a stable LH_* code (docs/errors.md)'), schemaError: any('ajv errors, for LH_DB_SCHEMA') }, ['code', 'schemaError']);
/** `limit` and `offset` of a paged list. */
export const PAGE_QUERY = { limit: int('items a page returns: 1..1000, default 100'), offset: int('items to skip, default 0') };
export const PAGE_REPLY = { offset: int(), limit: int(), more: bool('true when another page follows') };

export interface RouteDoc {
  summary: string;
  tag: string;
  description?: string;
  /** Path parameters (always required). */
  params?: Record<string, JsonSchema>;
  /** Query-string parameters (all optional unless listed in `required`). */
  query?: Record<string, JsonSchema>;
  required?: readonly string[];
  /** The request body; JSON unless `consumes` says otherwise. */
  body?: JsonSchema;
  consumes?: string;
  /** The answer; JSON unless `produces` names another content type. */
  reply: JsonSchema;
  status?: number;
  produces?: string;
}

/** A route's fastify schema: parameters, body, the answer and the error answer. */
export function routeSchema(d: RouteDoc): FastifySchema {
  const answer = d.produces ? { description: d.summary, content: { [d.produces]: { schema: d.reply } } } : { description: d.summary, ...d.reply };
  const schema: Record<string, unknown> = {
    summary: d.summary,
    tags: [d.tag],
    response: { [d.status ?? 200]: answer, '4xx': { description: 'The request was refused; the message names the problem', ...ERROR_REPLY }, '5xx': { description: 'localhooks failed', ...ERROR_REPLY } },
  };
  if (d.description) schema.description = d.description;
  if (d.params) schema.params = obj(d.params);
  if (d.query) schema.querystring = { type: 'object', properties: d.query, required: [...(d.required ?? [])] };
  if (d.body) schema.body = d.body;
  if (d.consumes) schema.consumes = [d.consumes];
  return schema as FastifySchema;
}
