// Each kind of injected fault, seen through the real clients the way they see it from the real services: rate
// limits with Retry-After (and the clients' own retries), server errors, a connection cut mid-way, a body that
// is not JSON, time to first token and a token rate; rules per route and per model, changed at run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { FakeClock } from '../../../runtime/clock.js';
import { ADMIN_API, LLM_PREFIX } from '../../../runtime/admin/prefix.js';
import { startFixture } from '../../helpers/app-server.js';
import { ARTICLE, postJson, startLlm } from './llm-server.js';

const summarize: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: `Summarize this:\n\n${ARTICLE}` }];
const clients = (base: string, retries = 0) => ({
  openai: new OpenAI({ baseURL: base, apiKey: 'sk-local', maxRetries: retries }),
  anthropic: new Anthropic({ baseURL: base.replace(/\/v1$/, ''), apiKey: 'sk-ant-local', maxRetries: retries }),
});

test('llm fault kinds: 429 with Retry-After, per route, as each client raises it', async () => {
  const server = await startLlm({ faults: '429:first1@/responses,429:first1@/messages,retry-after:3' });
  try {
    const { openai, anthropic } = clients(server.base);
    await assert.rejects(openai.responses.create({ model: 'gpt-4o-mini', input: 'hi' }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.RateLimitError);
      assert.equal(err.headers?.get('retry-after'), '3');
      assert.equal(err.headers?.get('retry-after-ms'), '3000');
      assert.equal(err.code, 'rate_limit_exceeded');
      return true;
    });
    await assert.rejects(anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }), (err: unknown) => {
      assert.ok(err instanceof Anthropic.RateLimitError);
      assert.equal(err.type, 'rate_limit_error');
      assert.equal(err.headers?.get('retry-after'), '3');
      assert.equal(err.headers?.get('anthropic-ratelimit-requests-remaining'), '0');
      assert.match(err.requestID ?? '', /^req_/);
      return true;
    });
    // The chat route had no rule: it answers.
    assert.equal((await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: summarize })).choices[0]!.finish_reason, 'stop');
  } finally {
    await server.close();
  }
});

test('llm fault kinds: the clients retry a 429 after retry-after-ms and then succeed', async () => {
  const server = await startLlm({ faults: '429:first1@/responses,429:first1@/messages,retry-after:0.05' });
  try {
    const { openai, anthropic } = clients(server.base, 2);
    const res = await openai.responses.create({ model: 'gpt-4o-mini', input: `Classify this: ${ARTICLE}` });
    assert.equal(res.output_text, 'bug');
    const msg = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'Analyze sentiment: great' }] });
    assert.equal((msg.content[0] as Anthropic.TextBlock).text, 'positive');
    const snap = server.stats.snapshot();
    assert.equal(snap.faultsInjected, 2);
    assert.equal(snap.byRoute['POST /responses'], 2, 'one 429, one retry');
    assert.equal(snap.byRoute['POST /messages'], 2, 'one 429, one retry');
  } finally {
    await server.close();
  }
});

test('llm fault kinds: server errors, per model: OpenAI 500 and Anthropic 529 overloaded', async () => {
  const server = await startLlm({ faults: '500:first1@gpt-4o,529:first1@claude-opus-4-1' });
  try {
    const { openai, anthropic } = clients(server.base);
    await assert.rejects(openai.chat.completions.create({ model: 'gpt-4o', messages: summarize }), OpenAI.InternalServerError);
    await assert.rejects(anthropic.messages.create({ model: 'claude-opus-4-1', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] }), (err: unknown) => {
      assert.ok(err instanceof Anthropic.APIError);
      assert.equal(err.status, 529);
      assert.equal(err.type, 'overloaded_error');
      return true;
    });
    // Other models pass.
    assert.ok((await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: summarize })).choices[0]!.message.content);
  } finally {
    await server.close();
  }
});

