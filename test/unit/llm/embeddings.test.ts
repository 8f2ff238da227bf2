import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embed, embeddingResponse, validateEmbeddingRequest } from '../../../runtime/llm/embeddings.js';

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

test('llm embeddings: deterministic unit vectors of the asked size', () => {
  const v = embed('the quick brown fox', 256);
  assert.equal(v.length, 256);
  assert.ok(Math.abs(cosine(v, v) - 1) < 1e-9);
  assert.deepEqual(embed('the quick brown fox', 256), v);
  assert.notDeepEqual(embed('a slow green turtle', 256), v);
  assert.notDeepEqual(embed('fox brown quick the', 256), v, 'word order counts through word pairs');
});

test('llm embeddings: texts sharing words are closer than unrelated texts', () => {
  const a = embed('the database migration failed on production', 512);
  const b = embed('production database migration failed again', 512);
  const c = embed('my cat likes sunny windows', 512);
  assert.ok(cosine(a, b) > cosine(a, c) + 0.3);
});

test('llm embeddings: wordless input still gets a unit vector', () => {
  const v = embed('🙂 …', 32);
  assert.ok(Math.abs(cosine(v, v) - 1) < 1e-9);
});

test('llm embeddings: model sizes, dimensions, string/array/token inputs, base64', () => {
  assert.equal(validateEmbeddingRequest({ model: 'text-embedding-3-large', input: 'x' }).dimensions, 3072);
  assert.equal(validateEmbeddingRequest({ model: 'anything', input: 'x' }).dimensions, 1536);
  assert.equal(validateEmbeddingRequest({ model: 'anything', input: 'x', dimensions: 8 }).dimensions, 8);
  assert.deepEqual(validateEmbeddingRequest({ model: 'm', input: ['a', 'b'] }).inputs, ['a', 'b']);
  assert.deepEqual(validateEmbeddingRequest({ model: 'm', input: [1, 2, 3] }).inputs, ['1 2 3']);
  assert.deepEqual(validateEmbeddingRequest({ model: 'm', input: [[1], [2]] }).inputs, ['1', '2']);
  assert.throws(() => validateEmbeddingRequest({ model: 'm', input: [] }), /Invalid 'input'/);
  const res = embeddingResponse(validateEmbeddingRequest({ model: 'm', input: 'hello world', dimensions: 4, encoding_format: 'base64' })) as any;
  const decoded = Array.from(new Float32Array(Uint8Array.from(Buffer.from(res.data[0].embedding, 'base64')).buffer));
  assert.equal(decoded.length, 4);
  embed('hello world', 4).forEach((x, i) => assert.ok(Math.abs(x - decoded[i]!) < 1e-6));
});
