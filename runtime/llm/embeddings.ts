import { createHash } from 'node:crypto';
import { badRequest } from './errors.js';
import { estimateTokens } from './tokens.js';
import { optionalPositiveInt, requireModel, requireObject } from './validate.js';
import { words } from './words.js';

/** Vector sizes of OpenAI's embedding models; any other model name gets the small model's size. */
const MODEL_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};
export const DEFAULT_DIMENSIONS = 1536;
// OpenAI's largest model has 3072; more only costs memory, so cap there with room to spare.
export const MAX_DIMENSIONS = 8192;
// Adjacent word pairs weigh less than words but keep "dog bites man" apart from "man bites dog".
const BIGRAM_WEIGHT = 0.5;

export interface EmbeddingRequest {
  model: string;
  inputs: string[];
  dimensions: number;
  encoding: 'float' | 'base64';
}

export function validateEmbeddingRequest(raw: unknown): EmbeddingRequest {
  const body = requireObject(raw);
  const model = requireModel(body);
  const input = body.input;
  if (input === undefined || input === null) throw badRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  let inputs: string[];
  if (typeof input === 'string') inputs = [input];
  else if (Array.isArray(input) && input.length > 0 && input.every((i) => typeof i === 'string')) inputs = input as string[];
  // Token-id inputs: their ids stand in for words, which keeps equal token lists equal.
  else if (Array.isArray(input) && input.length > 0 && input.every((i) => typeof i === 'number')) inputs = [input.join(' ')];
  else if (Array.isArray(input) && input.length > 0 && input.every((i) => Array.isArray(i))) inputs = input.map((i) => (i as unknown[]).join(' '));
  else throw badRequest("Invalid 'input': expected a non-empty string, an array of strings, or an array of token arrays.", 'input', 'invalid_type');
  const dimensions = optionalPositiveInt(body, 'dimensions', MAX_DIMENSIONS) ?? MODEL_DIMENSIONS[model] ?? DEFAULT_DIMENSIONS;
  const encoding = body.encoding_format ?? 'float';
  if (encoding !== 'float' && encoding !== 'base64') {
    throw badRequest(`Invalid value: '${String(encoding)}'. Supported values are: 'float' and 'base64'.`, 'encoding_format', 'invalid_value');
  }
  return { model, inputs, dimensions, encoding };
}

function hash32(text: string, seed: number): number {
  // FNV-1a: fast, stable across runs and platforms, good enough to spread features over dimensions.
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A deterministic unit vector: words and word pairs hashed onto dimensions with a hashed sign (feature hashing),
 * so texts that share words point in similar directions. Not a semantic model: synonyms do not meet.
 */
export function embed(text: string, dimensions: number): number[] {
  const v = new Array<number>(dimensions).fill(0);
  const ws = words(text);
  const add = (feature: string, weight: number): void => {
    const sign = hash32(feature, 1) & 1 ? 1 : -1;
    v[hash32(feature, 0) % dimensions]! += sign * weight;
  };
  ws.forEach((w, i) => {
    add(w, 1);
    if (i > 0) add(`${ws[i - 1]} ${w}`, BIGRAM_WEIGHT);
  });
  if (v.every((x) => x === 0)) seededFill(v, text); // no words (empty, emoji, punctuation): still a unit vector
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / norm);
}

function seededFill(v: number[], text: string): void {
  let block = Buffer.alloc(0);
  for (let i = 0; i < v.length; i++) {
    if (i % 8 === 0) block = createHash('sha256').update(`${i}:${text}`).digest();
    v[i] = block.readInt32LE((i % 8) * 4) / 2 ** 31;
  }
}

export function embeddingResponse(request: EmbeddingRequest): object {
  const data = request.inputs.map((text, index) => {
    const vector = embed(text, request.dimensions);
    const embedding = request.encoding === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  const tokens = request.inputs.reduce((n, t) => n + estimateTokens(t), 0);
  return { object: 'list', data, model: request.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}