test('llm fault kinds: a connection cut mid-way breaks the body or the stream after some deltas', async () => {
  const server = await startLlm({ faults: 'cut:first1@/chat/completions,cut:first1@/messages,cut:first1@/responses' });
  try {
    const { openai, anthropic } = clients(server.base);
    await assert.rejects(openai.chat.completions.create({ model: 'gpt-4o-mini', messages: summarize }), /terminated/);
    let got = '';
    await assert.rejects(async () => {
      const stream = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 300, stream: true, messages: [{ role: 'user', content: `Summarize this:\n\n${ARTICLE}` }] });
      for await (const e of stream) if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') got += e.delta.text;
    }, /terminated/);
    assert.ok(got.length > 0 && ARTICLE.startsWith(got.slice(0, 20)), 'some text arrived before the cut');
    let events = 0;
    await assert.rejects(async () => {
      for await (const _ of await openai.responses.create({ model: 'gpt-4o-mini', input: `Summarize this:\n\n${ARTICLE}`, stream: true })) events++;
    }, /terminated/);
    assert.ok(events > 2);
    const journal = await postJson(`${server.base}/chat/completions`, { model: 'gpt-4o-mini', messages: summarize });
    assert.equal(journal.status, 200, 'each rule took one call');
  } finally {
    await server.close();
  }
});

test('llm fault kinds: a malformed body is a complete response whose JSON does not parse', async () => {
  const server = await startLlm({ faults: 'malformed:first2' });
  try {
    const { openai } = clients(server.base);
    await assert.rejects(openai.chat.completions.create({ model: 'gpt-4o-mini', messages: summarize }), SyntaxError);
    await assert.rejects(async () => {
      for await (const _ of await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: summarize, stream: true }));
    }, SyntaxError);
    assert.equal(server.stats.snapshot().faultsInjected, 2);
  } finally {
    await server.close();
  }
});

test('llm fault kinds: time to first token, then tokens per second, on the injected clock', async () => {
  const clock = new FakeClock();
  const server = await startLlm({ faults: 'ttft:500ms,tps:10', clock });
  try {
    const res = postJson(`${server.base}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'Analyze sentiment: I love it' }], stream: true });
    let settled = false;
    void res.then(() => (settled = true));
    while (clock.pendingTimers() === 0) await new Promise((r) => setImmediate(r));
    await clock.advance(499);
    assert.equal(settled, false, 'no headers before the first token is due');
    await clock.advance(1);
    const body = (await res).body!.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await body.read()).value);
    assert.match(first, /"role":"assistant"/);
    // The rest arrives one event per 100 ms (10 tokens/s): 4 more events ("positive", finish, [DONE]…).
    let rest = '';
    const reading = (async () => {
      for (let r = await body.read(); !r.done; r = await body.read()) rest += decoder.decode(r.value);
    })();
    for (let i = 0; i < 10 && !rest.includes('[DONE]'); i++) {
      while (clock.pendingTimers() === 0 && !rest.includes('[DONE]')) await new Promise((r) => setImmediate(r));
      await clock.advance(100);
    }
    await reading;
    assert.match(rest, /"content":"positive"[\s\S]*data: \[DONE\]/);
  } finally {
    await server.close();
  }
});

test('llm fault kinds: the admin API changes the rules while the server runs, with its CSRF rule', async () => {
  const app = await startFixture('hello-app');
  try {
    const origin = new URL(app.base).origin;
    const api = `${origin}${ADMIN_API}/llm/faults`;
    const chat = () => postJson(`${origin}${LLM_PREFIX}/chat/completions`, { model: 'gpt-4o-mini', messages: summarize });
    assert.equal((await chat()).status, 200);

    const put = await fetch(api, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spec: '503:first1@/chat/completions,latency:0ms' }) });
    assert.equal(put.status, 200);
    const snap = (await put.json()) as { spec: string; rules: Array<{ left: number }> };
    assert.equal(snap.spec, '503:first1@/chat/completions');
    assert.equal((await chat()).status, 503);
    assert.equal((await chat()).status, 200);

    const rules = { rules: [{ kind: 'status', status: 429, first: 1, model: 'gpt-4o-mini' }], retryAfterSec: 7 };
    await fetch(api, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rules) });
    const limited = await chat();
    assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '7']);
    const overview = (await (await fetch(`${origin}${ADMIN_API}/llm`)).json()) as { mode: string; faults: { rules: Array<{ left: number }> } };
    assert.equal(overview.mode, 'offline');
    assert.equal(overview.faults.rules[0]!.left, 0);

    const bad = await fetch(api, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spec: '429:lots' }) });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { code: string; error: string }).code, /LH_LLM_CONFIG/);

    const forged = await fetch(api, { method: 'DELETE' });
    assert.equal(forged.status, 403, 'a state change needs JSON or x-localhooks-client');
    const cleared = await fetch(api, { method: 'DELETE', headers: { 'x-localhooks-client': 'test' } });
    assert.equal(((await cleared.json()) as { spec: string }).spec, '');
  } finally {
    await app.close();
  }
});
