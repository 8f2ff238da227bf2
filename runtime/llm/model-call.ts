import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CompletionMeta } from './chat-completion.js';
import { FAULT_NOTES, injectedError, type FaultBoard, type FaultDecision } from './fault-board.js';
import type { DeliveryPlan } from './fault-delivery.js';
import { delay } from './faults.js';
import { promptText, type LlmCall } from './journal.js';
import type { ResolvedLlmOptions } from './options.js';
import { proxyCall, replayCall } from './proxy.js';
import type { RecordingStore } from './recording.store.js';
import { sendFrames } from './sse.js';

// Long documents go into summarize prompts; fastify's 1 MiB default is too small for them.
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
/** Answers a call with a test's scripted text, in the route's own shape. */
export type ScriptedHandler = (request: FastifyRequest, reply: FastifyReply, content: string) => unknown;

/** What the routes of one server share: options, recordings, fault rules, and per-call bookkeeping. */
export class LlmContext {
  readonly o: ResolvedLlmOptions;
  readonly recordings: RecordingStore | null;
  readonly faults: FaultBoard;
  /** The journal entry of each model call in flight, with its arrival time for the latency. */
  readonly journaled = new WeakMap<FastifyRequest, { call: LlmCall; started: number }>();
  /** How each answer leaves (pace, cut, malformed), applied as it is sent. */
  readonly plans = new WeakMap<FastifyRequest, DeliveryPlan>();
  #calls = 0;

  constructor(o: ResolvedLlmOptions, recordings: RecordingStore | null) {
    this.o = o;
    this.recordings = recordings;
    this.faults = o.faults;
  }

  meta(prefix: string, model: string, body: unknown): CompletionMeta {
    return {
      // Unique per call (the counter) yet reproducible from a fresh start (no randomness).
      id: `${prefix}${createHash('sha256').update(`${++this.#calls}\n${JSON.stringify(body)}`).digest('hex').slice(0, 29)}`,
      created: Math.floor(this.o.clock.now() / 1000),
      model,
    };
  }

  /** What the journal shows as the answer (a stream has no parsed body to read it from). */
  noteAnswer(request: FastifyRequest, text: string): void {
    const j = this.journaled.get(request);
    if (j) j.call.answer = text;
  }

  /** Sends a stream this server made, noting its length so a cut or malformed event falls mid-way. */
  sendFrames(request: FastifyRequest, reply: FastifyReply, frames: string[]): FastifyReply {
    const plan = this.plans.get(request);
    if (plan) plan.frames = frames.length;
    return sendFrames(reply, frames);
  }

  /**
   * Model calls: the test's script first (a scripted fault or reply), then the fault rules (latency, then a
   * failure), then the answer: offline, from the upstream, or from a recording.
   */
  modelCall(path: string, offline: Handler, scripted?: ScriptedHandler): Handler {
    return async (request, reply) => {
      const { o } = this;
      const route = `POST ${path}`;
      const prompt = promptText(request.body);
      const model = (request.body as { model?: unknown } | undefined)?.model;
      const modelName = typeof model === 'string' ? model : null;
      const call = o.journal?.open(route, request.body, prompt, o.clock.now());
      if (call) this.journaled.set(request, { call, started: performance.now() });
      const decision = o.script?.take({ route, model: modelName, prompt, body: request.body }, { replies: scripted !== undefined }) ?? null;
      let fault: FaultDecision | null = null;
      let source: 'script' | 'faults' = 'script';
      if (decision?.kind === 'fail') fault = decision.fault;
      else if (this.faults.active) {
        await delay(o.clock, this.faults.latencyMs);
        fault = this.faults.decide({ route: path, model: modelName });
        source = 'faults';
      }
      if (fault) {
        o.stats.fault();
        const status = fault.kind === 'status' ? fault.status : 200;
        if (call) call.fault = { kind: fault.kind, status, source };
        o.logger.info(`llm: injected ${fault.kind === 'status' ? status : fault.kind} on ${request.method} ${path}${source === 'script' ? ' (scripted by the test)' : ''}`);
        if (fault.kind === 'status') throw injectedError(status, modelName ?? 'gpt-4o-mini', fault.retryAfterSec, FAULT_NOTES[source]);
      }
      const pace = this.faults.tokensPerSec;
      if (fault || pace > 0) this.plans.set(request, { fault: fault ? fault.kind : null, tokensPerSec: pace });
      if (decision?.kind === 'reply' && scripted) {
        if (call) call.scripted = true;
        this.noteAnswer(request, decision.content);
        return scripted(request, reply, decision.content);
      }
      if (o.mode === 'offline') return offline(request, reply);
      if (o.mode === 'replay') return replayCall(this.recordings!, request, reply, path);
      return proxyCall(o, this.recordings, request, reply, path);
    };
  }
}
