import { queryString, seg, type Tool } from './tool.js';

const topic = { type: 'string', minLength: 1, description: 'a queue topic (worker name)' };
const snapshotName = { type: 'string', pattern: '^[A-Za-z0-9_.-]+$', description: 'letters, digits, ., - and _' };

const queueStatus: Tool = {
  name: 'queue_status',
  description: 'Every queue topic with its counts: waiting, scheduled (runAt ahead), leased, failed (backing off), dead, done.',
  input: { type: 'object', properties: {} },
  run: (_a, ctx) => ctx.admin.get('/queues'),
};

const deadLetters: Tool = {
  name: 'dead_letters',
  description: 'Queue items that ran out of retries, with their payload and last error.',
  input: { type: 'object', properties: { topic } },
  run: (a, ctx) => ctx.admin.get(`/queues/dead${queryString({ topic: a.topic })}`),
};

const retryDeadLetters: Tool = {
  name: 'retry_dead_letters',
  description: 'Send dead letters back to their queue: one by `id`, or every one (of a `topic`).',
  input: { type: 'object', properties: { id: { type: 'string', minLength: 1 }, topic } },
  run: (a, ctx) => (a.id !== undefined ? ctx.admin.send('POST', `/queues/dead/${seg(a.id)}/retry`) : ctx.admin.send('POST', `/queues/dead/retry${queryString({ topic: a.topic })}`)),
};

const workflowStatus: Tool = {
  name: 'workflow_status',
  description: 'Workflow instances per workflow and step: running, waiting, failed, done; `instances` lists them (filter by workflow and state).',
  input: {
    type: 'object',
    properties: {
      workflow: { type: 'string', minLength: 1 },
      state: { type: 'string', enum: ['running', 'waiting', 'failed', 'cancelled', 'done'] },
      instances: { type: 'boolean', description: 'list instances (newest first) instead of the report' },
      limit: { type: 'integer', minimum: 1, maximum: 1000 },
    },
  },
  run: (a, ctx) =>
    a.instances === true || a.state !== undefined || a.workflow !== undefined
      ? ctx.admin.get(`/workflows/instances${queryString({ workflow: a.workflow, state: a.state, order: 'newest', limit: a.limit ?? 20 })}`)
      : ctx.admin.get('/workflows/status'),
};

const workflowInstance: Tool = {
  name: 'workflow_instance',
  description: "One workflow instance's timeline: each step with its state before and after, errors, and the resume URL of a waiting instance.",
  input: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, description: 'the instance _id' } } },
  run: (a, ctx) => ctx.admin.get(`/workflows/instances/${seg(a.id)}/timeline`),
};

const listJobs: Tool = {
  name: 'list_jobs',
  description: 'Cron jobs with their next runs and the last result.',
  input: { type: 'object', properties: {} },
  run: (_a, ctx) => ctx.admin.get('/jobs'),
};

const runJob: Tool = {
  name: 'run_job',
  description: 'Run one cron job now (by 1-based index, id or cron expression); answers when it finished, with its result.',
  input: { type: 'object', required: ['job'], properties: { job: { type: ['integer', 'string'], minimum: 1, minLength: 1 } } },
  run: (a, ctx) => ctx.admin.send('POST', `/jobs/${seg(a.job)}/run`),
};

const advanceClock: Tool = {
  name: 'advance_clock',
  description: "Move the server's clock ahead (`by`: 90s, 2h, 1d or ms), running what falls due on the way (TTL expiry, cron, runAt, retries); `reset: true` goes back to real time. Without arguments: the clock and what is due next.",
  input: { type: 'object', properties: { by: { type: ['string', 'integer'], minLength: 1, minimum: 1 }, reset: { type: 'boolean' } } },
  run: (a, ctx) => (a.reset === true ? ctx.admin.send('POST', '/clock/reset') : a.by !== undefined ? ctx.admin.send('POST', '/clock/advance', { by: a.by }) : ctx.admin.get('/clock')),
};

const saveSnapshot: Tool = {
  name: 'save_snapshot',
  description: 'Save every collection, key, queue item, workflow and file under a name, to restore later.',
  input: { type: 'object', required: ['name'], properties: { name: snapshotName } },
  run: (a, ctx) => ctx.admin.send('POST', '/snapshots', { name: a.name }),
};

const restoreSnapshot: Tool = {
  name: 'restore_snapshot',
  description: 'Put the data back as it was when a snapshot was saved. Without a name: the list of snapshots.',
  input: { type: 'object', properties: { name: snapshotName } },
  run: (a, ctx) => (a.name === undefined ? ctx.admin.get('/snapshots') : ctx.admin.send('POST', `/snapshots/${seg(a.name)}/restore`)),
};

const llmCalls: Tool = {
  name: 'llm_calls',
  description: 'The calls the app made to the offline LLM (OpenAI / Anthropic APIs), newest first, with the request, the answer and tokens; also the mode.',
  input: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, description: 'default 10' } } },
  async run(a, ctx) {
    const [status, journal] = await Promise.all([ctx.admin.get<Record<string, unknown>>('/llm'), ctx.admin.get<Record<string, unknown>>(`/llm/calls?limit=${(a.limit as number | undefined) ?? 10}`)]);
    return { mode: status.mode, ...journal };
  },
};

const llmFaults: Tool = {
  name: 'llm_faults',
  description: "The offline LLM's fault settings: without arguments the rules in force; `spec` replaces them (like \"429:first2,latency:200ms\" or \"500:0.1@/responses\"); `clear: true` removes them.",
  input: { type: 'object', properties: { spec: { type: 'string', minLength: 1 }, clear: { type: 'boolean' } } },
  run: (a, ctx) => (a.clear === true ? ctx.admin.send('DELETE', '/llm/faults') : a.spec !== undefined ? ctx.admin.send('PUT', '/llm/faults', { spec: a.spec }) : ctx.admin.get('/llm/faults')),
};

export const OPS_TOOLS: Tool[] = [queueStatus, deadLetters, retryDeadLetters, workflowStatus, workflowInstance, listJobs, runJob, advanceClock, saveSnapshot, restoreSnapshot, llmCalls, llmFaults];
