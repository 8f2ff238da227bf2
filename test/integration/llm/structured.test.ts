// Structured outputs offline: answers valid against the app's schema (checked with ajv, as apps check them),
// fields filled from the prompt, and a 400 naming any schema feature that cannot be guaranteed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { zodResponseFormat, zodTextFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { ajvErrors, CHAIN_SCHEMAS, generatedSchemas, type Schema } from '../../helpers/json-schemas.js';
import { ARTICLE, postJson, startLlm, type LlmServer } from './llm-server.js';

let server: LlmServer;
let client: OpenAI;
before(async () => {
  server = await startLlm();
  client = new OpenAI({ baseURL: server.base, apiKey: 'sk-local', maxRetries: 0 });
});
after(() => server.close());

const article = [
  { role: 'system' as const, content: 'You triage issue reports.' },
  { role: 'user' as const, content: ARTICLE },
];

test('llm structured: chat.completions.parse with a zod schema returns a parsed object filled from the prompt', async () => {
  const Issue = z.object({
    category: z.enum(['bug', 'feature', 'question']),
    summary: z.string(),
    sentiment: z.enum(['positive', 'negative', 'neutral']),
    keywords: z.array(z.string()).min(1).max(5),
    title: z.string(),
    confidence: z.number().min(0).max(1),
    reporter: z.email().nullable(),
    seenAt: z.iso.datetime(),
  });
  const completion = await client.chat.completions.parse({ model: 'gpt-4o-mini', messages: article, response_format: zodResponseFormat(Issue, 'issue') });
  const parsed = completion.choices[0]!.message.parsed!;
  assert.equal(parsed.category, 'bug');
  assert.equal(parsed.sentiment, 'negative');
  assert.match(parsed.summary, /^Crash on startup when the config file is missing\./);
  assert.ok(parsed.keywords.includes('config') && parsed.keywords.length <= 5);
  assert.equal(parsed.title, 'Crash on startup when the config file is missing');
  assert.ok(parsed.confidence >= 0 && parsed.confidence <= 1);
  assert.equal(completion.choices[0]!.finish_reason, 'stop');
  const again = await client.chat.completions.parse({ model: 'gpt-4o-mini', messages: article, response_format: zodResponseFormat(Issue, 'issue') });
  assert.deepEqual(again.choices[0]!.message.parsed, parsed, 'the same request gets the same answer');
});

test('llm structured: responses.parse with zodTextFormat fills output_parsed', async () => {
  const Triage = z.object({ category: z.enum(['bug', 'feature']), priority: z.enum(['low', 'medium', 'high']) });
  const res = await client.responses.parse({ model: 'gpt-4o-mini', input: ARTICLE, instructions: 'Triage the report.', text: { format: zodTextFormat(Triage, 'triage') } });
  assert.deepEqual(res.output_parsed, { category: 'bug', priority: 'high' });
});

test('llm structured: 50 generated schemas all get answers ajv accepts (chat and Responses)', async () => {
  const schemas = generatedSchemas(50);
  const failures: string[] = [];
  for (const [i, schema] of schemas.entries()) {
    let text: string;
    if (i % 2 === 0) {
      const c = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: article,
        response_format: { type: 'json_schema', json_schema: { name: `schema_${i}`, schema, strict: true } },
      });
      text = c.choices[0]!.message.content!;
    } else {
      const r = await client.responses.create({ model: 'gpt-4o-mini', input: ARTICLE, text: { format: { type: 'json_schema', name: `schema_${i}`, schema, strict: true } } });
      text = r.output_text;
    }
    const errors = ajvErrors(schema, JSON.parse(text));
    if (errors.length) failures.push(`schema ${i}: ${errors.join('; ')}\n${JSON.stringify(schema)}\n${text}`);
  }
  assert.deepEqual(failures, []);
});

test('llm structured: the seed chain shapes (classify → summarize → sentiment) get answers of the right kinds', async () => {
  const ask = async (name: keyof typeof CHAIN_SCHEMAS, prompt: string) => {
    const c = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: prompt }],
      response_format: { type: 'json_schema', json_schema: { name, schema: CHAIN_SCHEMAS[name], strict: true } },
    });
    const value = JSON.parse(c.choices[0]!.message.content!) as Record<string, unknown>;
    assert.deepEqual(ajvErrors(CHAIN_SCHEMAS[name], value), [], name);
    return value;
  };
  assert.deepEqual(await ask('classify', `Classify this: ${ARTICLE}`), { category: 'bug' });
  const summary = await ask('summarize', `Summarize this bug text: ${ARTICLE}`);
  assert.ok((summary.summary as string).length < ARTICLE.length && ARTICLE.includes((summary.summary as string).split('. ')[1]!.replace(/\.$/, '')));
  assert.equal((await ask('sentiment', `Analyze sentiment: ${ARTICLE}`)).sentiment, 'negative');
  assert.equal((await ask('sentiment', 'Analyze sentiment: I love this release, it works great')).sentiment, 'positive');
});

