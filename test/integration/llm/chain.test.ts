// The blog post's multi-step "classify → summarize → sentiment" workflow (test/fixtures/llm-chain: its three
// steps verbatim) served by localhooks offline: three model calls, three answers of the right kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postJson, startFixture, waitFor } from '../../helpers/app-server.js';

interface Analysis {
  text: string;
  category: string;
  summary: string;
  sentiment: string;
  steps: string[];
}

const ISSUE =
  'The export button crashes the app. When I click export on a large report, the whole window freezes and then closes with an error. ' +
  'This started after the last update. I lose my unsaved work every time, which is really frustrating. Please fix this soon.';
const PRAISE =
  'The new dashboard is wonderful. Charts load fast and the layout is clean. I love how easy it is to share a report with my team. ' +
  'Great work on this release.';

test('llm chain: the seed workflow classifies, summarizes and analyzes sentiment offline', async () => {
  const app = await startFixture('llm-chain');
  try {
    for (const text of [ISSUE, PRAISE]) assert.equal((await app.json('/analyses', postJson({ text }))).status, 200);
    const done = await waitFor(
      async () => {
        const { body } = await app.json<Analysis[]>('/analyses');
        return Array.isArray(body) && body.length === 2 ? body : undefined;
      },
      { what: 'two stored analyses' },
    );
    const issue = done!.find((d) => d.text === ISSUE)!;
    const praise = done!.find((d) => d.text === PRAISE)!;
    for (const d of [issue, praise]) {
      assert.deepEqual(d.steps, ['start', 'classify', 'summarize', 'sentiment', 'store']);
      assert.ok(['bug', 'feature', 'question', 'docs', 'general'].includes(d.category), `a category: ${d.category}`);
      assert.ok(['positive', 'negative', 'neutral'].includes(d.sentiment), `a sentiment: ${d.sentiment}`);
      // An extractive summary: whole sentences of the text, fewer of them.
      const sentences = d.summary.split(/(?<=[.!?])\s+/);
      assert.ok(sentences.length >= 1 && d.summary.length < d.text.length, d.summary);
      for (const s of sentences) assert.ok(d.text.includes(s), `"${s}" is from the text`);
    }
    assert.deepEqual([issue.category, issue.sentiment], ['bug', 'negative']);
    assert.equal(praise.sentiment, 'positive');
    assert.match(issue.summary, /^The export button crashes the app\./);
    assert.equal(app.logs.text().match(/llm: chat answered offline as (classify|summarize|sentiment)/g)?.length, 6);
  } finally {
    await app.close();
  }
});
