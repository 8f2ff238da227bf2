import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LLM_ERROR_CODES, LlmError } from './errors.js';
import { forward, isEventStream, passedHeaders } from './forward.js';
import type { ResolvedLlmOptions } from './options.js';
import type { Recording, RecordingStore } from './recording.store.js';
import { recordingKey } from './recording.store.js';

/** `live` and `record`: pass the call to the upstream and its answer back, streams included. */
export async function proxyCall(
  o: ResolvedLlmOptions,
  store: RecordingStore | null,
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
): Promise<FastifyReply> {
  const body = request.method === 'GET' ? undefined : request.body;
  const controller = new AbortController();
  // A client that hangs up mid-stream should not keep a local model generating.
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  const res = await forward(o, {
    method: request.method,
    path,
    body,
    callerHeaders: request.headers,
    signal: controller.signal,
  });
  const contentType = res.headers.get('content-type') ?? 'application/json';
  o.logger.debug(`llm: ${request.method} ${path} → upstream ${res.status}`);
  reply.code(res.status).headers(passedHeaders(res));

  // Only answers worth replaying are kept; a recorded 429 would make every replay fail.
  const recorder = o.mode === 'record' && store && res.ok ? makeRecorder(o, store, request.method, path, body, res.status, contentType) : null;

  if (isEventStream(contentType) && res.body) {
    const source = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    if (!recorder) return reply.send(source);
    const parts: Buffer[] = [];
    const tee = new Transform({
      transform(chunk: Buffer, _enc, done) {
        parts.push(chunk);
        done(null, chunk);
      },
      // The recording is on disk before the stream ends, so a replay right after the call finds it.
      flush(done) {
        void recorder({ text: Buffer.concat(parts).toString('utf8') }).then(() => done());
      },
    });
    pipeline(source, tee, (err) => {
      if (err && !controller.signal.aborted) o.logger.warn(`llm: upstream stream for ${path} broke off: ${err.message}`);
    });
    return reply.send(tee);
  }

  const text = await res.text();
  if (recorder) await recorder(parseJson(text));
  return reply.send(text);
}

function parseJson(text: string): Pick<Recording['response'], 'body' | 'text'> {
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { text };
  }
}

function makeRecorder(
  o: ResolvedLlmOptions,
  store: RecordingStore,
  method: string,
  path: string,
  body: unknown,
  status: number,
  contentType: string,
) {
  const key = recordingKey(method, path, body);
  return async (content: Pick<Recording['response'], 'body' | 'text'>): Promise<void> => {
    const recording: Recording = {
      key,
      method,
      path,
      request: body ?? null,
      recordedAt: new Date(o.clock.now()).toISOString(),
      response: { status, contentType, ...content },
    };
    try {
      o.logger.info(`llm: recorded ${method} ${path} → ${await store.save(recording)}`);
    } catch (err) {
      // The caller still gets its answer; the missing file shows up as a replay miss later.
      o.logger.error(`llm: could not save the recording of ${method} ${path}`, err);
    }
  };
}

/** `replay`: answer from the recording of an identical call, or say clearly how to make one. */
export async function replayCall(
  store: RecordingStore,
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
): Promise<FastifyReply> {
  const body = request.method === 'GET' ? undefined : request.body;
  const key = recordingKey(request.method, path, body);
  const recording = await store.load(key);
  if (!recording) {
    throw new LlmError(
      LLM_ERROR_CODES.REPLAY_MISS,
      `No recording of ${request.method} ${path} with this body (hash ${key}) in ${store.dir}. ` +
        'Run once with --llm record to record it; a recording matches only an identical request.',
      { status: 404 },
    );
  }
  const { status, contentType, body: json, text } = recording.response;
  reply.code(status).header('content-type', contentType).header('x-localhooks-recording', key);
  return reply.send(text ?? JSON.stringify(json));
}