test('llm structured: strict mode refuses what OpenAI refuses, naming it in a 400', async () => {
  const refuse = async (schema: Schema, strict: boolean, pattern: RegExp) => {
    const res = await postJson(`${server.base}/chat/completions`, {
      model: 'gpt-4o-mini',
      messages: article,
      response_format: { type: 'json_schema', json_schema: { name: 'shape', schema, strict } },
    });
    const body = (await res.json()) as { error: { message: string; type: string; param: string } };
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(body.error.type, 'invalid_request_error');
    assert.equal(body.error.param, 'response_format');
    assert.match(body.error.message, pattern);
    assert.equal(res.headers.get('x-localhooks-error'), 'LH_LLM_BAD_REQUEST');
  };
  const obj = (properties: Schema, extra: Schema = {}) => ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false, ...extra });
  await refuse(obj({ a: { oneOf: [{ type: 'string' }, { type: 'number' }] } }), true, /Invalid schema for response_format 'shape': In context=\('properties', 'a'\), 'oneOf' is not permitted\./);
  await refuse({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, true, /'additionalProperties' is required to be supplied and to be false/);
  await refuse({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a'], additionalProperties: false }, true, /Missing 'b'/);
  await refuse({ type: 'array', items: { type: 'string' } }, true, /must be a JSON Schema of 'type: "object"', got 'type: "array"'/);
  await refuse(obj({ a: { type: 'string', format: 'credit-card' } }), true, /'format' 'credit-card' is not permitted/);
  await refuse(obj({ a: { type: 'array', items: { type: 'string' }, uniqueItems: true } }), false, /'uniqueItems' is not permitted/);
  await refuse(obj({ a: { type: 'string', pattern: '^(?=.*\\d)\\w+$' } }), false, /pattern.*lookaround/);
  await refuse(obj({ a: { type: 'integer', minimum: 3, maximum: 4, multipleOf: 5 } }), false, /no number meets the bounds/);
  await refuse(obj({ a: { $ref: '#/$defs/missing' } }), true, /'\$ref' "#\/\$defs\/missing" must point into this schema/);
});

test('llm structured: non-strict schemas may leave properties optional; the answer still validates', async () => {
  const schema = {
    type: 'object',
    properties: { name: { type: 'string', minLength: 2, maxLength: 12 }, age: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
    required: ['name'],
  };
  const c = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Name: Ada Lovelace\nAge: 36\nWrite a short profile.' }],
    response_format: { type: 'json_schema', json_schema: { name: 'profile', schema } },
  });
  const value = JSON.parse(c.choices[0]!.message.content!) as { name: string; age: number };
  assert.deepEqual(ajvErrors(schema, value), []);
  assert.equal(value.name, 'Ada Lovelace', 'a "Name: …" line fills the name field');
  assert.equal(value.age, 36);
});

test('llm structured: JSON mode needs the word JSON, and fills the keys the prompt shows', async () => {
  const refused = await postJson(`${server.base}/chat/completions`, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Classify this: it crashes' }], response_format: { type: 'json_object' } });
  assert.equal(refused.status, 400);
  assert.match(((await refused.json()) as { error: { message: string } }).error.message, /must contain the word 'json'/);

  const c = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'system', content: 'Answer in JSON like {"category": "bug", "sentiment": "neutral", "score": 1}.' }, { role: 'user', content: ARTICLE }],
    response_format: { type: 'json_object' },
  });
  const value = JSON.parse(c.choices[0]!.message.content!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(value), ['category', 'sentiment', 'score']);
  assert.equal(value.sentiment, 'negative');
  assert.equal(typeof value.score, 'number');

  const plain = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Summarize as json: ${ARTICLE}` }], response_format: { type: 'json_object' } });
  assert.match((JSON.parse(plain.choices[0]!.message.content!) as { answer: string }).answer, /^Crash on startup/);
});

test('llm structured: an explicit max_tokens cuts the JSON mid-object with finish_reason length, as a model would', async () => {
  const c = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: article,
    max_tokens: 8,
    response_format: { type: 'json_schema', json_schema: { name: 'issue', schema: CHAIN_SCHEMAS.summarize, strict: true } },
  });
  assert.equal(c.choices[0]!.finish_reason, 'length');
  assert.throws(() => JSON.parse(c.choices[0]!.message.content!));
  await assert.rejects(
    client.chat.completions.parse({ model: 'gpt-4o-mini', messages: article, max_tokens: 8, response_format: zodResponseFormat(z.object({ summary: z.string() }), 'short') }),
    (err: unknown) => err instanceof Error && err.constructor.name === 'LengthFinishReasonError',
  );
});
