// The test kit's LLM controls over the new endpoints: `server.llm.calls` journals Responses and Messages calls,
// `reply` and `fail` (status, cut, malformed) script them, and `faults` sets server-wide rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startTestServer } from '../../../runtime/testing.js';
import { FIXTURES } from '../../helpers/app-server.js';

test('test kit llm: calls, reply and fail cover Responses and Anthropic Messages', async () => {
  const s = await startTestServer({ appDir: join(FIXTURES, 'testkit-app') });
  try {
    const base = `${s.origin}/.localhooks/llm/v1`;
    const openai = new OpenAI({ baseURL: base, apiKey: 'sk-local', maxRetries: 0 });
    const claude = new Anthropic({ baseURL: base.replace(/\/v1$/, ''), apiKey: 'sk-ant-local', maxRetries: 0 });
    const ask = (content: string) => claude.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content }] });

    s.llm.reply('triage', 'scripted: looks like a bug', { times: 2 });
    s.llm.fail(429, { match: 'rate me', retryAfter: 4 });
    s.llm.fail('cut', { match: 'cut me' });
    s.llm.fail('malformed', { match: 'garble me' });

    const r = await openai.responses.create({ model: 'gpt-4o-mini', instructions: 'You triage issues.', input: 'Please triage: it crashes' });
    assert.equal(r.output_text, 'scripted: looks like a bug');
    assert.equal(((await ask('triage this too')).content[0] as Anthropic.TextBlock).text, 'scripted: looks like a bug');
    await assert.rejects(ask('rate me'), (err: unknown) => err instanceof Anthropic.RateLimitError && err.headers?.get('retry-after') === '4');
    await assert.rejects(openai.responses.create({ model: 'gpt-4o-mini', input: 'cut me' }), /terminated/);
    await assert.rejects(openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'garble me' }] }), SyntaxError);
    const tool = await openai.responses.create({
      model: 'gpt-4o-mini',
      input: 'What is the weather in Bergen?',
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }, strict: true }],
    });
    assert.equal(tool.output[0]!.type, 'function_call');

    const calls = s.llm.calls;
    assert.deepEqual(
      calls.map((c) => [c.route, c.status, c.scripted, c.fault && `${c.fault.kind}:${c.fault.status}:${c.fault.source}`]),
      [
        ['POST /responses', 200, true, null],
        ['POST /messages', 200, true, null],
        ['POST /messages', 429, false, 'status:429:script'],
        ['POST /responses', 200, false, 'cut:200:script'],
        ['POST /chat/completions', 200, false, 'malformed:200:script'],
        ['POST /responses', 200, false, null],
      ],
    );
    assert.equal(calls[0]!.prompt, 'You triage issues.\nPlease triage: it crashes');
    assert.equal(calls[1]!.prompt, 'Be brief.\ntriage this too');
    assert.equal(calls[1]!.model, 'claude-haiku-4-5');
    assert.equal(calls[5]!.answer, 'get_weather({"city":"Bergen"})');

    s.llm.faults.set('500:first1@/messages');
    await assert.rejects(ask('hello'), Anthropic.InternalServerError);
    assert.equal(s.llm.calls.at(-1)!.fault?.source, 'faults');
    assert.equal(s.llm.faults.snapshot().rules[0]!.left, 0);
    s.llm.reset();
    assert.equal(s.llm.faults.snapshot().spec, '');
    assert.deepEqual(s.llm.calls, []);
    assert.throws(() => s.llm.fail('explode' as never), { code: 'LH_LLM_CONFIG' });
  } finally {
    await s.stop();
  }
});
