// The seed's retry helper against injected rate limits: it sleeps 2 s then 4 s (real time, its own
// setTimeout) and gets its summary on the third call. ~6 s, in its own file so it overlaps the other tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { llmStats } from '../../../runtime/llm/index.js';
import { postJson, startFixture } from '../../helpers/app-server.js';
import { ARTICLE, FULL_PATH, waitCompleted, waitPath } from './summarizer-app.js';

const CHAT = 'POST /chat/completions';

test('LLM faults 429:first2: the seed backs off 2 s + 4 s, the third call succeeds, the workflow completes', async () => {
  const app = await startFixture('summarizer', { llm: { mode: 'offline', faults: '429:first2' } });
  try {
    const before = llmStats();
    const started = Date.now();
    const res = await app.json<{ _id: string }>('/summaries', postJson({ text: ARTICLE }));
    assert.equal(res.status, 200);
    assert.equal(await waitPath(app, res.body._id, 20_000), FULL_PATH);
    const elapsed = Date.now() - started;
    await waitCompleted(app, 1);
    const now = llmStats();
    assert.equal((now.byRoute[CHAT] ?? 0) - (before.byRoute[CHAT] ?? 0), 3, 'the endpoint saw 3 chat calls');
    assert.equal(now.faultsInjected - before.faultsInjected, 2);
    assert.equal(now.errors - before.errors, 2);
    assert.equal(app.logs.text().match(/injected 429 on POST \/chat\/completions/g)?.length, 2);
    assert.ok(elapsed >= 6000, `backed off ${elapsed} ms, expected at least 2000 + 4000`);
    const [doc] = (await app.json<Array<{ summary: string }>>('/summaries')).body;
    assert.ok(doc && ARTICLE.includes(doc.summary.split('. ')[0]!.replace(/\.$/, '')), 'a summary was stored after the retries');
  } finally {
    await app.close();
  }
});
