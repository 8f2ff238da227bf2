// The summarizer workflow in TypeScript, calling the model through the official `openai` client.
// Same routes and steps as the JavaScript llm-workflow template:
//   start → checkCache → callOpenAI → cacheAndStore → store → finish   (start → checkCache → finish when cached)
import { app, Datastore, type httpRequest, type httpResponse } from 'codehooks-js';
import OpenAI from 'openai';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const MODEL = 'gpt-4o-mini';
const CACHE_TTL_MS = 60 * 1000;

/** What travels from step to step (the workflow engine adds its own fields, such as `_id`). */
interface SummaryState {
  _id?: string;
  text: string;
  source?: string;
  repository?: string | null;
  summary?: string;
  cached?: boolean;
  steps?: string[];
  error?: string;
}

type StepName = 'start' | 'checkCache' | 'callOpenAI' | 'cacheAndStore' | 'store' | 'finish';
type Goto = (next: StepName | null, state: SummaryState) => void;
type Step = (state: SummaryState, goto: Goto) => Promise<void>;

interface SummaryDoc {
  _id: string;
  text: string;
  summary: string;
  cached: boolean;
  source: string;
  repository: string | null;
  createdAt: string;
}

// Created on first use, not at import: `new OpenAI()` throws when OPENAI_API_KEY is missing. It reads
// OPENAI_API_KEY and OPENAI_BASE_URL from the environment (localhooks points the base URL at its offline
// endpoint), and retries 429s and 5xx itself with backoff, honouring `retry-after`.
let client: OpenAI | undefined;
function openai(): OpenAI {
  client ??= new OpenAI({ maxRetries: 3 });
  return client;
}

const cacheKey = (text: string): string => `summary:${createHash('md5').update(text).digest('hex')}`;
const withStep = (state: SummaryState, step: StepName): SummaryState => ({ ...state, steps: [...(state.steps ?? []), step] });

async function summarize(text: string): Promise<string> {
  const completion = await openai().chat.completions.create({
    model: MODEL,
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: `Summarize this:\n\n${text}` },
    ],
    temperature: 0.3,
    max_tokens: 300,
  });
  return completion.choices[0]?.message.content?.trim() ?? '';
}

/** GitHub's `x-hub-signature-256`: `sha256=` + HMAC-SHA256 (hex) of the exact request body. */
function verifyGitHubSignature(rawBody: string, header: unknown, secret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(header);
  // timingSafeEqual throws on different lengths, so compare the lengths first.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const steps: Record<StepName, Step> = {
  start: async (state, goto) => {
    if (!state?.text) return goto(null, { ...state, error: 'Missing text input' });
    goto('checkCache', { ...state, steps: ['start'] });
  },

  checkCache: async (state, goto) => {
    const db = await Datastore.open();
    const cached = await db.get(cacheKey(state.text));
    const next = withStep(state, 'checkCache');
    // A cache hit skips the model call and does not store a duplicate.
    if (cached) return goto('finish', { ...next, summary: String(cached), cached: true });
    goto('callOpenAI', next);
  },

  callOpenAI: async (state, goto) => {
    const summary = await summarize(state.text);
    goto('cacheAndStore', { ...withStep(state, 'callOpenAI'), summary });
  },

  cacheAndStore: async (state, goto) => {
    const db = await Datastore.open();
    await db.set(cacheKey(state.text), state.summary ?? '', { ttl: CACHE_TTL_MS });
    goto('store', withStep(state, 'cacheAndStore'));
  },

  store: async (state, goto) => {
    const db = await Datastore.open();
    const doc = (await db.insertOne('summaries', {
      text: state.text,
      summary: state.summary,
      cached: !!state.cached,
      source: state.source ?? 'api',
      repository: state.repository ?? null,
      createdAt: new Date().toISOString(),
    })) as SummaryDoc;
    goto('finish', { ...withStep(state, 'store'), summary: doc.summary });
  },

  finish: async (state, goto) => {
    const done = withStep(state, 'finish');
    console.log('Workflow finished');
    console.log('WorkflowId:', state._id ?? 'N/A');
    console.log('Steps executed:', done.steps!.join(' → '));
    goto(null, done);
  },
};

const summarizeWorkflow = app.createWorkflow('summarize', 'Summarize text using OpenAI and store the result', steps);

/** Pulls the text out of a GitHub issue or comment event, or a generic `{content|text|message}` payload. */
function webhookText(body: Record<string, any>): { text: string; source: string } {
  if (body.issue) return { text: `${body.issue.title}\n\n${body.issue.body ?? ''}`, source: `github-issue-${body.issue.number}` };
  if (body.comment) return { text: String(body.comment.body ?? ''), source: `github-comment-${body.comment.id}` };
  return { text: String(body.content ?? body.text ?? body.message ?? ''), source: 'webhook' };
}

app.post('/summaries', async (req: httpRequest, res: httpResponse) => {
  const text: unknown = req.body?.text;
  if (typeof text !== 'string' || text.trim() === '') return res.status(400).json({ error: 'Body must be {"text": "..."}' });
  res.json(await summarizeWorkflow.start({ text }));
});

app.get('/summaries', async (req: httpRequest, res: httpResponse) => {
  const db = await Datastore.open();
  const items = (await db.getMany('summaries', {}, { sort: { createdAt: -1 }, limit: 10 }).toArray()) as SummaryDoc[];
  res.json(items);
});

app.post('/webhook/summarize', async (req: httpRequest, res: httpResponse) => {
  const secret = process.env.GITHUB_WEBHOOK_SECRET;
  if (secret && !verifyGitHubSignature(req.rawBody, req.headers['x-hub-signature-256'], secret)) {
    return res.status(401).json({ error: 'Invalid signature' });
  }
  const { text, source } = webhookText(req.body ?? {});
  if (text.trim() === '') return res.status(400).json({ error: 'No text content in webhook payload' });
  const instance = await summarizeWorkflow.start({ text: text.trim(), source, repository: req.body.repository?.full_name ?? 'unknown' });
  // Acknowledge at once; the workflow runs in the background.
  res.json({ status: 'processing', workflowId: instance._id });
});

export default app.init();
