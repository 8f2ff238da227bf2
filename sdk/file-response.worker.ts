import type { FileHandle } from 'node:fs/promises';
import type { HeaderValue, ResponseSink } from './contract/http.js';
import type { FileAnswer } from './files/conditional.js';
import { FILE_CHUNK, type StoreFileStream } from './file-stream.worker.js';
import type { ResponseFlow } from './response-flow.worker.js';

const EMPTY = new Uint8Array(0);

/**
 * Answers a file request the app began streaming, once the response has decided to serve it itself (HEAD,
 * 304, 416, or a 206 range): the app's stream ends, and the file's open handle is used for the answer, so the
 * bytes are those of the version the validators describe even if the file is replaced meanwhile.
 */
export function serveDetached(
  stream: StoreFileStream,
  answer: Exclude<FileAnswer, { kind: 'stream' }>,
  status: number,
  headers: Record<string, HeaderValue>,
  sink: ResponseSink,
  flow: ResponseFlow,
): void {
  const handle = stream.detach();
  const all = { ...headers, ...answer.headers };
  if (answer.kind === 'empty') {
    void handle.close();
    if (answer.status === 304) delete all['content-type'];
    return sink.whole(answer.status, all, EMPTY);
  }
  if (answer.kind === 'head') {
    void handle.close();
    sink.head(status, all);
    return sink.end();
  }
  sink.head(206, all);
  void pump(handle, answer.start, answer.end + 1, sink, flow).finally(() => handle.close());
}

/** Sends bytes `start..end` (exclusive) of the file at the pace the client reads them. */
async function pump(handle: FileHandle, start: number, end: number, sink: ResponseSink, flow: ResponseFlow): Promise<void> {
  let pos = start;
  try {
    while (pos < end) {
      await flow.room();
      if (flow.aborted) break;
      const len = Math.min(FILE_CHUNK, end - pos);
      const buf = Buffer.allocUnsafe(len);
      const { bytesRead } = await handle.read(buf, 0, len, pos);
      // The file was cut short in place (edited, not replaced): the promised length cannot be kept.
      if (bytesRead === 0) return sink.abort('the file became shorter while it was being sent');
      pos += bytesRead;
      flow.sent(bytesRead);
      sink.chunk(bytesRead === len ? buf : buf.subarray(0, bytesRead));
    }
    sink.end();
  } catch (err) {
    sink.abort(`reading the file failed: ${(err as Error).message}`);
  }
}
