import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldRole, PromptFacts } from '../../../runtime/llm/facts.js';
import { promptParts } from '../../../runtime/llm/prompt.js';
import { fitNumber } from '../../../runtime/llm/schema/number-values.js';
import { samplePattern, UnsupportedPattern } from '../../../runtime/llm/schema/regex-sample.js';
import { checkSchema } from '../../../runtime/llm/schema/schema-check.js';
import { fillSchema, SchemaFillError } from '../../../runtime/llm/schema/schema-fill.js';
import { chooseString } from '../../../runtime/llm/schema/string-values.js';
import { ajvErrors } from '../../helpers/json-schemas.js';

const facts = (user: string, system = '') => new PromptFacts(promptParts([...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: user }]));

test('llm regex sample: common pattern constructs give a matching string', () => {
  for (const p of ['^[A-Z]{3}-\\d{4}$', '^\\d{5}(-\\d{4})?$', '^(?:red|green|blue)$', '^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$', '^v\\d+\\.\\d+\\.\\d+$', '^\\u00e9+x*$', '^(?<year>\\d{4})-[01]\\d$', 'abc', '^[\\w.-]+$', '^\\[\\]\\{\\}$']) {
    const s = samplePattern(p);
    assert.match(s, new RegExp(p, 'u'), `${p} → ${JSON.stringify(s)}`);
  }
  assert.equal(samplePattern('^a{2,}$', 3), 'aaaaa', 'stretch adds repetitions');
  for (const p of ['^(?=.*\\d).+$', '(a)\\1', '\\bword\\b', '\\p{L}+']) assert.throws(() => samplePattern(p), UnsupportedPattern, p);
});

test('llm string values: format and pattern together, lengths, and a clear error when nothing fits', () => {
  assert.equal(chooseString({ format: 'email', pattern: '^[a-z]+@example\\.com$' }, [], 'x'), 'user@example.com');
  assert.equal(chooseString({ minLength: 13 }, ['short'], 'filler'), 'short filler filler');
  assert.equal(chooseString({ maxLength: 10 }, ['a long answer that goes on'], 'x'), 'a long');
  assert.throws(() => chooseString({ pattern: '^\\d{3}$', minLength: 5 }, [], 'x'), /meets the other string constraints/);
});

test('llm number values: bounds, exclusive bounds, integers and multipleOf as ajv checks them', () => {
  assert.equal(fitNumber({ minimum: 3, maximum: 5 }, 1, true), 3);
  assert.equal(fitNumber({ exclusiveMinimum: 0, exclusiveMaximum: 1 }, 1, false), 0.5);
  assert.equal(fitNumber({ exclusiveMinimum: 4 }, 1, true), 5);
  // 0.3 / 0.1 is 2.9999999999999996 in floating point, which ajv rejects: the next multiple that divides evenly.
  const tenth = fitNumber({ multipleOf: 0.1, minimum: 0.25 }, 0.3, false)!;
  assert.ok(tenth >= 0.25 && Number.isInteger(tenth / 0.1), String(tenth));
  assert.equal(fitNumber({ multipleOf: 7, minimum: 10, maximum: 20 }, 1, true), 14);
  assert.equal(fitNumber({ multipleOf: 5, minimum: 1, maximum: 4 }, 1, true), null);
});

test('llm schema check: strict-mode rules and unsupported keywords are named with their context', () => {
  const use = { label: "response_format 'x'", param: 'response_format', strict: true };
  const ok = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
  assert.doesNotThrow(() => checkSchema(ok, use));
  assert.throws(() => checkSchema({ ...ok, properties: { a: { allOf: [] } } }, use), /In context=\('properties', 'a'\), 'allOf' is not permitted/);
  assert.throws(() => checkSchema({ ...ok, properties: { a: { type: 'array', items: [{ type: 'string' }] } } }, use), /tuples are not permitted/);
  assert.throws(() => checkSchema({ ...ok, properties: { a: { type: 'strin' } } }, use), /"strin" is not a valid type/);
  assert.throws(() => checkSchema({ ...ok, properties: { a: { type: 'string', pattern: '(' } } }, use), /not a valid regular expression/);
  assert.doesNotThrow(() => checkSchema({ type: 'array', items: { type: 'string' } }, { ...use, strict: false }), 'non-strict: any root');
});

test('llm schema fill: fields named like the responders get their content; others get fixed filler', () => {
  const text = 'Billing: I was charged twice for my subscription this month and I am very unhappy about it. Please refund.';
  const schema = {
    type: 'object',
    properties: {
      ticket: {
        type: 'object',
        properties: {
          issueCategory: { type: 'string', enum: ['technical', 'billing', 'other'] },
          customerSentiment: { type: 'string', enum: ['happy', 'upset', 'calm'] },
          urgency: { type: 'string', enum: ['low', 'medium', 'high'] },
          tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
          needsRefund: { type: 'boolean' },
          ticketRef: { type: 'string' },
        },
        required: ['issueCategory', 'customerSentiment', 'urgency', 'tags', 'needsRefund', 'ticketRef'],
        additionalProperties: false,
      },
    },
    required: ['ticket'],
    additionalProperties: false,
  };
  const value = fillSchema(schema, { facts: facts(text) }) as { ticket: Record<string, unknown> };
  assert.deepEqual(ajvErrors(schema, value), []);
  assert.deepEqual(value.ticket, {
    issueCategory: 'billing',
    customerSentiment: 'upset',
    urgency: 'low',
    tags: ['billing', 'charged', 'twice'],
    needsRefund: true,
    ticketRef: 'sample ticket ref',
  });
  assert.deepEqual(fillSchema(schema, { facts: facts(text) }), value, 'deterministic');
  assert.deepEqual(['summary', 'issueCategory', 'sentiment_label', 'keywords', 'headline', 'confidence', 'city', 'x'].map(fieldRole), [
    'summary', 'category', 'sentiment', 'keywords', 'title', 'confidence', 'place', null,
  ]);
});

test('llm schema fill: recursion ends, and a contradiction is a SchemaFillError naming the path', () => {
  const tree = { $defs: { node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } }, required: ['children'] } }, $ref: '#/$defs/node' };
  assert.deepEqual(ajvErrors(tree, fillSchema(tree, { facts: facts('hi') })), []);
  const endless = { type: 'object', properties: { next: { $ref: '#' } }, required: ['next'] };
  assert.throws(() => fillSchema(endless, { facts: facts('hi') }), (err: unknown) => err instanceof SchemaFillError && /without end/.test(err.message));
  const impossible = { type: 'object', required: ['a'], additionalProperties: false };
  assert.throws(() => fillSchema(impossible, { facts: facts('hi') }), /'a' is required but not in 'properties'/);
});
