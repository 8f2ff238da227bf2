import AjvModule from 'ajv';
import type { ErrorObject } from 'ajv';
import type { AdminClient } from '../cli/data/client.js';
import { AdminApiError, ServerUnreachableError } from '../queue/admin-client.js';
import { AgentError } from './errors.js';

// ajv is CommonJS: under NodeNext the default import is `module.exports`, whose `.default` is the class.
const Ajv = AjvModule.default;

export type JsonSchema = Record<string, unknown>;

/** What a tool may reach: the admin API (as the CLI calls it) and the app's own routes. */
export interface ToolContext {
  admin: AdminClient;
  /** `http://localhost:8080`: the server's origin. */
  origin: string;
  fetch: typeof fetch;
}

/** One MCP tool: a thin face over one or a few admin API calls. */
export interface Tool {
  name: string;
  description: string;
  /** JSON Schema of the arguments; unknown fields are refused, so a typo is named instead of ignored. */
  input: { type: 'object'; properties: Record<string, JsonSchema>; required?: string[] };
  run(args: Record<string, unknown>, ctx: ToolContext): Promise<unknown>;
}

export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  isError?: boolean;
}

/** A tool answer longer than this is cut (an agent's context is the scarce thing); the note says how to page. */
export const MAX_RESULT_CHARS = 40_000;

const ajv = new Ajv({ allErrors: false, strict: false });

/** Where an ajv error points, as a field path an agent can act on (`filter`, `documents[2]`). */
function fieldOf(e: ErrorObject): string {
  const path = e.instancePath.replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  const extra = (e.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ?? (e.params as { additionalProperty?: string }).additionalProperty;
  return extra ? (path ? `${path}.${extra}` : extra) : path || '(arguments)';
}

function explain(e: ErrorObject): string {
  const field = fieldOf(e);
  if (e.keyword === 'required') return `"${field}" is required`;
  if (e.keyword === 'additionalProperties') return `"${field}" is not an argument of this tool`;
  if (e.keyword === 'enum') return `"${field}" must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'type') return `"${field}" must be ${String((e.params as { type: string | string[] }).type).split(',').map((t) => (t === 'integer' ? 'an integer' : t === 'object' || t === 'array' ? `an ${t}` : t === 'null' ? 'null' : `a ${t}`)).join(' or ')}`;
  return `"${field}" ${e.message}`;
}

/** Arguments the schema does not know: with a missing required one, likely its misspelling. */
function unknownArguments(tool: Tool, value: unknown): string[] {
  const known = new Set(Object.keys((tool.input as { properties?: object }).properties ?? {}));
  return value && typeof value === 'object' ? Object.keys(value).filter((k) => !known.has(k)) : [];
}

/** Compiles each tool's input schema once; returns a checker that throws LH_MCP_BAD_INPUT naming the field. */
export function inputChecker(tool: Tool): (args: unknown) => Record<string, unknown> {
  const validate = ajv.compile({ ...tool.input, additionalProperties: false });
  return (args) => {
    const value = args ?? {};
    if (!validate(value)) {
      const first = validate.errors![0]!;
      const unknown = first.keyword === 'required' ? unknownArguments(tool, value) : [];
      const also = unknown.length ? `; ${unknown.map((k) => `"${k}"`).join(', ')} ${unknown.length === 1 ? 'is not an argument' : 'are not arguments'} of this tool` : '';
      throw new AgentError('LH_MCP_BAD_INPUT', `${tool.name}: invalid input: ${explain(first)}${also}`);
    }
    return value as Record<string, unknown>;
  };
}

export function textResult(value: unknown): ToolResult {
  let text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  if (text.length > MAX_RESULT_CHARS) text = `${text.slice(0, MAX_RESULT_CHARS)}\n… cut at ${MAX_RESULT_CHARS} characters: ask for fewer items (limit, offset, a narrower query)`;
  return { content: [{ type: 'text', text }] };
}

/** Any failure becomes a tool error with the code and message; the server itself never fails on one. */
/** Every tool error starts with a code an agent can branch on (docs/errors.md). */
export function errorResult(err: unknown): ToolResult {
  // An admin API answers errors with a code; an answer without one came from something else at that address.
  const code =
    err instanceof AgentError
      ? err.code
      : err instanceof AdminApiError
        ? (err.code ?? 'LH_MCP_NO_ADMIN_API')
        : err instanceof ServerUnreachableError
          ? 'LH_MCP_SERVER_UNREACHABLE'
          : 'LH_INTERNAL';
  const message = err instanceof Error ? err.message : String(err);
  return { content: [{ type: 'text', text: `${code}: ${message}` }], isError: true };
}

/** `/a b/c` → `/a%20b/c`: path segments of an admin URL (collection names, ids, keys) are encoded one by one. */
export const seg = (s: unknown): string => encodeURIComponent(String(s));

/** `{a: 1, b: undefined}` → `?a=1`. */
export function queryString(q: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null) p.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
