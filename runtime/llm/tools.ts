import { badRequest } from './errors.js';
import { nameWords, type PromptFacts } from './facts.js';
import { checkSchema, isObject, type JsonSchema, type SchemaUse } from './schema/schema-check.js';
import { schemaValue } from './structured.js';
import { contentWords, stem, words } from './words.js';

/** A function the model may call, whichever API described it. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: JsonSchema;
  use: SchemaUse;
}

export type ToolChoice = { kind: 'auto' | 'none' | 'required' } | { kind: 'named'; name: string };

/** A call the model makes: `arguments` is JSON text, as every API carries it. */
export interface ToolCallOut {
  name: string;
  arguments: string;
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const EMPTY_PARAMETERS: JsonSchema = { type: 'object', properties: {} };
// Verbs and fillers in tool names that say nothing about what a request is about.
const GENERIC = new Set(
  'get set fetch retrieve lookup look find search list create make update delete remove add run do call send check tool tools api data info information current by for of the a an to from with new'.split(' '),
);
// A name word the prompt uses counts double; one name word or two description words are enough to call.
const CALL_SCORE = 2;

export interface RawTool {
  name: unknown;
  description: unknown;
  parameters: unknown;
  strict: unknown;
  /** Where the tool sits in the request, for messages: `tools[0].function`, `tools[1]`. */
  at: string;
  /** The parameters' own key: `parameters` (OpenAI) or `input_schema` (Anthropic). */
  schemaKey: string;
}

/** Checks one tool and its parameter schema (strict ones under OpenAI's strict rules). */
export function toolSpec(raw: RawTool): ToolSpec {
  if (raw.name === undefined) throw badRequest(`Missing required parameter: '${raw.at}.name'.`, `${raw.at}.name`, 'missing_required_parameter');
  if (typeof raw.name !== 'string' || !NAME.test(raw.name)) {
    throw badRequest(`Invalid '${raw.at}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, `${raw.at}.name`, 'invalid_value');
  }
  const parameters = raw.parameters === undefined || raw.parameters === null ? EMPTY_PARAMETERS : raw.parameters;
  const use: SchemaUse = { label: `function '${raw.name}'`, param: `${raw.at}.${raw.schemaKey}`, strict: raw.strict === true };
  checkSchema(parameters, use);
  return { name: raw.name, description: typeof raw.description === 'string' ? raw.description : '', parameters: parameters as JsonSchema, use };
}

/** `'auto' | 'none' | 'required'` or a named function, in each API's spelling, checked against the tools. */
export function toolChoice(raw: unknown, tools: ToolSpec[], param: string): ToolChoice {
  if (raw === undefined || raw === null) return { kind: tools.length ? 'auto' : 'none' };
  if (tools.length === 0 && raw !== 'none') {
    throw badRequest(`Invalid value for '${param}': '${param}' is only allowed when 'tools' are specified.`, param);
  }
  if (raw === 'auto' || raw === 'none' || raw === 'required') return { kind: raw };
  if (raw === 'any') return { kind: 'required' };
  if (isObject(raw)) {
    const type = raw.type;
    if (type === 'auto' || type === 'none') return { kind: type };
    if (type === 'any') return { kind: 'required' };
    const name = isObject(raw.function) ? raw.function.name : raw.name;
    if ((type === 'function' || type === 'tool') && typeof name === 'string') {
      if (!tools.some((t) => t.name === name)) throw badRequest(`Invalid value for '${param}': no function named '${name}' in 'tools'.`, param, 'invalid_value');
      return { kind: 'named', name };
    }
    return { kind: 'auto' }; // a built-in tool (web search …): not offline; answer as auto would
  }
  throw badRequest(`Invalid value: '${String(raw)}'. Supported values are: 'none', 'auto', and 'required'.`, param, 'invalid_value');
}

/** The tool to call, or null to answer in text: forced by the choice, or the one the prompt speaks of. */
export function pickTool(tools: ToolSpec[], choice: ToolChoice, facts: PromptFacts): ToolSpec | null {
  if (choice.kind === 'none' || tools.length === 0) return null;
  if (choice.kind === 'named') return tools.find((t) => t.name === choice.name) ?? null;
  // An instruction head ("Summarize this:") says what is asked; the text after it is material, not the request.
  const said = new Set(words(facts.parts.head || facts.parts.user).map(stem));
  let best: ToolSpec | null = null;
  let bestScore = 0;
  for (const tool of tools) {
    const nameHits = nameWords(tool.name).split(' ').filter((w) => w && !GENERIC.has(w) && said.has(stem(w))).length;
    const descHits = [...new Set(contentWords(tool.description))].filter((w) => !GENERIC.has(w) && said.has(w)).length;
    const score = 2 * nameHits + descHits;
    if (score > bestScore) [best, bestScore] = [tool, score];
  }
  if (choice.kind === 'required') return best ?? tools[0]!;
  return bestScore >= CALL_SCORE ? best : null;
}

/** Arguments valid against the tool's parameter schema, filled from the prompt (names, places, numbers). */
export function toolArguments(tool: ToolSpec, facts: PromptFacts): string {
  return JSON.stringify(schemaValue(tool.parameters, tool.use, facts, true));
}

/** A tool's result as a sentence: an object's fields as "key: value", text as it is (shortened). */
export function describeToolResult(content: string): string {
  const MAX = 400; // a sentence, not the whole payload
  let text = content.trim();
  try {
    const v: unknown = JSON.parse(text);
    if (isObject(v)) text = Object.entries(v).map(([k, x]) => `${k}: ${typeof x === 'string' ? x : JSON.stringify(x)}`).join(', ');
    else if (typeof v !== 'string') text = JSON.stringify(v);
    else text = v;
  } catch {
    // not JSON: the text itself
  }
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}
